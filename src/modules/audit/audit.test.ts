import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  Agent,
  createTestApp,
  seedWorld,
  text,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { audit } from '../../kernel/audit.ts';
import { countAudit } from './repository.ts';
import { detailsText, PAGE_SIZE, pagination } from './routes.ts';

const rowsOf = (html: string) =>
  [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
    .map((m) => text(m[1] ?? '').trim())
    .slice(1); // the header row

describe('audit log', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  const BULK = 120;

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
    await t.db.withTrust(world.beta.id, (tx) =>
      audit(
        tx,
        { userId: null, label: 'beta-operator' },
        {
          trustId: world.beta.id,
          action: 'renamed locality',
          entity: 'locality',
          details: { name: 'beta-secret-marker' },
        },
      ),
    );
  });
  after(() => t.close());

  it('shows a change as soon as it is made, newest first, with who and what', async () => {
    const invited = await admin.post('/trusts/alpha/users/invite', {
      name: 'Logged Person',
      email: 'logged@example.org',
      roles: 'viewer',
    });
    assert.equal(invited.statusCode, 303);
    const page = await admin.get('/trusts/alpha/audit');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Audit log<\/h1>/);
    assert.match(page.body, /<title>Audit log – /);
    const rows = rowsOf(page.body);
    assert.match(
      rows[0] ?? '',
      /Alpha trust-admin \(trust-admin@alpha\.test\) Invited person email: logged@example\.org; roles: viewer/,
    );
    assert.match(rows[1] ?? '', /Granted role person: logged@example\.org; role: viewer/);
    assert.match(rows.at(-1) ?? '', /test Created trust name: Alpha Partnership; slug: alpha/);
    assert.doesNotMatch(page.body, /govuk-pagination/);
    // A change elsewhere in the trust's set-up shows too.
    await admin.post('/trusts/alpha/api-tokens', { name: 'Audited token', role: 'viewer' });
    const again = rowsOf((await admin.get('/trusts/alpha/audit')).body);
    assert.match(again[0] ?? '', /Created API token name: Audited token; role: viewer/);
  });

  it('pages through the log 50 at a time, and shows page 1 for a bad page number', async () => {
    await t.db.withTrust(world.alpha.id, async (tx) => {
      for (let n = 1; n <= BULK; n++)
        await audit(
          tx,
          { userId: null, label: 'bulk' },
          { trustId: world.alpha.id, action: 'bulk change', entity: 'thing', details: { n } },
        );
    });
    const total = await t.db.withTrust(world.alpha.id, (tx) => countAudit(tx, world.alpha.id));
    const pages = Math.ceil(total / PAGE_SIZE);
    assert.equal(pages, 3);
    const first = await admin.get('/trusts/alpha/audit');
    const firstRows = rowsOf(first.body);
    assert.equal(firstRows.length, PAGE_SIZE);
    // Entries made in one transaction share a time; the later one still comes first.
    assert.match(firstRows[0] ?? '', /bulk Bulk change n: 120$/);
    assert.match(firstRows[49] ?? '', /n: 71$/);
    assert.match(text(first.body), new RegExp(`Changes 1 to 50 of ${total} \\(page 1 of 3\\)`));
    assert.match(first.body, /class="govuk-pagination"/);
    assert.match(first.body, /href="\/trusts\/alpha\/audit\?page=2" rel="next"/);
    assert.doesNotMatch(first.body, /rel="prev"/);
    assert.match(first.body, /aria-current="page"/);

    const second = await admin.get('/trusts/alpha/audit?page=2');
    const secondRows = rowsOf(second.body);
    assert.equal(secondRows.length, PAGE_SIZE);
    assert.match(secondRows[0] ?? '', /n: 70$/);
    assert.match(second.body, /href="\/trusts\/alpha\/audit\?page=1" rel="prev"/);
    assert.match(second.body, /href="\/trusts\/alpha\/audit\?page=3" rel="next"/);

    const last = await admin.get('/trusts/alpha/audit?page=3');
    const lastRows = rowsOf(last.body);
    assert.equal(lastRows.length, total - 2 * PAGE_SIZE);
    assert.match(lastRows.at(-1) ?? '', /Created trust/);
    assert.doesNotMatch(last.body, /rel="next"/);

    for (const bad of ['0', '-1', 'abc', '1.5', '4', '99999999999', '', '2&page=3']) {
      const response = await admin.get(`/trusts/alpha/audit?page=${bad}`);
      assert.equal(response.statusCode, 200, bad);
      assert.match(rowsOf(response.body)[0] ?? '', /n: 120$/, bad);
      assert.match(
        response.body,
        /href="\/trusts\/alpha\/audit\?page=1" aria-label="Page 1" aria-current="page"/,
      );
    }
  });

  it('exports every entry as CSV', async () => {
    const total = await t.db.withTrust(world.alpha.id, (tx) => countAudit(tx, world.alpha.id));
    const csv = await admin.get('/trusts/alpha/audit.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(
      String(csv.headers['content-disposition']),
      /attachment; filename="alpha-audit-log\.csv"/,
    );
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'When,Who,Name,Action,Entity,Entity id,Person,Details');
    assert.equal(lines.length, total + 1);
    assert.match(
      lines[1] ?? '',
      /^\d{4}-\d\d-\d\dT[\d:.]+Z,bulk,,bulk change,thing,,,"{""n"":120}"$/,
    );
    assert.ok(lines.some((l) => l.includes('logged@example.org')));
  });

  it("never shows another trust's entries", async () => {
    for (let page = 1; page <= 3; page++) {
      const body = (await admin.get(`/trusts/alpha/audit?page=${page}`)).body;
      assert.doesNotMatch(body, /beta-secret-marker|beta-operator|Beta Partnership \(|slug: beta/);
    }
    assert.doesNotMatch((await admin.get('/trusts/alpha/audit.csv')).body, /beta-secret-marker/);
    const beta = new Agent(t.app);
    await beta.signIn(world.users.betaAdmin);
    const own = await beta.get('/trusts/beta/audit');
    assert.equal(own.statusCode, 200);
    assert.match(text(own.body), /beta-operator Renamed locality name: beta-secret-marker/);
    assert.doesNotMatch(own.body, /alpha\.test|logged@example\.org|Bulk change/);
    assert.equal((await beta.get('/trusts/alpha/audit')).statusCode, 404);
    assert.equal((await beta.get('/trusts/alpha/audit.csv')).statusCode, 404);
  });

  it('is for trust admins only', async () => {
    for (const role of ['contributor', 'action-lead', 'viewer'] as const) {
      const agent = new Agent(t.app);
      await agent.signIn(world.users[role]);
      assert.equal((await agent.get('/trusts/alpha/audit')).statusCode, 403, role);
      assert.equal((await agent.get('/trusts/alpha/audit.csv')).statusCode, 403, role);
    }
    const anonymous = await new Agent(t.app).get('/trusts/alpha/audit');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/sign-in/);
  });

  it('builds GOV.UK pagination with gaps, and short detail lines', () => {
    const href = (n: number) => `?page=${n}`;
    assert.equal(pagination(1, 1, href), undefined);
    const middle = pagination(5, 9, href);
    assert.ok(middle);
    assert.deepEqual(
      middle.items.map((i) => ('ellipsis' in i ? '…' : `${i.number}${i.current ? '*' : ''}`)),
      ['1', '…', '4', '5*', '6', '…', '9'],
    );
    assert.deepEqual(middle.previous, { href: '?page=4' });
    assert.deepEqual(middle.next, { href: '?page=6' });
    const row = {
      id: 1,
      at: new Date(),
      actor: 'x',
      userName: null,
      action: 'a',
      entity: 'thing',
      entityId: null,
      details: { text: 'y'.repeat(300), list: [1, 2] },
    };
    const line = detailsText(row, new Map());
    assert.equal(line.length, 120);
    assert.ok(line.endsWith('…'));
    assert.equal(detailsText({ ...row, details: { list: ['a', 'b'] } }, new Map()), 'list: a, b');
  });
});
