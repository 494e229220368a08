import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import { auditLog, memberships, users, userTokens } from '../../db/schema/index.ts';
import { useApp } from '../../../test/build.ts';

// A trust's people through the API: invite, read, change roles, remove, send a new
// invitation. The same rules as the People pages; the invitation link is only ever in the
// email.

interface Person {
  id: string;
  name: string;
  email: string;
  roles: string[];
  invited: boolean;
}
interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

const BASE = '/api/v1/trusts/alpha/users';
const TOKEN = 'API token: test trust-admin';

describe('people through the API', () => {
  const bed = useApp({ tokens: ['trust-admin', 'viewer', 'beta'] });

  const lastAudit = async (action: string) =>
    (
      await bed.db.withTrust(bed.alpha.id, (tx) =>
        tx
          .select()
          .from(auditLog)
          .where(eq(auditLog.action, action))
          .orderBy(desc(auditLog.id))
          .limit(1),
      )
    )[0];
  const snapshot = () =>
    bed.db.asSystem(async (tx) => ({
      users: (await tx.select({ id: users.id }).from(users)).length,
      memberships: await tx.select().from(memberships).orderBy(memberships.id),
      links: (await tx.select({ id: userTokens.idHash }).from(userTokens)).length,
    }));
  const personByEmail = async (email: string) => {
    const list = (await bed.api('trust-admin', 'GET', BASE)).json<Person[]>();
    const found = list.find((p) => p.email === email);
    assert.ok(found, email);
    return found;
  };

  it('invites someone new: the link is emailed, never answered', async () => {
    const response = await bed.api('trust-admin', 'POST', BASE, {
      name: 'Sam Patel',
      email: 'Sam.Patel@Example.org',
      roles: ['viewer', 'contributor'],
    });
    assert.equal(response.statusCode, 201);
    const person = response.json<Person & { mailSent: boolean }>();
    assert.deepEqual(
      { ...person, id: undefined },
      {
        id: undefined,
        name: 'Sam Patel',
        email: 'sam.patel@example.org',
        roles: ['contributor', 'viewer'],
        invited: true,
        mailSent: true,
      },
    );
    const mail = bed.outbox.lastTo('sam.patel@example.org');
    const link = /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    assert.ok(link, 'the email holds the link');
    assert.ok(!response.body.includes(link), 'the answer does not');
    assert.match(mail?.text ?? '', /Alpha Partnership's trust admin has invited you/);
    const entry = await lastAudit('invited person');
    assert.equal(entry?.actor, TOKEN);
    assert.equal(entry.entityId, person.id);
    // Readable one by one.
    const read = await bed.api('trust-admin', 'GET', `${BASE}/${person.id}`);
    const { id, name, email, roles, invited } = person;
    assert.deepEqual(read.json(), { id, name, email, roles, invited });
  });

  it('refuses bad invitations with field errors and saves nothing', async () => {
    const before = await snapshot();
    const cases: [unknown, string[]][] = [
      [{ name: '', email: 'x@example.org', roles: ['viewer'] }, ['name']],
      [{ name: '   ', email: 'x@example.org', roles: ['viewer'] }, ['name']],
      [{ name: 'X', email: 'not an email', roles: ['viewer'] }, ['email']],
      [{ name: 'X', email: 'x@example.org', roles: [] }, ['roles']],
      [{ name: 'X', email: 'x@example.org', roles: ['owner'] }, ['roles.0']],
      [{ name: 'X', email: 'x@example.org', roles: 'viewer' }, ['roles']],
      [{ name: 'Again', email: 'sam.patel@example.org', roles: ['viewer'] }, ['email']],
    ];
    for (const [body, fields] of cases) {
      const response = await bed.api('trust-admin', 'POST', BASE, body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.deepEqual(
        response.json<Problem>().errors?.map((e) => e.field),
        fields,
        JSON.stringify(body),
      );
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('sends a new invitation, and refuses once they have a password', async () => {
    const sam = await personByEmail('sam.patel@example.org');
    const before = bed.outbox.mails.length;
    const resent = await bed.api('trust-admin', 'POST', `${BASE}/${sam.id}/invitation`);
    assert.equal(resent.statusCode, 201);
    assert.deepEqual(resent.json(), { email: 'sam.patel@example.org', mailSent: true });
    assert.equal(bed.outbox.mails.length, before + 1);
    assert.ok(!resent.body.includes('/invitation/'));
    assert.equal((await lastAudit('resent invitation'))?.actor, TOKEN);
    const viewer = await personByEmail(bed.world.users.viewer);
    const refused = await bed.api('trust-admin', 'POST', `${BASE}/${viewer.id}/invitation`);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json<Problem>().detail, /already set a password/);
  });

  it('changes roles, and never leaves the trust without a trust admin', async () => {
    const sam = await personByEmail('sam.patel@example.org');
    const changed = await bed.api('trust-admin', 'PATCH', `${BASE}/${sam.id}`, {
      roles: ['action-lead'],
    });
    assert.equal(changed.statusCode, 200);
    assert.deepEqual(changed.json<Person>().roles, ['action-lead']);
    const granted = await lastAudit('granted role');
    assert.deepEqual(granted?.details, { role: 'action-lead' });
    assert.equal(granted.actor, TOKEN);
    const empty = await bed.api('trust-admin', 'PATCH', `${BASE}/${sam.id}`, { roles: [] });
    assert.equal(empty.statusCode, 400);
    const admin = await personByEmail(bed.world.users['trust-admin']);
    const before = await snapshot();
    const last = await bed.api('trust-admin', 'PATCH', `${BASE}/${admin.id}`, {
      roles: ['viewer'],
    });
    assert.equal(last.statusCode, 409);
    assert.match(last.json<Problem>().detail, /at least one trust admin/);
    const removeLast = await bed.api('trust-admin', 'DELETE', `${BASE}/${admin.id}`);
    assert.equal(removeLast.statusCode, 409);
    assert.deepEqual(await snapshot(), before);
  });

  it('removes a person from the trust', async () => {
    const sam = await personByEmail('sam.patel@example.org');
    const removed = await bed.api('trust-admin', 'DELETE', `${BASE}/${sam.id}`);
    assert.equal(removed.statusCode, 204);
    const entry = await lastAudit('removed person');
    assert.equal(entry?.actor, TOKEN);
    assert.deepEqual(entry.details, { roles: ['action-lead'] });
    assert.equal((await bed.api('trust-admin', 'GET', `${BASE}/${sam.id}`)).statusCode, 404);
    assert.equal((await bed.api('trust-admin', 'DELETE', `${BASE}/${sam.id}`)).statusCode, 404);
  });

  it('refuses viewer tokens (403) and other trusts (404), saving nothing', async () => {
    const viewer = await personByEmail(bed.world.users.viewer);
    const before = await snapshot();
    const calls: [string, string, unknown?][] = [
      ['GET', BASE],
      ['GET', `${BASE}/${viewer.id}`],
      ['POST', BASE, { name: 'Planted', email: 'planted@example.org', roles: ['viewer'] }],
      ['PATCH', `${BASE}/${viewer.id}`, { roles: ['trust-admin'] }],
      ['DELETE', `${BASE}/${viewer.id}`],
      ['POST', `${BASE}/${viewer.id}/invitation`],
    ];
    for (const [method, url, body] of calls) {
      assert.equal(
        (await bed.api('viewer', method as 'GET', url, body)).statusCode,
        403,
        `viewer ${method} ${url}`,
      );
      assert.equal(
        (await bed.api('beta', method as 'GET', url, body)).statusCode,
        404,
        `beta ${method} ${url}`,
      );
    }
    // Beta's admin is no one in alpha, even through alpha's token.
    const [betaAdmin] = await bed.db.asSystem((tx) =>
      tx.select().from(users).where(eq(users.email, bed.world.users.betaAdmin)),
    );
    assert.ok(betaAdmin);
    assert.equal((await bed.api('trust-admin', 'GET', `${BASE}/${betaAdmin.id}`)).statusCode, 404);
    assert.equal(
      (await bed.api('trust-admin', 'PATCH', `${BASE}/${betaAdmin.id}`, { roles: ['viewer'] }))
        .statusCode,
      404,
    );
    assert.equal((await bed.api('trust-admin', 'GET', `${BASE}/not-a-uuid`)).statusCode, 404);
    assert.deepEqual(await snapshot(), before);
  });
});
