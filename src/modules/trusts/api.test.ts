import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asc } from 'drizzle-orm';
import { auditLog, localities, organisations, trustSectors } from '../../db/schema/index.ts';
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

describe('trust set-up API', () => {
  let t: TestApp;
  let world: World;
  let adminToken: string;
  let viewerToken: string;
  let betaToken: string;

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    adminToken = await apiToken(t.db, world.alpha.id, 'trust-admin');
    viewerToken = await apiToken(t.db, world.alpha.id, 'viewer');
    betaToken = await apiToken(t.db, world.beta.id, 'trust-admin');
    // Alpha works with two national sectors and one of its own.
    await t.db.withTrust(world.alpha.id, (tx) =>
      tx.insert(trustSectors).values([
        { trustId: world.alpha.id, key: 'health', name: 'Health', nationalKey: 'health' },
        {
          trustId: world.alpha.id,
          key: 'schools',
          name: 'Schools',
          nationalKey: 'schools',
          headcount: 900,
        },
        {
          trustId: world.alpha.id,
          key: 'camhs',
          name: 'Mental health',
          nationalKey: 'health',
          custom: true,
        },
      ]),
    );
  });
  after(() => t.close());

  const call = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    token: string | null,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  const fieldsOf = (body: ErrorBody) => (body.errors ?? []).map((e) => e.field);
  const alphaRows = async () =>
    t.db.withTrust(world.alpha.id, async (tx) => ({
      sectors: await tx.select().from(trustSectors).orderBy(asc(trustSectors.key)),
      localities: await tx.select().from(localities),
      organisations: await tx.select().from(organisations),
    }));

  it('reads the trust and its sectors with any token of the trust', async () => {
    const trust = await call('GET', '/api/v1/trusts/alpha', viewerToken);
    assert.equal(trust.statusCode, 200);
    assert.deepEqual(trust.json(), {
      slug: 'alpha',
      name: 'Alpha Partnership',
      region: 'North East',
    });
    const sectors = await call('GET', '/api/v1/trusts/alpha/sectors', viewerToken);
    assert.equal(sectors.statusCode, 200);
    assert.deepEqual(sectors.json(), [
      { key: 'schools', name: 'Schools', nationalKey: 'schools', custom: false, headcount: 900 },
      { key: 'health', name: 'Health', nationalKey: 'health', custom: false, headcount: null },
      { key: 'camhs', name: 'Mental health', nationalKey: 'health', custom: true, headcount: null },
    ]);
  });

  it('refuses requests without a token, and other trusts', async () => {
    assert.equal((await call('GET', '/api/v1/trusts/alpha', null)).statusCode, 401);
    for (const url of [
      '/api/v1/trusts/alpha',
      '/api/v1/trusts/alpha/sectors',
      '/api/v1/trusts/alpha/localities',
      '/api/v1/trusts/alpha/organisations',
    ])
      assert.equal((await call('GET', url, betaToken)).statusCode, 404, url);
    const put = await call('PUT', '/api/v1/trusts/alpha/sectors/health/headcount', betaToken, {
      headcount: 5,
    });
    assert.equal(put.statusCode, 404);
    const post = await call('POST', '/api/v1/trusts/alpha/localities', betaToken, { name: 'X' });
    assert.equal(post.statusCode, 404);
    const rows = await alphaRows();
    assert.equal(rows.localities.length, 0);
    assert.equal(rows.sectors.find((s) => s.key === 'health')?.headcount, null);
  });

  it('sets headcount with a trust admin token', async () => {
    const response = await call('PUT', '/api/v1/trusts/alpha/sectors/camhs/headcount', adminToken, {
      headcount: 120,
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      key: 'camhs',
      name: 'Mental health',
      nationalKey: 'health',
      custom: true,
      headcount: 120,
    });
    const cleared = await call(
      'PUT',
      '/api/v1/trusts/alpha/sectors/schools/headcount',
      adminToken,
      {
        headcount: null,
      },
    );
    assert.equal(cleared.statusCode, 200);
    const rows = await alphaRows();
    assert.equal(rows.sectors.find((s) => s.key === 'camhs')?.headcount, 120);
    assert.equal(rows.sectors.find((s) => s.key === 'schools')?.headcount, null);
    const audit = await t.db.withTrust(world.alpha.id, (tx) =>
      tx.select().from(auditLog).orderBy(asc(auditLog.id)),
    );
    const last = audit.at(-1);
    assert.ok(last);
    assert.equal(last.action, 'changed headcount');
    assert.equal(last.actor, 'API token: test trust-admin');
    assert.deepEqual(last.details, { schools: { from: 900, to: null } });
  });

  it('rejects bad headcounts with field errors and saves nothing', async () => {
    for (const headcount of [-1, 2.5, 1_000_001, 'lots', undefined]) {
      const response = await call(
        'PUT',
        '/api/v1/trusts/alpha/sectors/health/headcount',
        adminToken,
        headcount === undefined ? {} : { headcount },
      );
      assert.equal(response.statusCode, 400, String(headcount));
      const body = response.json<ErrorBody>();
      assert.equal(body.error, 'invalid_request');
      assert.deepEqual(fieldsOf(body), ['headcount']);
    }
    const unknown = await call(
      'PUT',
      '/api/v1/trusts/alpha/sectors/pirates/headcount',
      adminToken,
      {
        headcount: 3,
      },
    );
    assert.equal(unknown.statusCode, 404);
    const rows = await alphaRows();
    assert.equal(rows.sectors.find((s) => s.key === 'health')?.headcount, null);
  });

  it('adds and lists localities', async () => {
    const response = await call('POST', '/api/v1/trusts/alpha/localities', adminToken, {
      name: '  Northgate ',
    });
    assert.equal(response.statusCode, 201);
    const created = response.json<{ id: string; name: string }>();
    assert.equal(created.name, 'Northgate');
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    const list = await call('GET', '/api/v1/trusts/alpha/localities', viewerToken);
    assert.deepEqual(list.json(), [created]);
  });

  it('rejects bad localities with field errors', async () => {
    const cases: [unknown, RegExp][] = [
      [{ name: '' }, /Enter a name for the locality/],
      [{}, /Enter a name for the locality/],
      [{ name: 'x'.repeat(81) }, /80 characters or fewer/],
      [{ name: 'NORTHGATE' }, /A locality called NORTHGATE already exists/],
    ];
    for (const [payload, message] of cases) {
      const response = await call('POST', '/api/v1/trusts/alpha/localities', adminToken, payload);
      assert.equal(response.statusCode, 400);
      const body = response.json<ErrorBody>();
      assert.deepEqual(fieldsOf(body), ['name']);
      assert.match(body.errors?.[0]?.message ?? '', message);
    }
    assert.equal((await alphaRows()).localities.length, 1);
  });

  it('adds and lists organisations by sector key', async () => {
    const response = await call('POST', '/api/v1/trusts/alpha/organisations', adminToken, {
      name: 'Riverside CAMHS',
      sector: 'camhs',
    });
    assert.equal(response.statusCode, 201);
    const created = response.json<{ id: string; name: string; sector: string }>();
    assert.equal(created.sector, 'camhs');
    const list = await call('GET', '/api/v1/trusts/alpha/organisations', viewerToken);
    assert.deepEqual(list.json(), [
      { id: created.id, name: 'Riverside CAMHS', sector: 'camhs', sectorName: 'Mental health' },
    ]);
  });

  it('rejects duplicate organisations and unknown sectors with field errors', async () => {
    const cases: [unknown, string[]][] = [
      [{ name: 'riverside camhs', sector: 'health' }, ['name']],
      [{ name: 'New Org', sector: 'youth' }, ['sector']],
      [{ name: 'riverside camhs', sector: 'nope' }, ['name', 'sector']],
      [{ name: '', sector: '' }, ['name', 'sector']],
      [{ name: 'n'.repeat(121), sector: 'health' }, ['name']],
    ];
    for (const [payload, fields] of cases) {
      const response = await call(
        'POST',
        '/api/v1/trusts/alpha/organisations',
        adminToken,
        payload,
      );
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.deepEqual(fieldsOf(response.json<ErrorBody>()), fields);
    }
    assert.equal((await alphaRows()).organisations.length, 1);
  });

  it('refuses writes with a viewer token and saves nothing', async () => {
    const before = await alphaRows();
    const attempts = [
      call('PUT', '/api/v1/trusts/alpha/sectors/health/headcount', viewerToken, { headcount: 5 }),
      call('POST', '/api/v1/trusts/alpha/localities', viewerToken, { name: 'Eastbrook' }),
      call('POST', '/api/v1/trusts/alpha/organisations', viewerToken, {
        name: 'Eastbrook Surgery',
        sector: 'health',
      }),
    ];
    for (const response of await Promise.all(attempts)) {
      assert.equal(response.statusCode, 403);
      assert.equal(response.json<ErrorBody>().error, 'forbidden');
    }
    assert.deepEqual(await alphaRows(), before);
  });

  it('documents the endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, { 'x-roles'?: string[] }>>;
    }>();
    assert.ok(doc.paths['/api/v1/trusts/{trust}']?.get);
    assert.ok(doc.paths['/api/v1/trusts/{trust}/sectors']?.get);
    assert.deepEqual(
      doc.paths['/api/v1/trusts/{trust}/sectors/{sector}/headcount']?.put?.['x-roles'],
      ['trust-admin'],
    );
    assert.ok(doc.paths['/api/v1/trusts/{trust}/localities']?.post);
    assert.ok(doc.paths['/api/v1/trusts/{trust}/organisations']?.post);
  });
});
