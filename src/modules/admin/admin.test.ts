import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, frameworkVersions, memberships, trusts, users } from '../../db/schema/index.ts';
import { PASSWORD } from '../../../test/helpers.ts';
import { dom, type Dom, useApp } from '../../../test/build.ts';
import { loadFrameworkFiles } from '../framework/repository.ts';
import type { Mail, Mailer } from '../../mail.ts';
import { readXlsxRows } from '../../web/xlsx.ts';

describe('system admin', () => {
  const t = useApp({ signIn: ['system-admin', 'trust-admin', 'viewer', 'national-analyst'] });
  const admin = () => t.as('system-admin');
  /** The row of the trusts table whose first cell is the trust's name. */
  const trustRow = (page: Dom, name: string) =>
    page.rows('[data-testid="trusts"]').find((row) => row[0] === name);
  const banner = (page: Dom) => page.text('.govuk-notification-banner__content') ?? '';
  const DATE = /^\d+ \w+ \d{4}$/;

  const trustCount = () =>
    t.db.asSystem(async (tx) => (await tx.select({ id: trusts.id }).from(trusts)).length);
  const trustBySlug = (slug: string) =>
    t.db.asSystem(async (tx) => {
      const [row] = await tx.select().from(trusts).where(eq(trusts.slug, slug));
      return row;
    });

  it('refuses every admin page to people who are not system admins', async () => {
    for (const person of ['trust-admin', 'viewer', 'national-analyst'] as const) {
      const agent = t.as(person);
      const email = t.world.users[person];
      for (const url of [
        '/admin',
        '/admin/trusts',
        '/admin/trusts.csv',
        '/admin/trusts.xlsx',
        '/admin/framework.csv',
        '/admin/trusts/new',
        '/admin/framework',
      ])
        assert.equal((await agent.get(url)).statusCode, 403, `${email} ${url}`);
      const before = await trustCount();
      const post = await agent.post('/admin/trusts/new', { name: 'Sneaky', slug: 'sneaky' });
      assert.equal(post.statusCode, 403);
      assert.equal(await trustCount(), before);
      assert.equal((await agent.post('/admin/framework/2026.1/publish')).statusCode, 403);
    }
    const anonymous = await t.anonymous().get('/admin/trusts');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/sign-in/);
  });

  it('shows the admin home page with links', async () => {
    const response = await admin().get('/admin');
    assert.equal(response.statusCode, 200);
    const page = dom(response.body);
    assert.equal(page.text('h1'), 'System admin');
    assert.ok(page.has('main a[href="/admin/trusts"]'));
    assert.ok(page.has('main a[href="/admin/framework"]'));
  });

  it('lists every trust with the number of people, and as CSV', async () => {
    const response = await admin().get('/admin/trusts');
    assert.equal(response.statusCode, 200);
    const page = dom(response.body);
    assert.deepEqual(page.rows('[data-testid="trusts"]')[0], [
      'Name',
      'Short name',
      'Region',
      'Created',
      'People with a role',
    ]);
    // Alpha has four people with a role; Beta has one.
    const alpha = trustRow(page, 'Alpha Partnership');
    assert.deepEqual(alpha?.slice(0, 3), ['Alpha Partnership', 'alpha', 'North East']);
    assert.match(alpha[3] ?? '', DATE);
    assert.equal(alpha[4], '4');
    const beta = trustRow(page, 'Beta Partnership');
    assert.deepEqual(beta?.slice(0, 3), ['Beta Partnership', 'beta', 'London']);
    assert.match(beta[3] ?? '', DATE);
    assert.equal(beta[4], '1');
    const csv = await admin().get('/admin/trusts.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="trusts\.csv"/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'Name,Short name,Region,Created,People with a role');
    assert.ok(lines.includes(alpha.join(',')));
    assert.ok(lines.includes(beta.join(',')));
    const xlsx = await admin().get('/admin/trusts.xlsx');
    assert.equal(xlsx.statusCode, 200);
    assert.ok((await readXlsxRows(xlsx.rawPayload)).some((row) => row.join() === alpha.join()));
  });

  it('creates a trust without a first admin', async () => {
    const form = await admin().get('/admin/trusts/new');
    assert.equal(form.statusCode, 200);
    assert.equal(dom(form.body).text('h1'), 'Create a trust');
    const mailsBefore = t.outbox.mails.length;
    const response = await admin().post('/admin/trusts/new', {
      name: 'Gamma Partnership',
      slug: 'gamma',
      region: '',
      adminName: '',
      adminEmail: '',
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/admin/trusts?done=created');
    const trust = await trustBySlug('gamma');
    assert.equal(trust?.name, 'Gamma Partnership');
    assert.equal(trust.region, null);
    assert.equal(t.outbox.mails.length, mailsBefore);
    const list = dom((await admin().get('/admin/trusts?done=created')).body);
    assert.equal(banner(list), 'Trust created');
    const gamma = trustRow(list, 'Gamma Partnership');
    assert.deepEqual(gamma?.slice(0, 3), ['Gamma Partnership', 'gamma', 'Not given']);
    assert.match(gamma[3] ?? '', DATE);
    assert.equal(gamma[4], '0');
    const logged = await t.db.asSystem((tx) =>
      tx.select().from(auditLog).where(eq(auditLog.trustId, trust.id)),
    );
    assert.deepEqual(
      logged.map((l) => [l.action, l.actor]),
      [['created trust', t.world.users['system-admin']]],
    );
  });

  it('creates a trust with a new first admin and emails an invitation', async () => {
    const response = await admin().post('/admin/trusts/new', {
      name: 'Delta Partnership',
      slug: 'delta-2',
      region: 'South West',
      adminName: 'Dee Lead',
      adminEmail: 'Dee.Lead@Delta.test',
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/admin/trusts?done=invited');
    const trust = await trustBySlug('delta-2');
    assert.ok(trust);
    assert.equal(trust.region, 'South West');
    const roles = await t.db.asSystem((tx) =>
      tx
        .select({ role: memberships.role, email: users.email, hash: users.passwordHash })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.trustId, trust.id)),
    );
    assert.deepEqual(roles, [{ role: 'trust-admin', email: 'dee.lead@delta.test', hash: null }]);
    const mail = t.outbox.lastTo('dee.lead@delta.test');
    assert.ok(mail);
    assert.match(mail.subject, /Delta Partnership/);
    const link = /http:\/\/ocw\.test(\/invitation\/\S+)/.exec(mail.text)?.[1];
    assert.ok(link, mail.text);
    // The invitation works: setting a password signs them in to their new trust.
    const invitee = t.anonymous();
    assert.equal((await invitee.get(link)).statusCode, 200);
    const set = await invitee.post(link, {
      password: 'a long new passphrase',
      confirm: 'a long new passphrase',
    });
    assert.equal(set.statusCode, 303);
    assert.equal(set.headers.location, '/trusts/delta-2?done=welcome');
    const home = await invitee.get('/trusts/delta-2?done=welcome');
    assert.equal(home.statusCode, 200);
    assert.equal(
      dom(home.body).text('.govuk-notification-banner__content'),
      'Your password has been created and you are signed in',
    );
  });

  it('gives an existing person the role and sends a notice instead of an invitation', async () => {
    const response = await admin().post('/admin/trusts/new', {
      name: 'Epsilon Partnership',
      slug: 'epsilon',
      adminName: 'Someone else',
      adminEmail: t.world.users.viewer,
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/admin/trusts?done=notified');
    const mail = t.outbox.lastTo(t.world.users.viewer);
    assert.ok(mail);
    assert.match(mail.subject, /You are now a trust admin for Epsilon Partnership/);
    assert.doesNotMatch(mail.text, /invitation/);
    assert.match(mail.text, /http:\/\/ocw\.test\/sign-in/);
    const viewer = t.anonymous();
    await viewer.signIn(t.world.users.viewer, PASSWORD);
    assert.equal((await viewer.get('/trusts/epsilon')).statusCode, 200);
  });

  describe('when the email cannot be sent', () => {
    const failing: Mailer = { send: (_mail: Mail) => Promise.reject(new Error('SMTP down')) };
    const other = useApp({ mailer: failing, signIn: ['system-admin'] });
    it('keeps the trust when the email cannot be sent, and says so', async () => {
      const agent = other.as('system-admin');
      const response = await agent.post('/admin/trusts/new', {
        name: 'Zeta Partnership',
        slug: 'zeta',
        adminName: 'Zed',
        adminEmail: 'zed@zeta.test',
      });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/admin/trusts?done=mail-failed');
      const page = dom((await agent.get('/admin/trusts?done=mail-failed')).body);
      assert.equal(
        banner(page),
        'Trust created, but the email to the first trust admin could not be sent. Ask them to use "Forgot your password?" on the sign-in page.',
      );
      assert.equal(trustRow(page, 'Zeta Partnership')?.[1], 'zeta');
    });
  });

  const badInputs: [string, Record<string, string>, string, string][] = [
    ['missing name', { name: '', slug: 'ok-slug' }, 'name', 'Enter the name of the trust'],
    [
      'a name that is too long',
      { name: 'x'.repeat(121), slug: 'ok-slug' },
      'name',
      'Name must be 120 characters or fewer',
    ],
    ['missing slug', { name: 'Fine', slug: '' }, 'slug', 'Enter a short name for web addresses'],
    [
      'a slug with capitals and spaces',
      { name: 'Fine', slug: 'North Shore' },
      'slug',
      'Short name must only include lower-case letters, numbers and single hyphens',
    ],
    [
      'a slug with a trailing hyphen',
      { name: 'Fine', slug: 'north-' },
      'slug',
      'Short name must only include lower-case letters',
    ],
    [
      'a duplicate slug',
      { name: 'Another Alpha', slug: 'alpha' },
      'slug',
      'A trust with this short name already exists',
    ],
    [
      'a bad email address',
      { name: 'Fine', slug: 'ok-slug', adminName: 'Pat', adminEmail: 'not-an-email' },
      'adminEmail',
      'Enter an email address in the correct format',
    ],
    [
      'an email address without a name',
      { name: 'Fine', slug: 'ok-slug', adminEmail: 'pat@example.org' },
      'adminName',
      'Enter the name of the first trust admin',
    ],
    [
      'a name without an email address',
      { name: 'Fine', slug: 'ok-slug', adminName: 'Pat' },
      'adminEmail',
      'Enter the email address of the first trust admin',
    ],
  ];
  for (const [label, fields, field, message] of badInputs)
    it(`rejects ${label} with a message by the field and saves nothing`, async () => {
      const before = await trustCount();
      const mails = t.outbox.mails.length;
      const response = await admin().post('/admin/trusts/new', fields);
      assert.equal(response.statusCode, 400);
      const page = dom(response.body);
      const summary = page.root.querySelector(`.govuk-error-summary__list a[href="#${field}"]`);
      assert.ok(summary, `${field} in the error summary`);
      assert.ok(summary.text.includes(message), summary.text);
      assert.ok(
        page.errors().some((error) => error.includes(message)),
        page.errors().join(' | '),
      );
      const inline = page.text(`#${field}-error.govuk-error-message`) ?? '';
      assert.ok(inline.includes(message), inline);
      assert.ok(page.text('title')?.startsWith('Error: Create a trust'), page.text('title'));
      // The submitted values are kept.
      for (const [name, value] of Object.entries(fields))
        assert.equal(page.attr(`input[name="${name}"]`, 'value') ?? '', value, name);
      assert.equal(await trustCount(), before);
      assert.equal(t.outbox.mails.length, mails);
      assert.equal(await trustBySlug('ok-slug'), undefined);
    });

  it('creates no person when the trust cannot be created', async () => {
    const response = await admin().post('/admin/trusts/new', {
      name: 'Alpha again',
      slug: 'alpha',
      adminName: 'New Person',
      adminEmail: 'new.person@nowhere.test',
    });
    assert.equal(response.statusCode, 400);
    const found = await t.db.asSystem((tx) =>
      tx.select().from(users).where(eq(users.email, 'new.person@nowhere.test')),
    );
    assert.deepEqual(found, []);
    assert.equal(t.outbox.lastTo('new.person@nowhere.test'), undefined);
  });

  it('reports several problems at once, in the order of the form', async () => {
    const response = await admin().post('/admin/trusts/new', {
      name: '',
      slug: 'Bad Slug',
      adminEmail: 'pat@example.org',
    });
    assert.equal(response.statusCode, 400);
    const links = dom(response.body).root.querySelectorAll('.govuk-error-summary__list a');
    assert.deepEqual(
      links.map((link) => link.getAttribute('href')),
      ['#name', '#slug', '#adminName'],
    );
  });

  it('refuses a form without a CSRF token', async () => {
    const before = await trustCount();
    const response = await admin().post(
      '/admin/trusts/new',
      { name: 'No token', slug: 'no-token' },
      { csrf: false },
    );
    assert.equal(response.statusCode, 403);
    assert.equal(await trustCount(), before);
  });

  it('lists framework versions and publishes a draft', async () => {
    const [shipped] = loadFrameworkFiles();
    assert.ok(shipped);
    const draft = { ...shipped, key: '2099.1', title: 'Draft framework 2099', status: 'draft' };
    await t.db.asSystem((tx) =>
      tx.insert(frameworkVersions).values({
        key: draft.key,
        title: draft.title,
        status: 'draft',
        content: draft,
        checksum: 'test-draft',
      }),
    );
    const viewer = t.as('viewer');
    assert.equal((await viewer.get('/framework/2099.1')).statusCode, 404);

    const list = await admin().get('/admin/framework');
    assert.equal(list.statusCode, 200);
    const page = dom(list.body);
    const versions = page.rows('[data-testid="versions"]');
    assert.deepEqual(
      versions.find((row) => row[1] === '2099.1'),
      ['Draft framework 2099', '2099.1', 'Draft', 'Not published', 'No', 'Publish version 2099.1'],
    );
    const shippedRow = versions.find((row) => row[1] === '2026.1');
    assert.deepEqual(shippedRow?.slice(0, 3), [
      "One Children's Workforce Framework 2026",
      '2026.1',
      'Published',
    ]);
    assert.equal(shippedRow[5], '');
    assert.ok(!page.root.text.includes('Publish version 2026.1'));
    assert.ok(!page.has('form[action="/admin/framework/2026.1/publish"]'));
    assert.ok(page.has('form[action="/admin/framework/2099.1/publish"]'));
    assert.equal(page.attr('a[href="/framework/2099.1"]', 'class'), 'govuk-link');

    const published = await admin().post('/admin/framework/2099.1/publish');
    assert.equal(published.statusCode, 303);
    assert.equal(published.headers.location, '/admin/framework?done=published');
    const row = await t.db.asSystem(async (tx) => {
      const [found] = await tx
        .select()
        .from(frameworkVersions)
        .where(eq(frameworkVersions.key, '2099.1'));
      return found;
    });
    assert.equal(row?.status, 'published');
    assert.ok(row.publishedAt);
    const logged = await t.db.asSystem((tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'framework_version'), eq(auditLog.entityId, '2099.1'))),
    );
    assert.equal(logged.length, 1);
    const [entry] = logged;
    assert.ok(entry);
    assert.equal(entry.trustId, null);
    assert.equal(entry.action, 'published framework version');
    assert.equal(entry.actor, t.world.users['system-admin']);
    assert.equal(
      banner(dom((await admin().get('/admin/framework?done=published')).body)),
      'Framework version published. Every trust can now use it.',
    );
    // Now every signed-in person sees it.
    assert.equal((await viewer.get('/framework/2099.1')).statusCode, 200);
    // Publishing again changes nothing and writes no second audit entry.
    const again = await admin().post('/admin/framework/2099.1/publish');
    assert.equal(again.headers.location, '/admin/framework?done=already-published');
    const loggedAgain = await t.db.asSystem((tx) =>
      tx.select().from(auditLog).where(eq(auditLog.entityId, '2099.1')),
    );
    assert.equal(loggedAgain.length, 1);
  });

  it('answers 404 when publishing an unknown version', async () => {
    const response = await admin().post('/admin/framework/1999.9/publish');
    assert.equal(response.statusCode, 404);
  });
});
