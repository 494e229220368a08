import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { workshopRatings, workshops } from '../../db/schema/index.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import {
  apiToken,
  createTestApp,
  seedWorld,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { agreedPositions } from './repository.ts';

interface ErrorBody {
  errors?: { field: string; message: string }[];
}

interface WorkshopBody {
  id: string;
  kind: string;
  participantsTotal: number;
  dimensionsRated: number;
  ratings?: { dimension: string; score: number | null; stage: number | null }[];
}

describe('workshops API and the agreed position', () => {
  let t: TestApp;
  let world: World;
  const tokens: Record<string, string> = {};
  let roundId = '';
  let url = '';

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id);
    roundId = (await addRound(t.db, world.alpha.id)).id;
    url = `/api/v1/trusts/alpha/rounds/${roundId}/workshops`;
    for (const role of ['trust-admin', 'contributor', 'action-lead', 'viewer'] as const)
      tokens[role] = await apiToken(t.db, world.alpha.id, role);
    tokens.beta = await apiToken(t.db, world.beta.id, 'trust-admin');
  });
  after(() => t.close());

  const call = (
    method: 'GET' | 'POST',
    path: string,
    token: string | undefined,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url: path,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const stored = async () =>
    t.db.withTrust(world.alpha.id, async (tx) => ({
      workshops: await tx.select().from(workshops),
      ratings: await tx.select().from(workshopRatings),
    }));

  const workshop = (overrides: Record<string, unknown> = {}) => ({
    kind: 'analysis-workshop',
    title: 'First analysis',
    heldOn: '2026-05-01',
    facilitator: 'Lead',
    participants: [
      { sector: 'health', count: 3 },
      { sector: 'schools', count: 5 },
    ],
    ratings: [
      { dimension: 'shared-vision', score: 2.5, stage: 2, reasons: 'Some', evidenceLinks: [] },
      { dimension: 'vision-known', score: 3.0 },
    ],
    ...overrides,
  });

  it('refuses bad workshops and ratings with field errors, saving nothing', async () => {
    const rating = (r: Record<string, unknown>) => ({
      ratings: [{ dimension: 'shared-vision', ...r }],
    });
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'meeting' }, 'kind'],
      [{ title: '' }, 'title'],
      [{ heldOn: '2026-13-01' }, 'heldOn'],
      [{ facilitator: '' }, 'facilitator'],
      [{ participants: [{ sector: 'police', count: 2 }] }, 'participants.0.sector'],
      [{ participants: [{ sector: 'health', count: 1.5 }] }, 'participants.0.count'],
      [{ ratings: [{ dimension: 'nonsense', score: 3 }] }, 'ratings.0.dimension'],
      [rating({ score: 5.5 }), 'ratings.0.score'],
      [rating({ score: 2.55 }), 'ratings.0.score'],
      [rating({ score: 'abc' }), 'ratings.0.score'],
      [rating({ score: 2.5, stage: 3 }), 'ratings.0.stage'],
      [rating({ stage: 9 }), 'ratings.0.stage'],
      [rating({ evidenceLinks: ['mailto:someone@example.org'] }), 'ratings.0.evidenceLinks'],
    ];
    for (const [overrides, field] of cases) {
      const response = await call('POST', url, tokens.contributor, workshop(overrides));
      assert.equal(response.statusCode, 400, field);
      const errors = response.json<ErrorBody>().errors ?? [];
      assert.deepEqual(
        errors.map((e) => e.field),
        [field],
      );
    }
    const disagree = await call(
      'POST',
      url,
      tokens.contributor,
      workshop(rating({ score: 2.5, stage: 3 })),
    );
    assert.match(
      disagree.json<ErrorBody>().errors?.[0]?.message ?? '',
      /^A score of 2.5 is in the Emerging stage: choose Emerging or change the score/,
    );
    const now = await stored();
    assert.equal(now.workshops.length, 0);
    assert.equal(now.ratings.length, 0);
  });

  it('records a workshop with its ratings (201) and reads it back', async () => {
    const response = await call('POST', url, tokens.contributor, workshop());
    assert.equal(response.statusCode, 201);
    const body = response.json<WorkshopBody>();
    assert.equal(body.participantsTotal, 8);
    assert.equal(body.dimensionsRated, 2);
    assert.deepEqual(
      body.ratings?.map((r) => [r.dimension, r.score, r.stage]),
      [
        ['shared-vision', 2.5, 2],
        ['vision-known', 3, null],
      ],
    );
    const list = await call('GET', url, tokens.viewer);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json<WorkshopBody[]>().map((w) => [w.id, w.dimensionsRated]),
      [[body.id, 2]],
    );
    const one = await call('GET', `${url}/${body.id}`, tokens['action-lead']);
    assert.equal(one.statusCode, 200);
    assert.equal(one.json<WorkshopBody>().ratings?.length, 2);
  });

  it('refuses writes from read-only roles (403) and hides other trusts (404)', async () => {
    for (const role of ['action-lead', 'viewer'])
      assert.equal((await call('POST', url, tokens[role], workshop())).statusCode, 403, role);
    const theirs = `/api/v1/trusts/beta/rounds/${roundId}/workshops`;
    assert.equal((await call('GET', theirs, tokens.beta)).statusCode, 404);
    assert.equal((await call('POST', theirs, tokens.beta, workshop())).statusCode, 404);
    assert.equal((await call('GET', url, tokens.beta)).statusCode, 404);
    const id = (await stored()).workshops[0]?.id;
    assert.ok(id);
    assert.equal((await call('GET', `${theirs}/${id}`, tokens.beta)).statusCode, 404);
    assert.equal(
      (await call('GET', `${url}/00000000-0000-4000-8000-000000000000`, tokens.viewer)).statusCode,
      404,
    );
    assert.equal((await stored()).workshops.length, 1);
  });

  it('takes the agreed position from the latest analysis workshop, ignoring focus groups', async () => {
    const first = (await stored()).workshops[0];
    assert.ok(first);
    // A later analysis workshop rates one dimension again and another for the first time.
    const later = await call(
      'POST',
      url,
      tokens['trust-admin'],
      workshop({
        title: 'Second analysis',
        heldOn: '2026-06-15',
        ratings: [
          { dimension: 'shared-vision', score: 3.5 },
          { dimension: 'safer-recruitment', stage: 4 },
          { dimension: 'one-workforce', reasons: 'Talked about it, no score' },
        ],
      }),
    );
    assert.equal(later.statusCode, 201);
    const laterId = later.json<WorkshopBody>().id;
    // An even later focus group never counts.
    const focus = await call(
      'POST',
      url,
      tokens.contributor,
      workshop({
        kind: 'focus-group',
        title: 'Young people',
        heldOn: '2026-07-01',
        ratings: [
          { dimension: 'shared-vision', score: 1.0 },
          { dimension: 'one-workforce', score: 1.0 },
        ],
      }),
    );
    assert.equal(focus.statusCode, 201);
    // An earlier analysis workshop, recorded last, does not replace later ratings.
    const earlier = await call(
      'POST',
      url,
      tokens.contributor,
      workshop({
        title: 'Early analysis',
        heldOn: '2026-03-01',
        ratings: [
          { dimension: 'shared-vision', score: 1.5 },
          { dimension: 'vision-known', score: 4.5 },
        ],
      }),
    );
    assert.equal(earlier.statusCode, 201);
    // Another round's workshop is not this round's position.
    const other = await addRound(t.db, world.alpha.id);
    const elsewhere = await call(
      'POST',
      `/api/v1/trusts/alpha/rounds/${other.id}/workshops`,
      tokens.contributor,
      workshop({ heldOn: '2026-12-01', ratings: [{ dimension: 'transitions', score: 2.0 }] }),
    );
    assert.equal(elsewhere.statusCode, 201);

    const positions = await t.db.withTrust(world.alpha.id, (tx) => agreedPositions(tx, roundId));
    assert.deepEqual(Object.fromEntries(positions), {
      'shared-vision': { score: 3.5, stage: null, workshopId: laterId, heldOn: '2026-06-15' },
      'safer-recruitment': { score: null, stage: 4, workshopId: laterId, heldOn: '2026-06-15' },
      'vision-known': { score: 3, stage: null, workshopId: first.id, heldOn: '2026-05-01' },
    });
    // Row-level security: another trust sees no position for this round.
    const none = await t.db.withTrust(world.beta.id, (tx) => agreedPositions(tx, roundId));
    assert.equal(none.size, 0);
  });
});
