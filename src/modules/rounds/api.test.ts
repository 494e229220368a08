import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, frameworkVersions, planTests, rounds } from '../../db/schema/index.ts';
import { addQuestionnaire, addSectors } from '../../../test/fixtures.ts';
import {
  apiToken,
  createTestApp,
  seedWorld,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';

interface ErrorBody {
  error: string;
  message: string;
  errors?: { field: string; message: string }[];
}

interface RoundBody {
  id: string;
  title: string;
  frameworkVersion: string;
  startsOn: string;
  endsOn: string;
  status: string;
  responses?: number;
  plan?: { id: string; areas: string[]; participants: string[]; endsOn: string | null }[];
  counts?: { questionnaires: number; responses: number; workshops: number };
}

/** Next year: the rounds the tests create are in the future whenever they run. */
const Y = new Date().getFullYear() + 1;

describe('rounds API', () => {
  let t: TestApp;
  let world: World;
  const tokens: Record<string, string> = {};
  let roundId = '';

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id);
    for (const role of ['trust-admin', 'contributor', 'action-lead', 'viewer'] as const)
      tokens[role] = await apiToken(t.db, world.alpha.id, role);
    tokens.beta = await apiToken(t.db, world.beta.id, 'trust-admin');
  });
  after(() => t.close());

  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    token: string | undefined,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const fields = (body: ErrorBody) => (body.errors ?? []).map((e) => e.field);
  const alphaRounds = () => t.db.withTrust(world.alpha.id, (tx) => tx.select().from(rounds));

  const good = {
    title: 'API round',
    frameworkVersion: '2026.1',
    startsOn: `${Y}-01-01`,
    endsOn: `${Y}-12-31`,
  };

  it('refuses bad rounds with field errors and saves nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '' }, 'title'],
      [{ title: 'x'.repeat(121) }, 'title'],
      [{ frameworkVersion: '1999.1' }, 'frameworkVersion'],
      [{ startsOn: `${Y}-02-30` }, 'startsOn'],
      [{ startsOn: `01/02/${Y}` }, 'startsOn'],
      [{ endsOn: '2025-12-31' }, 'endsOn'],
      [{ endsOn: undefined }, 'endsOn'],
    ];
    for (const [overrides, field] of cases) {
      const response = await call('POST', '/api/v1/trusts/alpha/rounds', tokens['trust-admin'], {
        ...good,
        ...overrides,
      });
      assert.equal(response.statusCode, 400, field);
      assert.deepEqual(fields(response.json<ErrorBody>()), [field]);
    }
    const order = await call('POST', '/api/v1/trusts/alpha/rounds', tokens['trust-admin'], {
      ...good,
      endsOn: '2025-01-01',
    });
    assert.equal(
      order.json<ErrorBody>().errors?.[0]?.message,
      'The end date must be after the start date',
    );
    assert.equal((await alphaRounds()).length, 0);
  });

  it('creates a round with a trust admin token (201) and locks the version', async () => {
    const response = await call('POST', '/api/v1/trusts/alpha/rounds', tokens['trust-admin'], good);
    assert.equal(response.statusCode, 201);
    const body = response.json<RoundBody>();
    assert.equal(body.title, 'API round');
    assert.equal(body.status, 'planning');
    assert.equal(body.startsOn, `${Y}-01-01`);
    roundId = body.id;
    const [version] = await t.db.asSystem((tx) =>
      tx.select().from(frameworkVersions).where(eq(frameworkVersions.key, '2026.1')),
    );
    assert.ok(version?.lockedAt);
    const [entry] = await t.db.withTrust(world.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.entityId, roundId)),
    );
    assert.equal(entry?.actor, 'API token: test trust-admin');
    const again = await call('POST', '/api/v1/trusts/alpha/rounds', tokens['trust-admin'], good);
    assert.equal(again.statusCode, 400);
    assert.deepEqual(fields(again.json<ErrorBody>()), ['title']);
  });

  it('refuses writes from other roles (403)', async () => {
    for (const role of ['contributor', 'action-lead', 'viewer']) {
      const created = await call('POST', '/api/v1/trusts/alpha/rounds', tokens[role], {
        ...good,
        title: role,
      });
      assert.equal(created.statusCode, 403, role);
      const patched = await call('PATCH', `/api/v1/trusts/alpha/rounds/${roundId}`, tokens[role], {
        status: 'reported',
      });
      assert.equal(patched.statusCode, 403, role);
    }
    for (const role of ['action-lead', 'viewer']) {
      const plan = await call('POST', `/api/v1/trusts/alpha/rounds/${roundId}/plan`, tokens[role], {
        areas: ['shared-identity'],
        activity: 'questionnaire',
        startsOn: `${Y}-01-01`,
        participants: ['health'],
      });
      assert.equal(plan.statusCode, 403, role);
    }
    assert.equal((await alphaRounds()).length, 1);
    assert.equal((await alphaRounds())[0]?.status, 'planning');
  });

  it('adds to the plan with a contributor token, checking keys', async () => {
    const url = `/api/v1/trusts/alpha/rounds/${roundId}/plan`;
    const test = {
      areas: ['shared-identity', 'keeping-safe'],
      activity: 'focus-group',
      startsOn: `${Y}-02-01`,
      participants: ['health', 'frontline'],
    };
    for (const [overrides, field] of [
      [{ areas: [] }, 'areas'],
      [{ areas: ['purple'] }, 'areas'],
      [{ activity: 'party' }, 'activity'],
      [{ startsOn: 'soon' }, 'startsOn'],
      [{ endsOn: `${Y}-01-01` }, 'endsOn'],
      [{ participants: ['police'] }, 'participants'],
      [{ description: 'x'.repeat(501) }, 'description'],
    ] as const) {
      const response = await call('POST', url, tokens.contributor, { ...test, ...overrides });
      assert.equal(response.statusCode, 400, field);
      assert.deepEqual(fields(response.json<ErrorBody>()), [field]);
    }
    assert.equal(
      (await t.db.withTrust(world.alpha.id, (tx) => tx.select().from(planTests))).length,
      0,
    );
    const created = await call('POST', url, tokens.contributor, test);
    assert.equal(created.statusCode, 201);
    assert.equal(created.json<{ endsOn: null }>().endsOn, null);
    const list = await call('GET', url, tokens.viewer);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json<{ areas: string[]; participants: string[] }[]>().map((p) => p.participants),
      [['health', 'frontline']],
    );
  });

  it('reads rounds and a round with its plan and counts with any token', async () => {
    await addQuestionnaire(t.db, world.alpha.id, roundId);
    const list = await call('GET', '/api/v1/trusts/alpha/rounds', tokens['action-lead']);
    assert.equal(list.statusCode, 200);
    const rows = list.json<RoundBody[]>();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.responses, 0);
    const detail = await call('GET', `/api/v1/trusts/alpha/rounds/${roundId}`, tokens.viewer);
    assert.equal(detail.statusCode, 200);
    const body = detail.json<RoundBody>();
    assert.equal(body.status, 'planning');
    assert.equal(body.plan?.length, 1);
    assert.deepEqual(body.counts, { questionnaires: 1, responses: 0, workshops: 0 });
  });

  it('changes the status with PATCH', async () => {
    const url = `/api/v1/trusts/alpha/rounds/${roundId}`;
    const bad = await call('PATCH', url, tokens['trust-admin'], { status: 'done' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(fields(bad.json<ErrorBody>()), ['status']);
    const response = await call('PATCH', url, tokens['trust-admin'], { status: 'collecting' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json<RoundBody>().status, 'collecting');
    assert.equal((await alphaRounds())[0]?.status, 'collecting');
  });

  it('hides rounds from other trusts (404) and needs a token (401)', async () => {
    assert.equal((await call('GET', '/api/v1/trusts/alpha/rounds', tokens.beta)).statusCode, 404);
    const theirs = `/api/v1/trusts/beta/rounds/${roundId}`;
    assert.equal((await call('GET', theirs, tokens.beta)).statusCode, 404);
    assert.equal(
      (await call('PATCH', theirs, tokens.beta, { status: 'reported' })).statusCode,
      404,
    );
    assert.equal((await call('GET', `${theirs}/plan`, tokens.beta)).statusCode, 404);
    assert.equal(
      (await call('GET', '/api/v1/trusts/alpha/rounds/not-a-uuid', tokens.viewer)).statusCode,
      404,
    );
    assert.equal((await call('GET', '/api/v1/trusts/alpha/rounds', undefined)).statusCode, 401);
    assert.equal((await alphaRounds())[0]?.status, 'collecting');
  });

  it('documents the endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const list = doc.paths['/api/v1/trusts/{trust}/rounds'];
    assert.ok(list?.get);
    assert.ok(list.post);
    assert.ok(doc.paths['/api/v1/trusts/{trust}/rounds/{round}']?.patch);
    assert.ok(doc.paths['/api/v1/trusts/{trust}/rounds/{round}/plan']?.post);
  });
});
