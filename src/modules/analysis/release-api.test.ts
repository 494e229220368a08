import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addSectors } from '../../../test/fixtures.ts';
import {
  apiToken,
  createTestApp,
  seedWorld,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import type { RoundScores } from './types.ts';

// A round filled by import and released through the API alone (SPEC §6, no tracker over
// time): import → close collection → scores; later imports wait until they are safe.

const ITEMS = ['red.shared-vision.p1', 'red.shared-vision.p3', 'red.vision-known.p1'];

function csv(people: { id: string; sector: string; audience: string; value: number }[]): string {
  const lines = ['respondent,sector,audience,item,value'];
  for (const p of people)
    for (const item of ITEMS) lines.push(`${p.id},${p.sector},${p.audience},${item},${p.value}`);
  return `${lines.join('\n')}\n`;
}

const people = (prefix: string, n: number, sector: string, audience: string, value: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, sector, audience, value }));

describe('releasing imported answers through the API', () => {
  let t: TestApp;
  let world: World;
  let token: string;
  let roundId = '';

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: string | object) =>
    t.app.inject({
      method,
      url: `/api/v1/trusts/alpha${url}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(typeof body === 'string' ? { 'content-type': 'text/csv' } : {}),
      },
      ...(body === undefined ? {} : { payload: body }),
    });

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id);
    token = await apiToken(t.db, world.alpha.id, 'trust-admin');
    const created = await call('POST', '/rounds', {
      title: 'Imported round',
      frameworkVersion: '2026.1',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      // The round may be in the past by the time the tests run.
      confirmPastDates: true,
    });
    assert.equal(created.statusCode, 201, created.body);
    roundId = created.json<{ id: string }>().id;
  });
  after(() => t.close());

  it('gives no figures before collection closes, then all of them', async () => {
    const imported = await call(
      'POST',
      `/rounds/${roundId}/responses/import`,
      csv([
        ...people('h', 8, 'health', 'frontline', 4),
        ...people('s', 6, 'schools', 'leaders-managers', 2),
      ]),
    );
    assert.equal(imported.statusCode, 201, imported.body);
    assert.equal((await call('GET', `/rounds/${roundId}/scores`)).statusCode, 409);
    const early = await call('POST', `/rounds/${roundId}/release`);
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /collection is open/);
    // Closing collection releases the answers.
    for (const status of ['collecting', 'analysing']) {
      const moved = await call('PATCH', `/rounds/${roundId}`, { status });
      assert.equal(moved.statusCode, 200, moved.body);
    }
    const scores = await call('GET', `/rounds/${roundId}/scores`);
    assert.equal(scores.statusCode, 200, scores.body);
    const body = scores.json<RoundScores>();
    assert.equal(body.release?.number, 1);
    assert.equal(body.responses, 14);
    assert.equal(body.overall.n, 14);
    const again = await call('POST', `/rounds/${roundId}/release`);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json<{ outcome: string }>().outcome, 'nothing-new');
  });

  it('holds back a later import of 3, and releases it once 5 more have come', async () => {
    const before = (await call('GET', `/rounds/${roundId}/scores`)).json<RoundScores>();
    await call(
      'POST',
      `/rounds/${roundId}/responses/import`,
      csv(people('late', 3, 'health', 'frontline', 1)),
    );
    const waiting = await call('POST', `/rounds/${roundId}/release`);
    assert.equal(waiting.statusCode, 409, waiting.body);
    const why = waiting.json<{ outcome: string; pending: number; reasons: string[] }>();
    assert.equal(why.outcome, 'waiting');
    assert.equal(why.pending, 3);
    assert.ok(
      why.reasons.some((r) => r.includes('Health: 3 new responses')),
      why.reasons.join(' | '),
    );
    const still = (await call('GET', `/rounds/${roundId}/scores`)).json<RoundScores>();
    assert.deepEqual(still.overall, before.overall);
    assert.equal(still.pending, 3);
    // Two more health practitioners: 5 new in health, 5 new in all.
    await call(
      'POST',
      `/rounds/${roundId}/responses/import`,
      csv(people('later', 2, 'health', 'frontline', 1)),
    );
    const released = await call('POST', `/rounds/${roundId}/release`);
    assert.equal(released.statusCode, 200, released.body);
    assert.equal(released.json<{ included: number }>().included, 5);
    const after = (await call('GET', `/rounds/${roundId}/scores`)).json<RoundScores>();
    assert.equal(after.release?.number, 2);
    assert.equal(after.overall.n, 19);
    assert.equal(after.groups.find((g) => g.key === 'health')?.n, 13);
  });

  it('is documented', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, { post?: { description?: string } }>;
    }>();
    assert.match(
      doc.paths['/api/v1/trusts/{trust}/rounds/{round}/release']?.post?.description ?? '',
      /none or at least 5/,
    );
  });
});
