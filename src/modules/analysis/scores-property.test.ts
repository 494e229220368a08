import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { answers, localities, responses } from '../../db/schema.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import { apiToken, createTestApp, seedWorld, type TestApp } from '../../../test/helpers.ts';
import { loadFrameworkFiles } from '../framework/repository.ts';
import type { FrameworkVersion } from '../framework/schema.ts';

// Random rounds (from a seeded generator) stored in the database, read back through the
// scores API, and every figure checked against a plain count over the raw answers written
// here from SPEC §6 and the suppression rules (nothing of scores.ts is used).

const ROUNDS = 25;
const MIN = 5;
const AUDIENCES = ['leaders-managers', 'frontline', 'children-young-people', 'parents-carers'];
const SECTORS = ['health', 'schools', 'early-years', null, 'gone'];
const LOCALITIES = [null, 'Northgate', 'Southfield', 'Elsewhere'];

const version = loadFrameworkFiles().find((v) => v.key === '2026.1') as FrameworkVersion;

/** mulberry32 */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const some = <T>(list: readonly T[], count: number): T[] =>
    [...list].sort(() => next() - 0.5).slice(0, count);
  return { next, int, pick, some };
}

interface Respondent {
  id: string;
  sector: string | null;
  audience: string;
  locality: string | null;
}
interface Answer {
  responseId: string;
  itemKey: string;
  value: number;
}

function randomRound(seed: number) {
  const rng = generator(seed);
  // A few areas, a few of their dimensions, some of their items (reverse ones included).
  const chosen = new Set<string>();
  for (const area of rng.some(version.areas, 1 + rng.int(3)))
    for (const d of rng.some(area.dimensions, 1 + rng.int(3)))
      for (const item of rng.some(d.items, 1 + rng.int(d.items.length))) chosen.add(item.key);
  if (rng.next() < 0.6)
    for (const item of version.areas[0]?.dimensions[1]?.items ?? []) chosen.add(item.key);
  const drillItems = version.drillDowns.flatMap((d) => d.practices.flatMap((p) => p.items));
  const items = [...chosen];
  const count = Math.floor(rng.next() ** 1.3 * 41);
  const answerRate = 0.4 + rng.next() * 0.55;
  const respondents: Respondent[] = [];
  const given: Answer[] = [];
  for (let i = 0; i < count; i++) {
    const r: Respondent = {
      id: randomUUID(),
      sector: rng.pick(SECTORS),
      audience: rng.pick(AUDIENCES),
      locality: rng.pick(LOCALITIES),
    };
    respondents.push(r);
    if (rng.next() < 0.05) continue; // a response with no answers at all
    for (const itemKey of items) {
      if (rng.next() > answerRate) continue;
      const v = rng.next();
      given.push({ responseId: r.id, itemKey, value: v < 0.1 ? 8 : v < 0.18 ? 9 : 1 + rng.int(5) });
    }
    if (rng.next() < 0.2)
      given.push({ responseId: r.id, itemKey: rng.pick(drillItems).key, value: 1 + rng.int(5) });
  }
  return { respondents, given };
}

// ---- The expected figures, straight from the raw answers ----

interface Counts {
  '1': number;
  '2': number;
  '3': number;
  '4': number;
  '5': number;
  DK: number;
  NA: number;
}
const zero = (): Counts => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, DK: 0, NA: 0 });
const kindOf = (value: number): keyof Counts =>
  value === 8 ? 'DK' : value === 9 ? 'NA' : (String(value) as '1');
const plus = (a: Counts, b: Counts): Counts => {
  const out = zero();
  for (const k of Object.keys(out) as (keyof Counts)[]) out[k] = a[k] + b[k];
  return out;
};
const totalOf = (c: Counts) => c['1'] + c['2'] + c['3'] + c['4'] + c['5'] + c.DK + c.NA;
const average = (values: number[]) =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;

function stage(score: number | null): number | null {
  if (score === null) return null;
  let found: number | null = null;
  for (const s of version.stages) if (score + 1e-9 >= s.minScore) found = s.number;
  return found;
}

interface ExpectedItem {
  respondents: number | null;
  mean: number | null;
  counts: Counts | null;
  suppressed: boolean;
}
interface ExpectedDimension {
  n: number | null;
  score: number | null;
  stage: number | null;
  counts: Counts | null;
  dontKnowRate: number | null;
  suppressed: boolean;
  items: ExpectedItem[];
}
interface ExpectedArea {
  n: number | null;
  score: number | null;
  stage: number | null;
  counts: Counts | null;
  suppressed: boolean;
  dimensions: ExpectedDimension[];
}
interface ExpectedGroup {
  n: number | null;
  suppressed: boolean;
  areas: ExpectedArea[];
}

function expected(people: Respondent[], all: Answer[], withheld = false): ExpectedGroup {
  const ids = new Set(people.map((p) => p.id));
  const mine = all.filter((a) => ids.has(a.responseId));
  const numericBy = (keys: Set<string>) =>
    new Set(mine.filter((a) => keys.has(a.itemKey) && a.value <= 5).map((a) => a.responseId)).size;
  const areaItems = new Set(
    version.areas.flatMap((a) => a.dimensions.flatMap((d) => d.items.map((i) => i.key))),
  );
  const n = numericBy(areaItems);
  const groupShown = n >= MIN && !withheld;
  const areas = version.areas.map((area): ExpectedArea => {
    const dimensions = area.dimensions.map((d): ExpectedDimension => {
      const raw = d.items.map((item) => {
        const list = mine.filter((a) => a.itemKey === item.key);
        const counts = zero();
        for (const a of list) counts[kindOf(a.value)]++;
        const numeric = list.filter((a) => a.value <= 5);
        const mean = average(numeric.map((a) => (item.reverse ? 6 - a.value : a.value)));
        return { respondents: list.length, mean, counts };
      });
      const dn = numericBy(new Set(d.items.map((i) => i.key)));
      const shown = groupShown && dn >= MIN && raw.some((r) => r.respondents >= MIN);
      const items = raw.map((r): ExpectedItem =>
        shown && r.respondents >= MIN
          ? { ...r, suppressed: false }
          : { respondents: null, mean: null, counts: null, suppressed: true },
      );
      if (!shown)
        return {
          n: null,
          score: null,
          stage: null,
          counts: null,
          dontKnowRate: null,
          suppressed: true,
          items,
        };
      const visible = items.filter((i) => !i.suppressed);
      const counts = visible.reduce((c, i) => plus(c, i.counts ?? zero()), zero());
      const score = average(visible.flatMap((i) => (i.mean === null ? [] : [i.mean])));
      return {
        n: dn,
        score,
        stage: stage(score),
        counts,
        dontKnowRate: counts.DK / totalOf(counts),
        suppressed: false,
        items,
      };
    });
    const an = numericBy(new Set(area.dimensions.flatMap((d) => d.items.map((i) => i.key))));
    const visible = dimensions.filter((d) => !d.suppressed);
    if (!groupShown || an < MIN || visible.length === 0)
      return { n: null, score: null, stage: null, counts: null, suppressed: true, dimensions };
    const score = average(visible.flatMap((d) => (d.score === null ? [] : [d.score])));
    return {
      n: an,
      score,
      stage: stage(score),
      counts: visible.reduce((c, d) => plus(c, d.counts ?? zero()), zero()),
      suppressed: false,
      dimensions,
    };
  });
  return { n: groupShown ? n : null, suppressed: !groupShown, areas };
}

// ---- Comparison with the API's answer ----

function same(actual: unknown, want: unknown, where: string) {
  if (typeof want === 'number' && typeof actual === 'number')
    assert.ok(Math.abs(actual - want) < 1e-9, `${where}: ${actual} ≠ ${want}`);
  else assert.deepEqual(actual, want, where);
}

interface ApiGroup {
  n: number | null;
  suppressed: boolean;
  areas: {
    key: string;
    n: number | null;
    score: number | null;
    stage: number | null;
    counts: Counts | null;
    suppressed: boolean;
    dimensions: {
      key: string;
      n: number | null;
      score: number | null;
      stage: number | null;
      counts: Counts | null;
      dontKnowRate: number | null;
      suppressed: boolean;
      items: {
        key: string;
        respondents: number | null;
        mean: number | null;
        counts: Counts | null;
        suppressed: boolean;
      }[];
    }[];
  }[];
}

function compareGroup(actual: ApiGroup, want: ExpectedGroup, where: string) {
  same(actual.n, want.n, `${where} n`);
  same(actual.suppressed, want.suppressed, `${where} suppressed`);
  want.areas.forEach((wa, ai) => {
    const aa = actual.areas[ai];
    assert.ok(aa !== undefined);
    const at = `${where} ${aa.key}`;
    for (const field of ['n', 'score', 'stage', 'counts', 'suppressed'] as const)
      same(aa[field], wa[field], `${at} ${field}`);
    wa.dimensions.forEach((wd, di) => {
      const ad = aa.dimensions[di];
      assert.ok(ad !== undefined);
      const dt = `${at}/${ad.key}`;
      for (const field of ['n', 'score', 'stage', 'counts', 'dontKnowRate', 'suppressed'] as const)
        same(ad[field], wd[field], `${dt} ${field}`);
      wd.items.forEach((wi, ii) => {
        const ai2 = ad.items[ii];
        assert.ok(ai2 !== undefined);
        for (const field of ['respondents', 'mean', 'counts', 'suppressed'] as const)
          same(ai2[field], wi[field], `${dt}/${ai2.key} ${field}`);
      });
    });
  });
}

interface ApiScores extends Record<string, unknown> {
  responses: number;
  overall: ApiGroup;
  groups: (ApiGroup & { kind: string; key: string })[];
  agreed: { dimensionKey: string; score: number | null; source: string }[];
  divergence: {
    dimensionKey: string;
    between: string;
    difference: number | null;
    flagged: boolean;
  }[];
}

describe('scores against a plain count of random rounds', () => {
  let t: TestApp;
  let token: string;
  let trustId: string;

  before(async () => {
    t = await createTestApp();
    const world = await seedWorld(t.db);
    trustId = world.alpha.id;
    await addSectors(t.db, trustId);
    await t.db.withTrust(trustId, (tx) =>
      tx.insert(localities).values([
        { trustId, name: 'Northgate' },
        { trustId, name: 'Southfield' },
      ]),
    );
    token = await apiToken(t.db, trustId, 'viewer');
  });
  after(() => t.close());

  it(`matches in ${ROUNDS} random rounds`, async () => {
    // How often the interesting cases came up, to be sure the rounds exercise them.
    const seen = {
      shownGroups: 0,
      suppressedGroups: 0,
      itemsWithheldInShown: 0,
      flagged: 0,
      protecting: 0,
    };
    for (let seed = 1; seed <= ROUNDS; seed++) {
      const { respondents, given } = randomRound(seed * 7919);
      const round = await addRound(t.db, trustId);
      await t.db.withTrust(trustId, async (tx) => {
        if (respondents.length > 0)
          await tx.insert(responses).values(
            respondents.map((r, i) => ({
              id: r.id,
              trustId,
              roundId: round.id,
              audience: r.audience,
              sectorKey: r.sector,
              locality: r.locality,
              submittedOn: '2026-03-01',
              source: 'import',
              submissionKey: `p-${i}`,
            })),
          );
        if (given.length > 0)
          await tx.insert(answers).values(given.map((a) => ({ ...a, trustId, roundId: round.id })));
      });
      const reply = await t.app.inject({
        method: 'GET',
        url: `/api/v1/trusts/alpha/rounds/${round.id}/scores`,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(reply.statusCode, 200, reply.body);
      const scores = reply.json<ApiScores>();
      const where = `seed ${seed}`;
      assert.equal(scores.responses, respondents.length, `${where} responses`);
      compareGroup(scores.overall, expected(respondents, given), `${where} overall`);

      // The groups: the trust's sectors and localities, and those the answers name.
      const areaItems = new Set(
        version.areas.flatMap((a) => a.dimensions.flatMap((d) => d.items.map((i) => i.key))),
      );
      const answering = respondents.filter((r) =>
        given.some((a) => a.responseId === r.id && areaItems.has(a.itemKey)),
      );
      const wanted = new Map<string, Respondent[]>();
      const group = (kind: string, key: string, people: Respondent[]) =>
        wanted.set(`${kind}:${key}`, people);
      const sectorKeys = new Set(['health', 'schools', 'early-years']);
      for (const r of answering) if (r.sector !== null) sectorKeys.add(r.sector);
      for (const key of sectorKeys)
        group(
          'sector',
          key,
          respondents.filter((r) => r.sector === key),
        );
      for (const key of AUDIENCES)
        group(
          'audience',
          key,
          respondents.filter((r) => r.audience === key),
        );
      group(
        'audience-group',
        'children-families',
        respondents.filter((r) => ['children-young-people', 'parents-carers'].includes(r.audience)),
      );
      for (const r of answering)
        if (r.sector !== null)
          group(
            'sector-audience',
            `${r.sector}/${r.audience}`,
            respondents.filter((p) => p.sector === r.sector && p.audience === r.audience),
          );
      const localityNames = new Set(['Northgate', 'Southfield']);
      for (const r of answering) if (r.locality !== null) localityNames.add(r.locality);
      for (const key of localityNames)
        group(
          'locality',
          key,
          respondents.filter((r) => r.locality === key),
        );

      assert.deepEqual(
        scores.groups.map((g) => `${g.kind}:${g.key}`).sort(),
        [...wanted.keys()].sort(),
        `${where} groups`,
      );
      // Groups withheld so that a smaller one cannot be had by subtraction: worked out on
      // sets of people. Those of a whole that no shown part holds must be none or 5+.
      const answeringIds = new Set(answering.map((r) => r.id));
      const counted = (key: string) =>
        new Set(
          (wanted.get(key) ?? [])
            .map((r) => r.id)
            .filter((id) => given.some((a) => a.responseId === id && a.value <= 5)),
        );
      const numericIds = new Set(
        given.filter((a) => a.value <= 5 && areaItems.has(a.itemKey)).map((a) => a.responseId),
      );
      const keysOf = (kind: string) => [...wanted.keys()].filter((k) => k.startsWith(`${kind}:`));
      const cellKeys = keysOf('sector-audience');
      const partitions: [string | null, string[]][] = [
        [null, keysOf('sector')],
        [null, keysOf('audience')],
        [null, keysOf('locality')],
        ...keysOf('sector').map((k): [string, string[]] => [
          k,
          cellKeys.filter((c) => c.startsWith(`sector-audience:${k.slice(7)}/`)),
        ]),
        ...keysOf('audience').map((k): [string, string[]] => [
          k,
          cellKeys.filter((c) => c.endsWith(`/${k.slice(9)}`)),
        ]),
        [
          'audience-group:children-families',
          ['audience:children-young-people', 'audience:parents-carers'],
        ],
      ];
      const size = (key: string) => [...counted(key)].filter((id) => numericIds.has(id)).length;
      const withheld = new Set([...wanted.keys()].filter((k) => size(k) < MIN));
      for (let changed = true; changed;) {
        changed = false;
        for (const key of [...withheld])
          if (key.startsWith('sector:') || key.startsWith('audience:'))
            for (const cell of cellKeys) {
              const [sector, audience] = cell.slice('sector-audience:'.length).split('/');
              const inside = key.startsWith('sector:')
                ? sector === key.slice(7)
                : audience === key.slice(9);
              if (inside && !withheld.has(cell)) {
                withheld.add(cell);
                changed = true;
              }
            }
        for (const [whole, parts] of partitions) {
          if (whole !== null && withheld.has(whole)) continue;
          const wholeIds =
            whole === null
              ? [...answeringIds].filter((id) => numericIds.has(id))
              : [...counted(whole)].filter((id) => numericIds.has(id));
          if (wholeIds.length < MIN) continue;
          const shown = parts.filter((p) => !withheld.has(p));
          const covered = new Set(shown.flatMap((p) => [...counted(p)]));
          const hidden = wholeIds.filter((id) => !covered.has(id)).length;
          if (hidden === 0 || hidden >= MIN || shown.length === 0) continue;
          const smallest = shown.reduce((a, b) => (size(b) < size(a) ? b : a));
          withheld.add(smallest);
          seen.protecting++;
          changed = true;
        }
      }

      const expectedOf = new Map<string, ExpectedGroup>();
      for (const g of scores.groups) {
        const key = `${g.kind}:${g.key}`;
        const want = expected(wanted.get(key) ?? [], given, withheld.has(key));
        expectedOf.set(`${g.kind}:${g.key}`, want);
        compareGroup(g, want, `${where} ${g.kind} ${g.key}`);
        if (want.suppressed) seen.suppressedGroups++;
        else seen.shownGroups++;
        for (const d of want.areas.flatMap((a) => a.dimensions))
          if (!d.suppressed && d.items.some((i) => i.suppressed)) seen.itemsWithheldInShown++;
      }

      // Divergence: the largest gap between shown scores of sectors, of audiences.
      const dimensionKeys = version.areas.flatMap((a) => a.dimensions.map((d) => d.key));
      const expectedScore = (kind: string, key: string, dim: string) => {
        const want = expectedOf.get(`${kind}:${key}`);
        for (const [ai, area] of version.areas.entries())
          for (const [di, d] of area.dimensions.entries())
            if (d.key === dim) return want?.areas[ai]?.dimensions[di]?.score ?? null;
        return null;
      };
      for (const dim of dimensionKeys)
        for (const [between, kind, keys] of [
          ['sectors', 'sector', [...sectorKeys]],
          ['audiences', 'audience', AUDIENCES],
        ] as const) {
          const shown = keys
            .map((key) => expectedScore(kind, key, dim))
            .filter((s): s is number => s !== null);
          const difference = shown.length < 2 ? null : Math.max(...shown) - Math.min(...shown);
          const got = scores.divergence.find(
            (d) => d.dimensionKey === dim && d.between === between,
          );
          same(got?.difference, difference, `${where} divergence ${between} ${dim}`);
          if (got?.flagged === true) seen.flagged++;
          same(
            got?.flagged,
            difference !== null && difference >= 1 - 1e-9,
            `${where} flagged ${between} ${dim}`,
          );
        }
      // No workshops: the agreed position is the questionnaire's.
      const overall = expected(respondents, given);
      const overallScores = overall.areas.flatMap((a) => a.dimensions.map((d) => d.score));
      scores.agreed.forEach((a, i) => {
        same(a.score, overallScores[i], `${where} agreed ${a.dimensionKey}`);
        same(a.source, overallScores[i] === null ? 'none' : 'questionnaire', `${where} source`);
      });
    }
    assert.ok(seen.shownGroups > 20 && seen.suppressedGroups > 20, JSON.stringify(seen));
    assert.ok(seen.itemsWithheldInShown > 5 && seen.flagged > 5, JSON.stringify(seen));
    assert.ok(seen.protecting > 5, JSON.stringify(seen));
  });
});
