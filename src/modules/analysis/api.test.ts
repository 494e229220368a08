import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { compileErrors, validate } from '@readme/openapi-parser';
import { answers, responses } from '../../db/schema/index.ts';
import { addAnalysisWorkshop, addRound, addSectors } from '../../../test/fixtures.ts';
import {
  apiToken,
  createTestApp,
  seedWorld,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import type { RoundScores } from './types.ts';

// The scores API: its shape, who may read it, and that no suppressed figure leaks.

// Two items of the red dimension "shared vision" (2026.1) and one of "vision known".
const P1 = 'red.shared-vision.p1';
const P3 = 'red.shared-vision.p3';
const KNOWN = 'red.vision-known.p1';

const FIGURES = ['n', 'score', 'stage', 'mean', 'counts', 'respondents', 'dontKnowRate'];

/** Every object in the JSON marked suppressed, with the path to it. */
function suppressedObjects(value: unknown, path = '$'): [string, Record<string, unknown>][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => suppressedObjects(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const here: [string, Record<string, unknown>][] =
    object.suppressed === true ? [[path, object]] : [];
  return [
    ...here,
    ...Object.entries(object).flatMap(([k, v]) => suppressedObjects(v, `${path}.${k}`)),
  ];
}

/** Every number anywhere inside the JSON. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

describe('scores API', () => {
  let t: TestApp;
  let world: World;
  let roundId: string;
  let token: string;
  const url = () => `/api/v1/trusts/alpha/rounds/${roundId}/scores`;
  const get = (path: string, bearer: string | null = token) =>
    t.app.inject({
      method: 'GET',
      url: path,
      headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` },
    });

  async function respond(
    who: { sector: string; audience: string; locality?: string },
    given: Record<string, number>,
  ) {
    const id = randomUUID();
    await t.db.withTrust(world.alpha.id, async (tx) => {
      await tx.insert(responses).values({
        id,
        trustId: world.alpha.id,
        roundId,
        audience: who.audience,
        sectorKey: who.sector,
        locality: who.locality ?? null,
        submittedOn: '2026-03-01',
        source: 'import',
        submissionKey: id,
      });
      await tx.insert(answers).values(
        Object.entries(given).map(([itemKey, value]) => ({
          responseId: id,
          trustId: world.alpha.id,
          roundId,
          itemKey,
          value,
        })),
      );
    });
  }

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id);
    roundId = (await addRound(t.db, world.alpha.id, { status: 'analysing' })).id;
    token = await apiToken(t.db, world.alpha.id, 'viewer');
    // Health frontline: eight people. P1: 4,4,4,4,5,5,5,5 (mean 4.5); P3: 2 × 8 (mean 2),
    // except one Don't know; vision known: 3 × 8.
    for (let i = 0; i < 8; i++)
      await respond(
        { sector: 'health', audience: 'frontline', locality: 'Northgate' },
        { [P1]: i < 4 ? 4 : 5, [P3]: i === 0 ? 8 : 2, [KNOWN]: 3 },
      );
    // Schools leaders: four people, all 1s — a group too small to show.
    for (let i = 0; i < 4; i++)
      await respond({ sector: 'schools', audience: 'leaders-managers' }, { [P1]: 1, [P3]: 1 });
  });
  after(() => t.close());

  it('gives every figure overall and by group', async () => {
    const reply = await get(url());
    assert.equal(reply.statusCode, 200, reply.body);
    const scores = reply.json<RoundScores>();
    assert.equal(scores.roundId, roundId);
    assert.equal(scores.frameworkVersion, '2026.1');
    assert.equal(scores.minimumGroupSize, 5);
    assert.equal(scores.responses, 12);
    assert.equal(scores.overall.n, 12);
    assert.equal(scores.overall.areas.length, 7);
    const red = scores.overall.areas[0];
    assert.equal(red?.key, 'shared-identity');
    const vision = red.dimensions[0];
    assert.equal(vision?.key, 'shared-vision');
    // Overall P1: 4×4 + 4×5 + 4×1 = 40 over 12; P3: 7×2 + 4×1 = 18 over 11 (one DK).
    const p1 = vision.items.find((i) => i.key === P1);
    const p3 = vision.items.find((i) => i.key === P3);
    assert.ok(Math.abs((p1?.mean ?? 0) - 40 / 12) < 1e-9);
    assert.ok(Math.abs((p3?.mean ?? 0) - 18 / 11) < 1e-9);
    assert.deepEqual(p3?.counts, { '1': 4, '2': 7, '3': 0, '4': 0, '5': 0, DK: 1, NA: 0 });
    assert.equal(p3.respondents, 12);
    assert.ok(Math.abs((vision.score ?? 0) - (40 / 12 + 18 / 11) / 2) < 1e-9);
    assert.equal(vision.n, 12);
    assert.ok(Math.abs((vision.dontKnowRate ?? 0) - 1 / 24) < 1e-9);
    // Items nobody answered are withheld; so is a dimension nobody answered.
    assert.equal(vision.items.find((i) => i.key === 'red.shared-vision.p2')?.suppressed, true);
    assert.equal(red.dimensions[2]?.suppressed, true);

    // Health (8) would give the four schools leaders away by subtraction (12 − 8), so it
    // is withheld too, as are frontline and Northgate for the same reason.
    for (const key of ['health', 'frontline', 'health/frontline', 'Northgate']) {
      const group = scores.groups.find((g) => g.key === key);
      assert.equal(group?.suppressed, true, key);
      assert.equal(group.n, null, key);
    }
    assert.deepEqual(
      scores.groups.map((g) => g.kind).filter((k, i, all) => all.indexOf(k) === i),
      ['sector', 'audience', 'audience-group', 'sector-audience', 'locality'],
    );
    assert.equal(scores.agreed.length, 35);
    assert.deepEqual(scores.agreed[0], {
      dimensionKey: 'shared-vision',
      score: vision.score,
      stage: vision.stage,
      source: 'questionnaire',
      questionnaireScore: vision.score,
    });
    assert.equal(scores.divergence.length, 70);
  });

  it('reveals no suppressed figure', async () => {
    const scores = (await get(url())).json<RoundScores>();
    const hidden = suppressedObjects(scores);
    assert.ok(hidden.length > 100);
    for (const [path, object] of hidden)
      for (const field of FIGURES)
        if (field in object) assert.equal(object[field], null, `${path}.${field}`);
    // The group of four shows nothing but its name.
    for (const key of ['schools', 'leaders-managers', 'schools/leaders-managers']) {
      const group = scores.groups.find((g) => g.key === key);
      assert.ok(group !== undefined, key);
      assert.equal(group.suppressed, true);
      assert.equal(group.n, null);
      assert.deepEqual(numbersIn(group.areas), [], key);
    }
    // Divergence only ever names shown groups.
    for (const d of scores.divergence)
      for (const end of [d.high, d.low]) {
        if (end === null) continue;
        const group = scores.groups.find(
          (g) => g.key === end.key && g.kind === (d.between === 'sectors' ? 'sector' : 'audience'),
        );
        const dimension = group?.areas
          .flatMap((a) => a.dimensions)
          .find((x) => x.key === d.dimensionKey);
        assert.equal(dimension?.suppressed, false);
      }
  });

  it('gives only the kinds of group asked for, and explains a wrong one', async () => {
    const some = (await get(`${url()}?groups=sector,locality`)).json<RoundScores>();
    assert.ok(some.groups.length > 0);
    assert.ok(some.groups.every((g) => g.kind === 'sector' || g.kind === 'locality'));
    assert.equal(some.divergence.length, 70);
    const none = (await get(`${url()}?groups=none`)).json<RoundScores>();
    assert.deepEqual(none.groups, []);
    assert.equal(none.overall.n, 12);
    const bad = await get(`${url()}?groups=sector,planets`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /groups must be none, or kinds from/);
  });

  it('answers another trust, an unknown round and a missing token as it should', async () => {
    const betaToken = await apiToken(t.db, world.beta.id, 'trust-admin');
    assert.equal((await get(url(), betaToken)).statusCode, 404);
    assert.equal(
      (await get(`/api/v1/trusts/beta/rounds/${roundId}/scores`, betaToken)).statusCode,
      404,
    );
    assert.equal((await get(`/api/v1/trusts/alpha/rounds/${randomUUID()}/scores`)).statusCode, 404);
    assert.equal((await get('/api/v1/trusts/alpha/rounds/not-a-round/scores')).statusCode, 404);
    assert.equal((await get(url(), null)).statusCode, 401);
    assert.equal((await get(url(), 'not-a-token')).statusCode, 401);
    // Any role of the trust may read.
    assert.equal(
      (await get(url(), await apiToken(t.db, world.alpha.id, 'action-lead'))).statusCode,
      200,
    );
  });

  it('shows the same figures after one more response, and changes them on a release of five', async () => {
    const figures = (r: RoundScores) => JSON.stringify([r.responses, r.overall, r.groups]);
    const release = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/trusts/alpha/rounds/${roundId}/release`,
        headers: { authorization: `Bearer ${adminToken}` },
      });
    const adminToken = await apiToken(t.db, world.alpha.id, 'trust-admin');
    const before = (await get(url())).json<RoundScores>();
    assert.equal(before.release?.number, 1);
    // One more schools leader arrives: the figures do not move, so nothing can be read
    // from the difference; the answer says one newer response is waiting.
    await respond({ sector: 'schools', audience: 'leaders-managers' }, { [P1]: 2, [P3]: 2 });
    let scores = (await get(url())).json<RoundScores>();
    assert.equal(figures(scores), figures(before));
    assert.equal(scores.pending, 1);
    // Releasing one is refused, with the reason.
    const refused = await release();
    assert.equal(refused.statusCode, 409, refused.body);
    const why = refused.json<{ outcome: string; reasons: string[]; pending: number }>();
    assert.equal(why.outcome, 'waiting');
    assert.equal(why.pending, 1);
    assert.match(why.reasons.join(' '), /Everyone: 1 new response/);
    assert.equal(figures((await get(url())).json<RoundScores>()), figures(before));
    // Four more: five new schools leaders in all, so the release goes ahead.
    for (let i = 0; i < 4; i++)
      await respond({ sector: 'schools', audience: 'leaders-managers' }, { [P1]: 1, [P3]: 1 });
    const done = await release();
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json<{ included: number }>().included, 5);
    scores = (await get(url())).json<RoundScores>();
    assert.notEqual(figures(scores), figures(before));
    assert.equal(scores.release?.number, 2);
    assert.equal(scores.pending, 0);
    assert.equal(scores.responses, 17);
    const schools = scores.groups.find((g) => g.key === 'schools');
    assert.equal(schools?.n, 9);
    const health = scores.groups.find((g) => g.kind === 'sector' && g.key === 'health');
    assert.equal(health?.n, 8);
    assert.ok(Math.abs((health.areas[0]?.dimensions[0]?.score ?? 0) - (4.5 + 2) / 2) < 1e-9);
    // P1: 1 × 8 and one 2 (10 / 9); P3 the same: dimension 10 / 9, Fragmented.
    assert.ok(Math.abs((schools.areas[0]?.dimensions[0]?.score ?? 0) - 10 / 9) < 1e-9);
    assert.equal(schools.areas[0]?.dimensions[0]?.stage, 1);

    // An analysis workshop agrees shared vision at 2.5 and vision known at stage 3 only.
    await addAnalysisWorkshop(t.db, world.alpha.id, roundId, [
      { dimensionKey: 'shared-vision', score: '2.5', stage: 2 },
      { dimensionKey: 'vision-known', stage: 3 },
    ]);
    scores = (await get(url())).json<RoundScores>();
    const [vision, known] = scores.agreed;
    assert.equal(vision?.source, 'workshop');
    assert.equal(vision.score, 2.5);
    assert.equal(vision.stage, 2);
    assert.equal(vision.questionnaireScore, scores.overall.areas[0]?.dimensions[0]?.score);
    assert.equal(vision.heldOn, '2026-06-01');
    assert.equal(known?.source, 'workshop');
    assert.equal(known.score, null);
    assert.equal(known.stage, 3);
    assert.equal(known.questionnaireScore, 3);
  });

  it('is documented in a valid OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, { get?: { description?: string } }>;
    }>();
    const result = await validate(structuredClone(doc) as never);
    assert.ok(result.valid, result.valid ? '' : compileErrors(result));
    const op = doc.paths['/api/v1/trusts/{trust}/rounds/{round}/scores']?.get;
    assert.ok(op?.description?.includes('Suppression'));
  });
});
