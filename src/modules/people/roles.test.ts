import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import {
  Agent,
  apiToken,
  createTestApp,
  seedWorld,
  text,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { memberships } from '../../db/schema/index.ts';
import { findUserByEmail, rolesOf } from './repository.ts';

describe("a person's roles in a trust", () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;

  const idOf = async (email: string) => {
    const user = await t.db.asSystem((tx) => findUserByEmail(tx, email));
    assert.ok(user, `no user ${email}`);
    return user.id;
  };
  const alphaRoles = async (email: string) => {
    const id = await idOf(email);
    return t.db.withTrust(world.alpha.id, (tx) => rolesOf(tx, id));
  };

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
    const invited = await admin.post('/trusts/alpha/users/invite', {
      name: 'Pat Pending',
      email: 'pat@example.org',
      roles: 'action-lead',
    });
    assert.equal(invited.statusCode, 303);
  });
  after(() => t.close());

  it("changes a person's roles", async () => {
    const id = await idOf(world.users.contributor);
    const page = await admin.get(`/trusts/alpha/users/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Alpha contributor<\/h1>/);
    assert.match(page.body, /value="contributor" checked/);
    const saved = await admin.post(`/trusts/alpha/users/${id}`, {
      roles: ['action-lead', 'contributor'],
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/trusts/alpha/users/${id}?done=saved`);
    assert.deepEqual(await alphaRoles(world.users.contributor), ['contributor', 'action-lead']);
    const shown = await admin.get(`/trusts/alpha/users/${id}?done=saved`);
    assert.match(text(shown.body), /Roles saved/);
    assert.match(shown.body, /value="action-lead" checked/);
    const swapped = await admin.post(`/trusts/alpha/users/${id}`, { roles: 'viewer' });
    assert.equal(swapped.statusCode, 303);
    assert.deepEqual(await alphaRoles(world.users.contributor), ['viewer']);
    // No roles at all, or a made-up one: an error, and nothing changes.
    const none = await admin.post(`/trusts/alpha/users/${id}`, {});
    assert.equal(none.statusCode, 400);
    assert.match(text(none.body), /Select at least one role, or remove them from this trust/);
    const bogus = await admin.post(`/trusts/alpha/users/${id}`, { roles: 'national-analyst' });
    assert.equal(bogus.statusCode, 400);
    assert.match(text(bogus.body), /Select roles from the list/);
    assert.deepEqual(await alphaRoles(world.users.contributor), ['viewer']);
    await admin.post(`/trusts/alpha/users/${id}`, { roles: 'contributor' });
    assert.deepEqual(await alphaRoles(world.users.contributor), ['contributor']);
  });

  it('answers 404 for a bad, unknown or outside person', async () => {
    const betaAdminId = await idOf(world.users.betaAdmin);
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', betaAdminId, "1'"]) {
      assert.equal((await admin.get(`/trusts/alpha/users/${id}`)).statusCode, 404, id);
      assert.equal(
        (await admin.post(`/trusts/alpha/users/${id}`, { roles: 'viewer' })).statusCode,
        404,
      );
      assert.equal((await admin.get(`/trusts/alpha/users/${id}/remove`)).statusCode, 404);
      assert.equal((await admin.post(`/trusts/alpha/users/${id}/remove`)).statusCode, 404);
      assert.equal((await admin.post(`/trusts/alpha/users/${id}/resend`)).statusCode, 404);
    }
    assert.deepEqual(await t.db.withTrust(world.alpha.id, (tx) => rolesOf(tx, betaAdminId)), []);
  });

  it('removes a person from the trust', async () => {
    const email = world.users['action-lead'];
    const id = await idOf(email);
    const confirm = await admin.get(`/trusts/alpha/users/${id}/remove`);
    assert.equal(confirm.statusCode, 200);
    assert.match(text(confirm.body), /Remove Alpha action-lead from Alpha Partnership/);
    const removed = await admin.post(`/trusts/alpha/users/${id}/remove`);
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, '/trusts/alpha/users?done=removed');
    assert.deepEqual(await alphaRoles(email), []);
    const list = text((await admin.get('/trusts/alpha/users?done=removed')).body);
    assert.match(list, /They have been removed from this trust/);
    assert.doesNotMatch(list, /action-lead@alpha\.test/);
    assert.equal((await admin.get(`/trusts/alpha/users/${id}`)).statusCode, 404);
    // The account remains, but the trust is gone for them.
    const lead = new Agent(t.app);
    await lead.signIn(email);
    assert.equal((await lead.get('/trusts/alpha')).statusCode, 404);
  });

  it('lists people through the API for trust admin tokens only', async () => {
    const token = await apiToken(t.db, world.alpha.id, 'trust-admin');
    const response = await t.app.inject({
      url: '/api/v1/trusts/alpha/users',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.statusCode, 200);
    const people =
      response.json<
        { id: string; name: string; email: string; roles: string[]; invited: boolean }[]
      >();
    const adminRow = people.find((p) => p.email === world.users['trust-admin']);
    assert.deepEqual(adminRow, {
      id: await idOf(world.users['trust-admin']),
      name: 'Alpha trust-admin',
      email: world.users['trust-admin'],
      roles: ['trust-admin'],
      invited: false,
    });
    assert.equal(people.find((p) => p.email === 'pat@example.org')?.invited, true);
    assert.ok(!people.some((p) => p.email === world.users.betaAdmin));
    const viewer = await apiToken(t.db, world.alpha.id, 'viewer');
    const refused = await t.app.inject({
      url: '/api/v1/trusts/alpha/users',
      headers: { authorization: `Bearer ${viewer}` },
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json<{ error: string }>().error, 'forbidden');
    const beta = await t.app.inject({
      url: '/api/v1/trusts/beta/users',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(beta.statusCode, 404);
    const doc = await t.app.inject('/api/v1/openapi.json');
    assert.ok(doc.json<{ paths: Record<string, unknown> }>().paths['/api/v1/trusts/{trust}/users']);
  });

  it('always keeps at least one trust admin', async () => {
    const adminEmail = world.users['trust-admin'];
    const self = await idOf(adminEmail);
    const demote = await admin.post(`/trusts/alpha/users/${self}`, { roles: 'viewer' });
    assert.equal(demote.statusCode, 400);
    assert.match(text(demote.body), /must always have at least one trust admin/);
    assert.match(demote.body, /href="#roles"/);
    const remove = await admin.post(`/trusts/alpha/users/${self}/remove`);
    assert.equal(remove.statusCode, 400);
    assert.match(text(remove.body), /must always have at least one trust admin/);
    assert.deepEqual(await alphaRoles(adminEmail), ['trust-admin']);
    // With a second admin, the first may step down and is taken out of the admin pages.
    const viewerId = await idOf(world.users.viewer);
    await admin.post(`/trusts/alpha/users/${viewerId}`, { roles: ['trust-admin', 'viewer'] });
    const stepDown = await admin.post(`/trusts/alpha/users/${self}`, { roles: 'contributor' });
    assert.equal(stepDown.statusCode, 303);
    assert.equal(stepDown.headers.location, '/trusts/alpha');
    assert.deepEqual(await alphaRoles(adminEmail), ['contributor']);
    assert.equal((await admin.get('/trusts/alpha/users')).statusCode, 403);
    // The remaining admin cannot remove themselves either.
    const other = new Agent(t.app);
    await other.signIn(world.users.viewer);
    const last = await other.post(`/trusts/alpha/users/${viewerId}/remove`);
    assert.equal(last.statusCode, 400);
    assert.deepEqual(await alphaRoles(world.users.viewer), ['trust-admin', 'viewer']);
    const [row] = await t.db.asSystem((tx) =>
      tx.select({ n: count() }).from(memberships).where(eq(memberships.role, 'trust-admin')),
    );
    assert.equal(row?.n, 2); // alpha's viewer and beta's admin
  });
});
