import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { answers, localities, responses } from '../../../db/schema/index.ts';
import { addRound, addSectors } from '../../../../test/fixtures.ts';
import { apiToken, createTestApp, seedWorld, type TestApp } from '../../../../test/helpers.ts';
import {
  checkGroup,
  same,
  version,
  type Answer,
  type ApiGroup,
  type Respondent,
} from './plain-count.ts';

// Random rounds (from a seeded generator) stored in the database, read back through the
// scores API, and every figure checked against a plain count over the raw answers
// (plain-count.ts, which uses nothing of the scoring).

const ROUNDS = 25;
const AUDIENCES = ['leaders-managers', 'frontline', 'children-young-people', 'parents-carers'];
const SECTORS = ['health', 'schools', 'early-years', null, 'gone'];
const LOCALITIES = [null, 'Northgate', 'Southfield', 'Elsewhere'];

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

/** The groups the answer should have (by `${kind}:${key}`), with their people. */
function expectedGroups(respondents: Respondent[], given: Answer[]) {
  // The trust's sectors and localities, and those the answers name.
  const areaItems = new Set(
    version.areas.flatMap((a) => a.dimensions.flatMap((d) => d.items.map((i) => i.key))),
  );
  const answering = respondents.filter((r) =>
    given.some((a) => a.responseId === r.id && areaItems.has(a.itemKey)),
  );
  const wanted = new Map<string, Respondent[]>();
  const group = (kind: string, key: string, keep: (r: Respondent) => boolean) =>
    wanted.set(`${kind}:${key}`, respondents.filter(keep));
  const sectorKeys = new Set(['health', 'schools', 'early-years']);
  for (const r of answering) if (r.sector !== null) sectorKeys.add(r.sector);
  for (const key of sectorKeys) group('sector', key, (r) => r.sector === key);
  for (const key of AUDIENCES) group('audience', key, (r) => r.audience === key);
  group('audience-group', 'children-families', (r) =>
    ['children-young-people', 'parents-carers'].includes(r.audience),
  );
  for (const r of answering)
    if (r.sector !== null)
      group(
        'sector-audience',
        `${r.sector}/${r.audience}`,
        (p) => p.sector === r.sector && p.audience === r.audience,
      );
  const localityNames = new Set(['Northgate', 'Southfield']);
  for (const r of answering) if (r.locality !== null) localityNames.add(r.locality);
  for (const key of localityNames) group('locality', key, (r) => r.locality === key);
  return { wanted, sectorKeys: [...sectorKeys] };
}

/**
 * Divergence: the largest gap between shown scores of sectors, of audiences. `shownScore`
 * holds each group's dimension scores by `${kind}:${key}|${dimension}`. Returns how many
 * dimensions are flagged.
 */
function checkDivergence(
  scores: ApiScores,
  shownScore: Map<string, number | null>,
  sectorKeys: string[],
  where: string,
): number {
  let flagged = 0;
  for (const dim of version.areas.flatMap((a) => a.dimensions.map((d) => d.key)))
    for (const [between, kind, keys] of [
      ['sectors', 'sector', sectorKeys],
      ['audiences', 'audience', AUDIENCES],
    ] as const) {
      const shown = keys
        .map((key) => shownScore.get(`${kind}:${key}|${dim}`) ?? null)
        .filter((s): s is number => s !== null);
      const difference = shown.length < 2 ? null : Math.max(...shown) - Math.min(...shown);
      const got = scores.divergence.find((d) => d.dimensionKey === dim && d.between === between);
      same(got?.difference, difference, `${where} divergence ${between} ${dim}`);
      if (got?.flagged === true) flagged++;
      same(
        got?.flagged,
        difference !== null && difference >= 1 - 1e-9,
        `${where} flagged ${between} ${dim}`,
      );
    }
  return flagged;
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

  /** A round in analysis holding the respondents and answers, read through the API. */
  async function scoresOf(respondents: Respondent[], given: Answer[]): Promise<ApiScores> {
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
    return reply.json<ApiScores>();
  }

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
      const scores = await scoresOf(respondents, given);
      const where = `seed ${seed}`;
      assert.equal(scores.responses, respondents.length, `${where} responses`);
      seen.protecting += checkGroup(scores.overall, respondents, given, `${where} overall`);

      const { wanted, sectorKeys } = expectedGroups(respondents, given);
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
      seen.flagged += checkDivergence(scores, shownScore, sectorKeys, where);
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
