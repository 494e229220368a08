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

/** The stage of the score as shown: one decimal place, halves away from zero. */
function stage(score: number | null): number | null {
  if (score === null) return null;
  const shown = Math.floor(score * 10 + 1e-9 + 0.5) / 10;
  let found: number | null = null;
  for (const s of version.stages) if (shown + 1e-9 >= s.minScore) found = s.number;
  return found;
}

interface PlainItem {
  respondents: number;
  numeric: number;
  mean: number | null;
  counts: Counts;
}

/** Every figure of a set of people, straight from their answers, before any suppression. */
function plainOf(people: Respondent[], all: Answer[]) {
  const ids = new Set(people.map((p) => p.id));
  const mine = all.filter((a) => ids.has(a.responseId));
  const numericBy = (keys: Set<string>) =>
    new Set(mine.filter((a) => keys.has(a.itemKey) && a.value <= 5).map((a) => a.responseId)).size;
  const areaItems = new Set(
    version.areas.flatMap((a) => a.dimensions.flatMap((d) => d.items.map((i) => i.key))),
  );
  const items = new Map<string, PlainItem>();
  for (const item of version.areas.flatMap((a) => a.dimensions.flatMap((d) => d.items))) {
    const list = mine.filter((a) => a.itemKey === item.key);
    const counts = zero();
    for (const a of list) counts[kindOf(a.value)]++;
    const numeric = list.filter((a) => a.value <= 5);
    const mean = average(numeric.map((a) => (item.reverse ? 6 - a.value : a.value)));
    items.set(item.key, { respondents: list.length, numeric: numeric.length, mean, counts });
  }
  const dimensionN = new Map(
    version.areas.flatMap((a) =>
      a.dimensions.map((d) => [d.key, numericBy(new Set(d.items.map((i) => i.key)))] as const),
    ),
  );
  const areaN = new Map(
    version.areas.map(
      (a) =>
        [
          a.key,
          numericBy(new Set(a.dimensions.flatMap((d) => d.items.map((i) => i.key)))),
        ] as const,
    ),
  );
  return { n: numericBy(areaItems), items, dimensionN, areaN };
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

/**
 * Checks one group of the API's answer against the plain figures: whatever it shows is
 * exactly right and passes the primary rules of SPEC §6 (n of 5 or more; an item with 5 or
 * more numeric answers; a dimension's score from its shown items, an area's from its shown
 * dimensions); whatever it withholds is null. Returns how many figures the primary rules
 * would allow but the API withholds (secondary suppression, checked in disclosure tests).
 */
function checkGroup(actual: ApiGroup, people: Respondent[], all: Answer[], where: string): number {
  const plain = plainOf(people, all);
  let secondary = 0;
  if (actual.suppressed) {
    same(actual.n, null, `${where} n`);
    if (plain.n >= MIN) secondary++;
  } else {
    assert.ok(plain.n >= MIN, `${where}: shown with n ${plain.n}`);
    same(actual.n, plain.n, `${where} n`);
  }
  version.areas.forEach((area, ai) => {
    const aa = actual.areas[ai];
    assert.ok(aa !== undefined && aa.key === area.key);
    const at = `${where} ${aa.key}`;
    const shownDimensionScores: number[] = [];
    let areaCounts = zero();
    area.dimensions.forEach((d, di) => {
      const ad = aa.dimensions[di];
      assert.ok(ad !== undefined && ad.key === d.key);
      const dt = `${at}/${ad.key}`;
      const means: number[] = [];
      let counts = zero();
      d.items.forEach((item, ii) => {
        const ai2 = ad.items[ii];
        assert.ok(ai2 !== undefined && ai2.key === item.key);
        const p = plain.items.get(item.key);
        if (ai2.suppressed) {
          for (const field of ['respondents', 'mean', 'counts'] as const)
            same(ai2[field], null, `${dt}/${ai2.key} ${field}`);
          if (!ad.suppressed && (p?.numeric ?? 0) >= MIN) secondary++;
          return;
        }
        assert.ok(!ad.suppressed, `${dt}/${ai2.key}: shown in a withheld dimension`);
        assert.ok((p?.numeric ?? 0) >= MIN, `${dt}/${ai2.key}: shown with ${p?.numeric} numeric`);
        same(ai2.respondents, p?.respondents, `${dt}/${ai2.key} respondents`);
        same(ai2.mean, p?.mean, `${dt}/${ai2.key} mean`);
        same(ai2.counts, p?.counts, `${dt}/${ai2.key} counts`);
        if (p?.mean !== null && p?.mean !== undefined) means.push(p.mean);
        counts = plus(counts, p?.counts ?? zero());
      });
      if (ad.suppressed) {
        for (const field of ['n', 'score', 'stage', 'counts', 'dontKnowRate'] as const)
          same(ad[field], null, `${dt} ${field}`);
        return;
      }
      assert.ok(!aa.suppressed || true);
      assert.ok(!actual.suppressed, `${dt}: shown in a withheld group`);
      const dn = plain.dimensionN.get(d.key) ?? 0;
      assert.ok(dn >= MIN, `${dt}: shown with n ${dn}`);
      assert.ok(means.length > 0 || ad.items.some((i) => !i.suppressed), `${dt}: no item shown`);
      same(ad.n, dn, `${dt} n`);
      const score = average(means);
      same(ad.score, score, `${dt} score`);
      same(ad.stage, stage(score), `${dt} stage`);
      same(ad.counts, counts, `${dt} counts`);
      same(ad.dontKnowRate, counts.DK / totalOf(counts), `${dt} dontKnowRate`);
      if (score !== null) shownDimensionScores.push(score);
      areaCounts = plus(areaCounts, counts);
    });
    if (aa.suppressed) {
      for (const field of ['n', 'score', 'stage', 'counts'] as const)
        same(aa[field], null, `${at} ${field}`);
      return;
    }
    const an = plain.areaN.get(area.key) ?? 0;
    assert.ok(an >= MIN && !actual.suppressed, `${at}: shown with n ${an}`);
    same(aa.n, an, `${at} n`);
    const score = average(shownDimensionScores);
    same(aa.score, score, `${at} score`);
    same(aa.stage, stage(score), `${at} stage`);
    same(aa.counts, areaCounts, `${at} counts`);
  });
  return secondary;
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
      const round = await addRound(t.db, trustId, { status: 'analysing' });
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
      seen.protecting += checkGroup(scores.overall, respondents, given, `${where} overall`);

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
      const shownScore = new Map<string, number | null>();
      for (const g of scores.groups) {
        const key = `${g.kind}:${g.key}`;
        seen.protecting += checkGroup(g, wanted.get(key) ?? [], given, `${where} ${key}`);
        if (g.suppressed) seen.suppressedGroups++;
        else seen.shownGroups++;
        for (const a of g.areas)
          for (const d of a.dimensions) {
            shownScore.set(`${key}|${d.key}`, d.score);
            if (!d.suppressed && d.items.some((i) => i.suppressed)) seen.itemsWithheldInShown++;
          }
      }

      // Divergence: the largest gap between shown scores of sectors, of audiences.
      const dimensionKeys = version.areas.flatMap((a) => a.dimensions.map((d) => d.key));
      const expectedScore = (kind: string, key: string, dim: string) =>
        shownScore.get(`${kind}:${key}|${dim}`) ?? null;
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
      const overallScores = scores.overall.areas.flatMap((a) => a.dimensions.map((d) => d.score));
      scores.agreed.forEach((a, i) => {
        same(a.score, overallScores[i], `${where} agreed ${a.dimensionKey}`);
        same(a.source, overallScores[i] === null ? 'none' : 'questionnaire', `${where} source`);
      });
    }
    assert.ok(seen.shownGroups > 20 && seen.suppressedGroups > 20, JSON.stringify(seen));
    assert.ok(seen.itemsWithheldInShown > 5 && seen.flagged > 2, JSON.stringify(seen));
    assert.ok(seen.protecting > 5, JSON.stringify(seen));
  });
});
