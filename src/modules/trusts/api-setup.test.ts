import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { asc, desc, eq } from 'drizzle-orm';
import {
  auditLog,
  localities,
  organisations,
  trusts,
  trustSectors,
} from '../../db/schema/index.ts';
import { useApp } from '../../../test/build.ts';

// Trust set-up through the API: the trust's details, its safeguarding contact, its
// sectors, and removing localities and organisations. Same rules and audit entries as the
// pages; a viewer token is refused, another trust's token finds nothing.

interface Problem {
  status: number;
  error: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

const TOKEN = 'API token: test trust-admin';

describe('trust set-up through the API', () => {
  const bed = useApp({ tokens: ['trust-admin', 'viewer', 'beta', 'system-admin'] });
  const alpha = () => bed.alpha.id;

  const lastAudit = async () => {
    const [row] = await bed.db.withTrust(alpha(), (tx) =>
      tx.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1),
    );
    return row;
  };
  const snapshot = () =>
    bed.db.withTrust(alpha(), async (tx) => ({
      trust: await tx.select().from(trusts).where(eq(trusts.id, alpha())),
      sectors: await tx.select().from(trustSectors).orderBy(asc(trustSectors.key)),
      localities: await tx.select().from(localities).orderBy(asc(localities.name)),
      organisations: await tx.select().from(organisations).orderBy(asc(organisations.name)),
      audit: (await tx.select({ id: auditLog.id }).from(auditLog)).length,
    }));
  const fields = (body: Problem) => (body.errors ?? []).map((e) => e.field);

  before(async () => {
    await bed.db.withTrust(alpha(), (tx) =>
      tx.insert(trustSectors).values([
        { trustId: alpha(), key: 'schools', name: 'Schools', nationalKey: 'schools' },
        { trustId: alpha(), key: 'health', name: 'Health', nationalKey: 'health' },
      ]),
    );
  });

  it("changes the trust's name and region, audited as the token", async () => {
    const response = await bed.api('trust-admin', 'PUT', '/api/v1/trusts/alpha', {
      name: '  Alpha Children’s Partnership ',
      region: 'Yorkshire and the Humber',
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      slug: 'alpha',
      name: 'Alpha Children’s Partnership',
      region: 'Yorkshire and the Humber',
    });
    const entry = await lastAudit();
    assert.equal(entry?.action, 'updated trust details');
    assert.equal(entry.actor, TOKEN);
    assert.deepEqual(entry.details, {
      from: { name: 'Alpha Partnership', region: 'North East' },
      to: { name: 'Alpha Children’s Partnership', region: 'Yorkshire and the Humber' },
    });
    const read = await bed.api('viewer', 'GET', '/api/v1/trusts/alpha');
    assert.equal(read.json<{ name: string }>().name, 'Alpha Children’s Partnership');
    // Left out, the region is none.
    const none = await bed.api('trust-admin', 'PUT', '/api/v1/trusts/alpha', { name: 'Alpha' });
    assert.equal(none.json<{ region: unknown }>().region, null);
  });

  it('refuses bad details with field errors and saves nothing', async () => {
    const before = await snapshot();
    const cases: [unknown, string[]][] = [
      [{ name: '' }, ['name']],
      [{}, ['name']],
      [{ name: 'x'.repeat(121) }, ['name']],
      [{ name: 'Alpha', region: 'Atlantis' }, ['region']],
      [{ name: 'Alpha', region: 7 }, ['region']],
    ];
    for (const [body, expected] of cases) {
      const response = await bed.api('trust-admin', 'PUT', '/api/v1/trusts/alpha', body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.deepEqual(fields(response.json<Problem>()), expected, JSON.stringify(body));
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('sets and clears the safeguarding contact', async () => {
    const contact = 'Alpha front door: 0161 496 0000\nOut of hours: 0161 496 0999';
    const set = await bed.api('trust-admin', 'PUT', '/api/v1/trusts/alpha/safeguarding-contact', {
      contact: `  ${contact.replace('\n', '\r\n')}  `,
    });
    assert.equal(set.statusCode, 200);
    assert.deepEqual(set.json(), { contact });
    assert.equal((await lastAudit())?.action, 'set the safeguarding contact');
    const read = await bed.api('viewer', 'GET', '/api/v1/trusts/alpha/safeguarding-contact');
    assert.deepEqual(read.json(), { contact });
    const tooLong = await bed.api(
      'trust-admin',
      'PUT',
      '/api/v1/trusts/alpha/safeguarding-contact',
      { contact: 'x'.repeat(501) },
    );
    assert.equal(tooLong.statusCode, 400);
    assert.deepEqual(fields(tooLong.json<Problem>()), ['contact']);
    const cleared = await bed.api(
      'trust-admin',
      'PUT',
      '/api/v1/trusts/alpha/safeguarding-contact',
      { contact: null },
    );
    assert.deepEqual(cleared.json(), { contact: null });
    const entry = await lastAudit();
    assert.equal(entry?.action, 'removed the safeguarding contact');
    assert.equal(entry.actor, TOKEN);
  });

  it('chooses national sectors, and refuses one that still has organisations', async () => {
    const chosen = await bed.api('trust-admin', 'PUT', '/api/v1/trusts/alpha/sectors', {
      sectors: ['schools', 'health', 'justice'],
    });
    assert.equal(chosen.statusCode, 200);
    assert.deepEqual(
      chosen.json<{ key: string }[]>().map((s) => s.key),
      ['schools', 'health', 'justice'],
    );
    const entry = await lastAudit();
    assert.equal(entry?.action, 'changed sectors');
    assert.deepEqual(entry.details, { added: ['justice'], removed: [] });
    const org = await bed.api('trust-admin', 'POST', '/api/v1/trusts/alpha/organisations', {
      name: 'Northgate Police',
      sector: 'justice',
    });
    assert.equal(org.statusCode, 201);
    const before = await snapshot();
    const refused = await bed.api('trust-admin', 'PUT', '/api/v1/trusts/alpha/sectors', {
      sectors: ['schools', 'health'],
    });
    assert.equal(refused.statusCode, 400);
    const problem = refused.json<Problem>();
    assert.deepEqual(fields(problem), ['sectors']);
    assert.match(problem.detail, /has organisations \(Northgate Police\)/);
    for (const body of [{ sectors: [] }, { sectors: ['pirates'] }, {}]) {
      const bad = await bed.api('trust-admin', 'PUT', '/api/v1/trusts/alpha/sectors', body);
      assert.equal(bad.statusCode, 400, JSON.stringify(body));
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('adds and removes sectors of its own; one with organisations is refused with 409', async () => {
    const added = await bed.api('trust-admin', 'POST', '/api/v1/trusts/alpha/sectors', {
      name: 'Youth justice',
      nationalKey: 'justice',
    });
    assert.equal(added.statusCode, 201);
    assert.deepEqual(added.json(), {
      key: 'youth-justice',
      name: 'Youth justice',
      nationalKey: 'justice',
      custom: true,
      headcount: null,
    });
    assert.equal((await lastAudit())?.action, 'added own sector');
    for (const body of [
      { name: 'youth justice', nationalKey: 'justice' },
      { name: 'Schools', nationalKey: 'schools' },
      { name: 'Other', nationalKey: 'pirates' },
    ]) {
      const bad = await bed.api('trust-admin', 'POST', '/api/v1/trusts/alpha/sectors', body);
      assert.equal(bad.statusCode, 400, JSON.stringify(body));
    }
    await bed.api('trust-admin', 'POST', '/api/v1/trusts/alpha/organisations', {
      name: 'Youth Offending Team',
      sector: 'youth-justice',
    });
    const before = await snapshot();
    const inUse = await bed.api(
      'trust-admin',
      'DELETE',
      '/api/v1/trusts/alpha/sectors/youth-justice',
    );
    assert.equal(inUse.statusCode, 409);
    assert.match(inUse.json<Problem>().detail, /has organisations \(Youth Offending Team\)/);
    // A national sector is left out with PUT /sectors, not removed: there is no own sector by that key.
    const national = await bed.api('trust-admin', 'DELETE', '/api/v1/trusts/alpha/sectors/schools');
    assert.equal(national.statusCode, 404);
    assert.deepEqual(await snapshot(), before);
    const mine = await bed.api('trust-admin', 'POST', '/api/v1/trusts/alpha/sectors', {
      name: 'Libraries',
      nationalKey: 'schools',
    });
    assert.equal(mine.statusCode, 201);
    const gone = await bed.api('trust-admin', 'DELETE', '/api/v1/trusts/alpha/sectors/libraries');
    assert.equal(gone.statusCode, 204);
    assert.equal(gone.body, '');
    const entry = await lastAudit();
    assert.equal(entry?.action, 'removed own sector');
    assert.equal(entry.actor, TOKEN);
    assert.ok(!(await snapshot()).sectors.some((s) => s.key === 'libraries'));
  });

  it('removes localities and organisations', async () => {
    const locality = await bed.api('trust-admin', 'POST', '/api/v1/trusts/alpha/localities', {
      name: 'Eastbrook',
    });
    const { id } = locality.json<{ id: string }>();
    const removed = await bed.api('trust-admin', 'DELETE', `/api/v1/trusts/alpha/localities/${id}`);
    assert.equal(removed.statusCode, 204);
    assert.equal((await lastAudit())?.action, 'removed locality');
    const again = await bed.api('trust-admin', 'DELETE', `/api/v1/trusts/alpha/localities/${id}`);
    assert.equal(again.statusCode, 404);
    const bad = await bed.api('trust-admin', 'DELETE', '/api/v1/trusts/alpha/localities/x');
    assert.equal(bad.statusCode, 404);
    const org = (await bed.api('viewer', 'GET', '/api/v1/trusts/alpha/organisations')).json<
      { id: string; name: string }[]
    >()[0];
    assert.ok(org);
    const gone = await bed.api(
      'trust-admin',
      'DELETE',
      `/api/v1/trusts/alpha/organisations/${org.id}`,
    );
    assert.equal(gone.statusCode, 204);
    const entry = await lastAudit();
    assert.equal(entry?.action, 'removed organisation');
    assert.deepEqual(entry.details, { name: org.name });
  });

  it('refuses every change to a viewer token (403) and to other trusts (404), saving nothing', async () => {
    const [org] = (await snapshot()).organisations;
    assert.ok(org);
    const changes: [string, string, unknown?][] = [
      ['PUT', '/api/v1/trusts/alpha', { name: 'Taken over' }],
      ['PUT', '/api/v1/trusts/alpha/safeguarding-contact', { contact: 'Call us' }],
      ['PUT', '/api/v1/trusts/alpha/sectors', { sectors: ['schools'] }],
      ['POST', '/api/v1/trusts/alpha/sectors', { name: 'Planted', nationalKey: 'health' }],
      ['DELETE', '/api/v1/trusts/alpha/sectors/youth-justice'],
      ['DELETE', `/api/v1/trusts/alpha/organisations/${org.id}`],
    ];
    const before = await snapshot();
    for (const [method, url, body] of changes) {
      const viewer = await bed.api('viewer', method, url, body);
      assert.equal(viewer.statusCode, 403, `viewer ${method} ${url}`);
      assert.equal(viewer.json<Problem>().error, 'forbidden');
      for (const holder of ['beta', 'system-admin'] as const) {
        const foreign = await bed.api(holder, method, url, body);
        assert.equal(foreign.statusCode, 404, `${holder} ${method} ${url}`);
      }
    }
    for (const url of ['/api/v1/trusts/alpha', '/api/v1/trusts/alpha/safeguarding-contact'])
      assert.equal((await bed.api('beta', 'GET', url)).statusCode, 404, url);
    assert.deepEqual(await snapshot(), before);
  });
});
