import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { count } from 'drizzle-orm';
import { PASSWORD } from '../../../test/helpers.ts';
import { dom, type Dom, useApp } from '../../../test/build.ts';
import { memberships, users, userTokens } from '../../db/schema/index.ts';
import { findUserByEmail, rolesOf } from './repository.ts';

describe('people in a trust', () => {
  const t = useApp({
    signIn: ['trust-admin', 'contributor', 'action-lead', 'viewer', 'betaAdmin'],
  });
  const admin = () => t.as('trust-admin');
  /** The people table's rows below its header. */
  const people = (page: Dom) => page.rows('[data-testid="people"]').slice(1);
  const emails = (page: Dom) => people(page).map((row) => row[1]);
  const personRow = (page: Dom, email: string) => people(page).find((row) => row[1] === email);
  const banner = (page: Dom) => page.text('.govuk-notification-banner__content') ?? '';

  const idOf = async (email: string) => {
    const user = await t.db.asSystem((tx) => findUserByEmail(tx, email));
    assert.ok(user, `no user ${email}`);
    return user.id;
  };
  const alphaRoles = async (email: string) => {
    const id = await idOf(email);
    return t.db.withTrust(t.alpha.id, (tx) => rolesOf(tx, id));
  };
  const counts = () =>
    t.db.asSystem(async (tx) => {
      const [u] = await tx.select({ n: count() }).from(users);
      const [m] = await tx.select({ n: count() }).from(memberships);
      const [k] = await tx.select({ n: count() }).from(userTokens);
      return { users: u?.n, memberships: m?.n, tokens: k?.n };
    });
  const linkIn = (mailText: string) =>
    /http:\/\/ocw\.test(\/invitation\/[A-Za-z0-9_-]+)/.exec(mailText)?.[1];

  it('lists the people with a role in the trust, and only them', async () => {
    const page = await admin().get('/trusts/alpha/users');
    assert.equal(page.statusCode, 200);
    const html = dom(page.body);
    assert.equal(html.text('h1'), 'People');
    assert.ok(html.text('title')?.startsWith('People – '), html.text('title'));
    assert.deepEqual(
      people(html)
        .map((row) => row[1])
        .sort(),
      (['action-lead', 'contributor', 'trust-admin', 'viewer'] as const).map(
        (role) => t.world.users[role],
      ),
    );
    assert.deepEqual(personRow(html, 'action-lead@alpha.test'), [
      'Alpha action-lead',
      'action-lead@alpha.test',
      'Action lead',
      'Active',
    ]);
    assert.ok(!emails(html).includes('admin@beta.test'));
    assert.ok(!emails(html).includes('national-analyst@ocw.test'));
    assert.ok(!html.root.text.includes('admin@beta.test'));
    assert.ok(!html.root.text.includes('national-analyst@ocw.test'));
    assert.ok(html.has('a[href="/trusts/alpha/users/invite"]'));
    assert.ok(html.has('a[href="/trusts/alpha/users.csv"]'));
    const contributorId = await idOf(t.world.users.contributor);
    assert.equal(
      html.text(`[data-testid="people"] a[href="/trusts/alpha/users/${contributorId}"]`),
      'Alpha contributor',
    );
  });

  it('exports the list as CSV', async () => {
    const csv = await admin().get('/trusts/alpha/users.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="alpha-people/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'Name,Email address,Roles,Status');
    assert.ok(lines.includes('Alpha viewer,viewer@alpha.test,Viewer,Active'));
    assert.equal(lines.length, 5);
  });

  it('refuses people who are not trust admins', async () => {
    for (const role of ['contributor', 'action-lead', 'viewer'] as const) {
      const agent = t.as(role);
      assert.equal((await agent.get('/trusts/alpha/users')).statusCode, 403);
      assert.equal((await agent.get('/trusts/alpha/users.csv')).statusCode, 403);
      assert.equal((await agent.get('/trusts/alpha/users/invite')).statusCode, 403);
      const before = await counts();
      const post = await agent.post('/trusts/alpha/users/invite', {
        name: 'Sneaky',
        email: 'sneaky@example.org',
        roles: 'trust-admin',
      });
      assert.equal(post.statusCode, 403);
      const self = await idOf(t.world.users[role]);
      const raise = await agent.post(`/trusts/alpha/users/${self}`, { roles: 'trust-admin' });
      assert.equal(raise.statusCode, 403);
      assert.deepEqual(await counts(), before);
      assert.deepEqual(await alphaRoles(t.world.users[role]), [role]);
    }
  });

  it("answers 404 to another trust's admin, and sends a signed-out visitor to sign in", async () => {
    const beta = t.as('betaAdmin');
    assert.equal((await beta.get('/trusts/alpha/users')).statusCode, 404);
    assert.equal((await beta.get('/trusts/alpha/users.csv')).statusCode, 404);
    const contributorId = await idOf(t.world.users.contributor);
    assert.equal((await beta.get(`/trusts/alpha/users/${contributorId}`)).statusCode, 404);
    const post = await beta.post('/trusts/alpha/users/invite', {
      name: 'Spy',
      email: 'spy@example.org',
      roles: 'viewer',
    });
    assert.equal(post.statusCode, 404);
    assert.equal(await t.db.asSystem((tx) => findUserByEmail(tx, 'spy@example.org')), undefined);
    // Beta's own list shows only beta's admin.
    const own = dom((await beta.get('/trusts/beta/users')).body);
    assert.deepEqual(emails(own), ['admin@beta.test']);
    assert.ok(!own.root.text.includes('alpha.test'));
    const anonymous = await t.anonymous().get('/trusts/alpha/users');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/sign-in/);
  });

  it('rejects bad invitations with a message by each field and saves nothing', async () => {
    const form = await admin().get('/trusts/alpha/users/invite');
    assert.equal(form.statusCode, 200);
    const formPage = dom(form.body);
    assert.equal(formPage.attr('#roles', 'name'), 'roles');
    assert.equal(formPage.attr('#roles', 'type'), 'checkbox');
    assert.equal(formPage.attr('#roles', 'value'), 'trust-admin');
    assert.ok(
      formPage
        .texts('.govuk-checkboxes__hint')
        .includes('Board or executive member: reads dashboards and reports'),
      formPage.texts('.govuk-checkboxes__hint').join(' | '),
    );
    const before = await counts();
    const mailsBefore = t.outbox.mails.length;
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ name: 'Ann', email: 'not-an-email', roles: 'viewer' }, 'email', /correct format/],
      [{ name: 'Ann', email: '', roles: 'viewer' }, 'email', /Enter their email address/],
      [{ name: 'Ann', email: 'ann@example.org' }, 'roles', /Select at least one role/],
      [{ name: '', email: 'ann@example.org', roles: 'viewer' }, 'name', /Enter their name/],
      [
        { name: 'A'.repeat(101), email: 'ann@example.org', roles: 'viewer' },
        'name',
        /Name must be 100 characters or fewer/,
      ],
      [
        { name: 'Ann', email: 'ann@example.org', roles: ['viewer', 'system-admin'] },
        'roles',
        /Select roles from the list/,
      ],
      [
        { name: 'Someone', email: 'Contributor@Alpha.test', roles: 'contributor' },
        'email',
        /already has every role you selected/,
      ],
    ];
    for (const [fields, field, message] of cases) {
      const response = await admin().post('/trusts/alpha/users/invite', fields);
      assert.equal(response.statusCode, 400, JSON.stringify(fields));
      const page = dom(response.body);
      const summary = page.root.querySelector(`.govuk-error-summary__list a[href="#${field}"]`);
      assert.ok(summary, `${field} in the error summary`);
      assert.match(summary.text.trim(), message);
      assert.ok(
        page.errors().some((error) => message.test(error)),
        page.errors().join(' | '),
      );
      assert.match(page.text(`#${field}-error.govuk-error-message`) ?? '', message);
      assert.ok(page.text('title')?.startsWith('Error: Invite someone'), page.text('title'));
    }
    // What was typed comes back.
    const kept = await admin().post('/trusts/alpha/users/invite', {
      name: 'Ann Example',
      email: 'bad@',
      roles: ['viewer', 'contributor'],
    });
    const keptPage = dom(kept.body);
    assert.equal(keptPage.attr('input[name="name"]', 'value'), 'Ann Example');
    assert.equal(keptPage.attr('input[name="email"]', 'value'), 'bad@');
    const checked = keptPage.root
      .querySelectorAll('input[name="roles"]')
      .filter((box) => box.hasAttribute('checked'))
      .map((box) => box.getAttribute('value'));
    assert.deepEqual(checked.sort(), ['contributor', 'viewer']);
    assert.ok(!checked.includes('trust-admin'));
    assert.deepEqual(await counts(), before);
    assert.equal(t.outbox.mails.length, mailsBefore);
  });

  it('invites a new person, who creates a password, signs in and sees the trust', async () => {
    const response = await admin().post('/trusts/alpha/users/invite', {
      name: 'Nadia Newcomer',
      email: 'Nadia.Newcomer@Example.org',
      roles: ['contributor', 'viewer'],
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/trusts/alpha/users?done=invited');
    const list = dom((await admin().get('/trusts/alpha/users?done=invited')).body);
    assert.equal(banner(list), 'Invitation sent');
    assert.deepEqual(personRow(list, 'nadia.newcomer@example.org'), [
      'Nadia Newcomer',
      'nadia.newcomer@example.org',
      'Contributor, Viewer',
      'Invited',
    ]);
    const mail = t.outbox.lastTo('nadia.newcomer@example.org');
    assert.ok(mail);
    assert.match(mail.subject, /Alpha Partnership/);
    assert.match(mail.text, /Hello Nadia Newcomer/);
    assert.match(mail.text, /contributor and viewer/);
    const link = linkIn(mail.text);
    assert.ok(link, mail.text);

    const nadia = t.anonymous();
    const setPage = await nadia.get(link);
    assert.equal(setPage.statusCode, 200);
    assert.equal(dom(setPage.body).text('h1'), 'Create your password');
    const set = await nadia.post(link, {
      password: 'a long enough passphrase',
      confirm: 'a long enough passphrase',
    });
    // Signed in straight away, and taken to the trust's home with a success banner.
    assert.equal(set.statusCode, 303);
    assert.equal(set.headers.location, '/trusts/alpha?done=welcome');
    const home = await nadia.get('/trusts/alpha?done=welcome');
    assert.equal(home.statusCode, 200);
    assert.equal(
      dom(home.body).text('.govuk-notification-banner__content'),
      'Your password has been created and you are signed in',
    );
    assert.equal(dom(home.body).text('h1'), 'Alpha Partnership');
    // The link works once; the new password signs in on another device.
    assert.equal((await t.anonymous().get(link)).statusCode, 404);
    await t.anonymous().signIn('nadia.newcomer@example.org', 'a long enough passphrase');
    assert.match(
      dom(home.body).text('.ocw-account-bar__who') ?? '',
      /Alpha Partnership \((Contributor, Viewer|Viewer, Contributor)\)$/,
    );
    assert.equal((await nadia.get('/trusts/alpha/users')).statusCode, 403);
    // Now active.
    const after = dom((await admin().get('/trusts/alpha/users')).body);
    assert.deepEqual(personRow(after, 'nadia.newcomer@example.org')?.slice(1), [
      'nadia.newcomer@example.org',
      'Contributor, Viewer',
      'Active',
    ]);
  });

  it('gives an existing person a role and tells them, without an invitation link', async () => {
    const email = t.world.users['national-analyst'];
    const before = await counts();
    const response = await admin().post('/trusts/alpha/users/invite', {
      name: 'A different name',
      email,
      roles: 'viewer',
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/trusts/alpha/users?done=added');
    const mail = t.outbox.lastTo(email);
    assert.ok(mail);
    assert.equal(mail.subject, 'You now have a role in Alpha Partnership');
    assert.match(mail.text, /http:\/\/ocw\.test\/sign-in/);
    assert.equal(linkIn(mail.text), undefined);
    const after = await counts();
    assert.equal(after.users, before.users);
    assert.equal(after.tokens, before.tokens);
    assert.deepEqual(await alphaRoles(email), ['viewer']);
    // Their name is theirs: an invitation does not change it.
    assert.equal(
      personRow(dom((await admin().get('/trusts/alpha/users')).body), email)?.[0],
      'The national-analyst',
    );
    const analyst = t.anonymous();
    await analyst.signIn(email, PASSWORD);
    assert.equal((await analyst.get('/trusts/alpha')).statusCode, 200);
    // Adding a further role to someone in the trust works; a role they hold is ignored.
    const more = await admin().post('/trusts/alpha/users/invite', {
      name: 'x',
      email,
      roles: ['viewer', 'contributor'],
    });
    assert.equal(more.statusCode, 303);
    assert.deepEqual(await alphaRoles(email), ['contributor', 'viewer']);
  });

  it('resends an invitation; the earlier link stops working', async () => {
    await admin().post('/trusts/alpha/users/invite', {
      name: 'Pat Pending',
      email: 'pat@example.org',
      roles: 'action-lead',
    });
    const first = linkIn(t.outbox.lastTo('pat@example.org')?.text ?? '');
    assert.ok(first);
    const id = await idOf('pat@example.org');
    const page = await admin().get(`/trusts/alpha/users/${id}`);
    assert.equal(dom(page.body).text('[data-testid="resend"]'), 'Resend invitation');
    const resend = await admin().post(`/trusts/alpha/users/${id}/resend`);
    assert.equal(resend.statusCode, 303);
    assert.equal(resend.headers.location, `/trusts/alpha/users/${id}?done=resent`);
    const second = linkIn(t.outbox.lastTo('pat@example.org')?.text ?? '');
    assert.ok(second);
    assert.notEqual(first, second);
    assert.equal((await t.anonymous().get(first)).statusCode, 404);
    assert.equal((await t.anonymous().get(second)).statusCode, 200);
    // Someone with a password has no invitation to resend.
    const viewerId = await idOf(t.world.users.viewer);
    const viewerPage = dom((await admin().get(`/trusts/alpha/users/${viewerId}`)).body);
    assert.ok(!viewerPage.has('[data-testid="resend"]'));
    assert.ok(!viewerPage.has('form[action$="/resend"]'));
    const mails = t.outbox.mails.length;
    const refused = await admin().post(`/trusts/alpha/users/${viewerId}/resend`);
    assert.equal(refused.statusCode, 400);
    assert.equal(t.outbox.mails.length, mails);
  });
});
