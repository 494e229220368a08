import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { dom, useApp } from '../../../test/build.ts';
import { audit } from '../../kernel/audit.ts';
import { countAudit } from './repository.ts';
import { readXlsxRows } from '../../web/xlsx.ts';
import { detailsText, PAGE_SIZE, pagination } from './routes.ts';

/** The audit table's entries (the header row left off), each as [when, who, what, details]. */
const rowsOf = (html: string) => dom(html).rows('[data-testid="audit"]').slice(1);
/** An entry without its time: [who, what, details]. */
const entry = (row: string[] | undefined) => row?.slice(1);
const detailsOf = (row: string[] | undefined) => row?.[3];
const pager = (html: string) => {
  const page = dom(html);
  return {
    has: page.has('nav.govuk-pagination'),
    next: page.attr('.govuk-pagination a[rel="next"]', 'href'),
    prev: page.attr('.govuk-pagination a[rel="prev"]', 'href'),
    current: page.root
      .querySelectorAll('.govuk-pagination a[aria-current="page"]')
      .map((a) => [a.getAttribute('href'), a.getAttribute('aria-label')]),
  };
};

describe('audit log', () => {
  const t = useApp({
    signIn: ['trust-admin', 'betaAdmin', 'contributor', 'action-lead', 'viewer'],
  });
  const BULK = 120;
  let admin: ReturnType<typeof t.as>;

  before(async () => {
    admin = t.as('trust-admin');
    const world = t.world;
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

  it('shows a change as soon as it is made, newest first, with who and what', async () => {
    const invited = await admin.post('/trusts/alpha/users/invite', {
      name: 'Logged Person',
      email: 'logged@example.org',
      roles: 'viewer',
    });
    assert.equal(invited.statusCode, 303);
    const page = await admin.get('/trusts/alpha/audit');
    assert.equal(page.statusCode, 200);
    const html = dom(page.body);
    assert.deepEqual(html.texts('h1'), ['Audit log']);
    assert.ok(html.text('title')?.startsWith('Audit log – '));
    assert.deepEqual(html.rows('[data-testid="audit"]')[0], ['When', 'Who', 'What', 'Details']);
    const rows = rowsOf(page.body);
    assert.deepEqual(entry(rows[0]), [
      'Alpha trust-admin (trust-admin@alpha.test)',
      'Invited person',
      'email: logged@example.org; roles: viewer',
    ]);
    assert.deepEqual(entry(rows[1])?.slice(1), [
      'Granted role',
      'person: logged@example.org; role: viewer',
    ]);
    assert.deepEqual(entry(rows.at(-1)), [
      'test',
      'Created trust',
      'name: Alpha Partnership; slug: alpha',
    ]);
    assert.equal(html.has('.govuk-pagination'), false);
    // A change elsewhere in the trust's set-up shows too.
    await admin.post('/trusts/alpha/api-tokens', { name: 'Audited token', role: 'viewer' });
    const again = rowsOf((await admin.get('/trusts/alpha/audit')).body);
    assert.deepEqual(entry(again[0])?.slice(1), [
      'Created API token',
      'name: Audited token; role: viewer',
    ]);
  });

  it('pages through the log 50 at a time, and shows page 1 for a bad page number', async () => {
    await t.db.withTrust(t.alpha.id, async (tx) => {
      for (let n = 1; n <= BULK; n++)
        await audit(
          tx,
          { userId: null, label: 'bulk' },
          { trustId: t.alpha.id, action: 'bulk change', entity: 'thing', details: { n } },
        );
    });
    const total = await t.db.withTrust(t.alpha.id, (tx) => countAudit(tx, t.alpha.id));
    const pages = Math.ceil(total / PAGE_SIZE);
    assert.equal(pages, 3);
    const first = await admin.get('/trusts/alpha/audit');
    const firstRows = rowsOf(first.body);
    assert.equal(firstRows.length, PAGE_SIZE);
    // Entries made in one transaction share a time; the later one still comes first.
    assert.deepEqual(entry(firstRows[0]), ['bulk', 'Bulk change', 'n: 120']);
    assert.equal(detailsOf(firstRows[49]), 'n: 71');
    assert.equal(
      dom(first.body).text('[data-testid="audit"] caption'),
      `Changes 1 to 50 of ${total} (page 1 of 3)`,
    );
    const firstPager = pager(first.body);
    assert.ok(firstPager.has);
    assert.equal(firstPager.next, '/trusts/alpha/audit?page=2');
    assert.equal(firstPager.prev, undefined);
    assert.deepEqual(firstPager.current, [['/trusts/alpha/audit?page=1', 'Page 1']]);

    const second = await admin.get('/trusts/alpha/audit?page=2');
    const secondRows = rowsOf(second.body);
    assert.equal(secondRows.length, PAGE_SIZE);
    assert.equal(detailsOf(secondRows[0]), 'n: 70');
    const secondPager = pager(second.body);
    assert.equal(secondPager.prev, '/trusts/alpha/audit?page=1');
    assert.equal(secondPager.next, '/trusts/alpha/audit?page=3');

    const last = await admin.get('/trusts/alpha/audit?page=3');
    const lastRows = rowsOf(last.body);
    assert.equal(lastRows.length, total - 2 * PAGE_SIZE);
    assert.equal(entry(lastRows.at(-1))?.[1], 'Created trust');
    assert.equal(pager(last.body).next, undefined);

    for (const bad of ['0', '-1', 'abc', '1.5', '4', '99999999999', '', '2&page=3']) {
      const response = await admin.get(`/trusts/alpha/audit?page=${bad}`);
      assert.equal(response.statusCode, 200, bad);
      assert.equal(detailsOf(rowsOf(response.body)[0]), 'n: 120', bad);
      assert.deepEqual(
        pager(response.body).current,
        [['/trusts/alpha/audit?page=1', 'Page 1']],
        bad,
      );
    }
  });

  it('downloads every entry, as the pages show them, as CSV or Excel', async () => {
    const total = await t.db.withTrust(t.alpha.id, (tx) => countAudit(tx, t.alpha.id));
    const first = await admin.get('/trusts/alpha/audit');
    assert.ok(dom(first.body).has('a[href="/trusts/alpha/audit.csv"]'));
    const csv = await admin.get('/trusts/alpha/audit.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(
      String(csv.headers['content-disposition']),
      /attachment; filename="alpha-audit-log\.csv"/,
    );
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'When,Who,What,Details');
    assert.equal(lines.length, total + 1);
    const [, firstRow] = dom(first.body).rows('[data-testid="audit"]');
    assert.equal(lines[1], firstRow?.join(','));
    assert.match(lines[1] ?? '', /,bulk,Bulk change,n: 120$/);
    assert.ok(lines.some((l) => l.includes('logged@example.org')));
    const xlsx = await admin.get('/trusts/alpha/audit.xlsx?page=2');
    const sheet = await readXlsxRows(xlsx.rawPayload);
    assert.equal(sheet.length, total + 1);
    assert.deepEqual(sheet[1], firstRow);
  });

  it("never shows another trust's entries", async () => {
    for (let page = 1; page <= 3; page++) {
      const body = (await admin.get(`/trusts/alpha/audit?page=${page}`)).body;
      const rows = rowsOf(body);
      assert.ok(rows.length > 0, `page ${page}`);
      for (const row of rows) {
        const cells = row.join(' | ');
        assert.ok(
          !/beta-secret-marker|beta-operator|Beta Partnership \(|slug: beta/.test(cells),
          cells,
        );
      }
      assert.ok(
        !/beta-secret-marker|beta-operator|Beta Partnership \(|slug: beta/.test(
          dom(body).root.text,
        ),
      );
    }
    assert.doesNotMatch((await admin.get('/trusts/alpha/audit.csv')).body, /beta-secret-marker/);
    const beta = t.as('betaAdmin');
    const own = await beta.get('/trusts/beta/audit');
    assert.equal(own.statusCode, 200);
    const ownRows = rowsOf(own.body);
    assert.ok(
      ownRows.some(
        (row) =>
          JSON.stringify(entry(row)) ===
          JSON.stringify(['beta-operator', 'Renamed locality', 'name: beta-secret-marker']),
      ),
    );
    for (const row of ownRows) {
      const cells = row.join(' | ');
      assert.ok(!/alpha\.test|logged@example\.org|Bulk change/.test(cells), cells);
    }
    assert.ok(!/alpha\.test|logged@example\.org|Bulk change/.test(dom(own.body).root.text));
    assert.equal((await beta.get('/trusts/alpha/audit')).statusCode, 404);
    assert.equal((await beta.get('/trusts/alpha/audit.csv')).statusCode, 404);
  });

  it('is for trust admins only', async () => {
    for (const role of ['contributor', 'action-lead', 'viewer'] as const) {
      const agent = t.as(role);
      assert.equal((await agent.get('/trusts/alpha/audit')).statusCode, 403, role);
      assert.equal((await agent.get('/trusts/alpha/audit.csv')).statusCode, 403, role);
    }
    const anonymous = await t.anonymous().get('/trusts/alpha/audit');
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
