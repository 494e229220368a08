import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { HTMLElement } from 'node-html-parser';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import { questionnaires, trusts } from '../src/db/schema/index.ts';
import { ensureDemo } from '../src/demo/seed.ts';
import { dom } from './build.ts';
import { Agent, apiToken, createTestDatabase, Outbox } from './helpers.ts';

// Every page that shows a table offers it as CSV and as an Excel workbook, holding the rows
// the page shows. Each of these people signs in to the demo (a trust with rounds reported,
// being analysed and collecting, with responses, focus groups and workshops), follows every
// link it is shown, and for every table on every page follows the table's two download
// links, reads both files back and compares them with the table, cell by cell.

const PASSWORD = 'demo password for the table downloads';
const ORIGIN = 'http://ocw.test';
/** Pages of one shape (the same path but for the records' ids) visited at most. */
const PER_SHAPE = 2;
const FORMULA = '=HYPERLINK("http://evil.example","Click me")';

const PEOPLE = [
  ['trust admin', 'trust-admin@demo.ocw.test'],
  ['viewer', 'viewer@demo.ocw.test'],
  ['national analyst', 'national-analyst@demo.ocw.test'],
  ['system admin', 'system-admin@demo.ocw.test'],
] as const;

/** Pages whose tables are not data of the service, with the reason. */
const EXEMPT: { path: RegExp; why: string }[] = [
  {
    path: /^\/api\/docs$/,
    why: 'the API reference: its tables describe the API, whose own machine-readable form is the OpenAPI document',
  },
];

/** Text as a person reads it: whitespace collapsed. */
const readable = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A CSV cell as written, without the apostrophe that defuses a formula. */
const undefused = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** A figure as the page writes it (1,234  -0.4  +0.3  45%) as a number; undefined if not one. */
function figure(text: string): number | undefined {
  const match = /^([+-]?)([\d,]+(?:\.\d+)?)(%?)$/.exec(text);
  if (match === null) return undefined;
  const value = Number(`${match[1] === '-' ? '-' : ''}${(match[2] ?? '').replace(/,/g, '')}`);
  return match[3] === '%' ? value / 100 : value;
}

interface ShownTable {
  caption: string;
  /** The header row and body rows, without the actions column. */
  rows: string[][];
}

/** The table as the page shows it; the actions column (links and buttons only) is left out. */
function shownTable(table: HTMLElement): ShownTable {
  const headers = table.querySelectorAll('thead th');
  const actions = new Set(
    headers.flatMap((th, i) => (th.classList.contains('ocw-table__actions') ? [i] : [])),
  );
  const rows = table.querySelectorAll('tr').map((tr) =>
    tr
      .querySelectorAll('th, td')
      .filter((cell, i) => {
        if (!actions.has(i)) return true;
        if (cell.tagName === 'TH') return false;
        // An actions cell says nothing that is not a link or a button.
        const controls = cell.querySelectorAll('a, button').map((control) => control.text);
        const squeezed = (text: string) => text.replace(/\s+/g, '');
        assert.equal(squeezed(cell.text), squeezed(controls.join('')), 'links and buttons only');
        return false;
      })
      .map((cell) => readable(cell.text)),
  );
  return { caption: readable(table.querySelector('caption')?.text ?? ''), rows };
}

interface Counts {
  defused: number;
  figures: number;
  withheld: number;
}

/**
 * The CSV download read back: the rows of the page, formulas defused. A table split over pages
 * (`paged`) downloads whole, so the page's rows are the first of the file.
 */
function compareCsv(
  body: string,
  shown: ShownTable,
  counts: Counts,
  where: string,
  paged: boolean,
) {
  const records: string[][] = parseCsv(body, { relax_column_count: true });
  const rows = records.map((row) =>
    row.map((cell) => {
      if (undefused(cell) !== cell) counts.defused += 1;
      return readable(undefused(cell));
    }),
  );
  if (paged) assert.ok(rows.length >= shown.rows.length, `${where}: every page's rows`);
  const compared = paged ? rows.slice(0, shown.rows.length) : rows;
  assert.deepEqual(compared, shown.rows, `${where}: the CSV holds the rows of the page`);
}

/** The workbook read back: one sheet of the same rows, figures as numbers, no formulas. */
async function compareXlsx(
  body: Buffer,
  shown: ShownTable,
  counts: Counts,
  where: string,
  paged: boolean,
) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  assert.equal(book.worksheets.length, 1, `${where}: one sheet`);
  const sheet = book.worksheets[0];
  assert.ok(sheet);
  if (paged) assert.ok(sheet.rowCount >= shown.rows.length, `${where}: every page's rows`);
  else assert.equal(sheet.rowCount, shown.rows.length, `${where}: the page's rows`);
  shown.rows.forEach((row, r) => {
    row.forEach((text, c) => {
      const cell = sheet.getCell(r + 1, c + 1);
      const at = `${where}: cell ${cell.address}`;
      assert.notEqual(cell.type, ExcelJS.ValueType.Formula, `${at} is not a formula`);
      if (typeof cell.value === 'number') {
        counts.figures += 1;
        const shownValue = figure(text);
        assert.ok(shownValue !== undefined, `${at} is a number where the page shows "${text}"`);
        assert.ok(Math.abs(cell.value - shownValue) < 1e-9, `${at}: ${cell.value} for ${text}`);
      } else {
        assert.equal(readable(typeof cell.value === 'string' ? cell.value : ''), text, at);
      }
      if (text.startsWith('Withheld')) counts.withheld += 1;
    });
  });
}

/** The same-origin path of a link on `from`, without its fragment; null for any other. */
function sameOrigin(href: string, from: string): string | null {
  if (/^(mailto|tel|javascript):/.test(href)) return null;
  const url = new URL(href, ORIGIN + from);
  return url.origin === ORIGIN ? url.pathname + url.search : null;
}

/** A page's shape: its path but for the records' ids and the keys of areas and versions. */
const shapeOf = (path: string) =>
  path
    .replace(/\?.*$/, '')
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')
    .replace(/\/(areas|drill-downs)\/[^/]+/g, '/$1/:key')
    .replace(/^\/framework\/[^/]+/, '/framework/:version');

interface Walk {
  pages: number;
  /** "page shape: table caption", one each. */
  checked: Set<string>;
  failures: string[];
  counts: Counts;
}

/** The download links under a table, checked for their names, or why there are none. */
function downloadLinks(table: HTMLElement, shown: ShownTable) {
  const links = table.closest('.ocw-data-table')?.querySelectorAll('.ocw-table-downloads a');
  if (links === undefined || links.length === 0) return undefined;
  const [csv, xlsx] = links;
  assert.equal(links.length, 2);
  const name = /^Download (.+) as CSV$/.exec(readable(csv?.text ?? ''))?.[1];
  assert.ok(name !== undefined && name !== '', `the CSV link names the table ${shown.caption}`);
  assert.equal(readable(xlsx?.text ?? ''), `Download ${name} as Excel (XLSX)`);
  assert.ok(csv?.hasAttribute('download') && xlsx?.hasAttribute('download'));
  return { csv: csv?.getAttribute('href') ?? '', xlsx: xlsx?.getAttribute('href') ?? '' };
}

async function checkTables(agent: Agent, path: string, html: string, walk: Walk) {
  const page = dom(html);
  if (EXEMPT.some((e) => e.path.test(path.split('?')[0] ?? ''))) return;
  const paged = page.has('.govuk-pagination');
  for (const table of page.root.querySelectorAll('table')) {
    const shown = shownTable(table);
    const where = `${path} "${shown.caption}"`;
    const links = downloadLinks(table, shown);
    if (links === undefined) {
      walk.failures.push(`${where} has no download links`);
      continue;
    }
    assert.match(links.csv.split('?')[0] ?? '', /\.csv$/, where);
    assert.match(links.xlsx.split('?')[0] ?? '', /\.xlsx$/, where);
    const csv = await agent.get(links.csv);
    const xlsx = await agent.get(links.xlsx);
    assert.equal(csv.statusCode, 200, `${where}: ${links.csv}`);
    assert.equal(xlsx.statusCode, 200, `${where}: ${links.xlsx}`);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    compareCsv(csv.body, shown, walk.counts, where, paged);
    await compareXlsx(xlsx.rawPayload, shown, walk.counts, where, paged);
    walk.checked.add(`${shapeOf(path)}: ${shown.caption}`);
  }
}

async function crawl(agent: Agent, walk: Walk) {
  const queue = ['/'];
  const seen = new Set(queue);
  const shapes = new Map<string, number>();
  const enqueue = (path: string | null) => {
    if (path === null || seen.has(path) || path === '/sign-out') return;
    if (/\.(csv|xlsx|png|svg|pdf|docx)$/.test(path.split('?')[0] ?? '')) return;
    seen.add(path);
    const count = shapes.get(shapeOf(path)) ?? 0;
    if (count >= PER_SHAPE) return;
    shapes.set(shapeOf(path), count + 1);
    queue.push(path);
  };
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    const response = await agent.get(path);
    walk.pages += 1;
    const location = response.headers.location;
    if (typeof location === 'string') enqueue(sameOrigin(location, path));
    if (response.statusCode !== 200) continue;
    if (!String(response.headers['content-type']).startsWith('text/html')) continue;
    await checkTables(agent, path, response.body, walk);
    for (const link of dom(response.body).root.querySelectorAll('a[href]:not([download])'))
      enqueue(sameOrigin(link.getAttribute('href') ?? '', path));
  }
}

/** More for the tables to show than the demo has: a token, invitations, a formula. */
async function fillTables(db: Database, admin: Agent) {
  const [demo] = await db.asSystem((tx) =>
    tx.select({ id: trusts.id }).from(trusts).where(eq(trusts.slug, 'demo')),
  );
  assert.ok(demo);
  await apiToken(db, demo.id, 'viewer');
  await admin.get('/trusts/demo/settings/localities');
  const added = await admin.post('/trusts/demo/settings/localities', { name: FORMULA });
  assert.equal(added.statusCode, 303);
  const all = await db.withTrust(demo.id, (tx) =>
    tx.select({ id: questionnaires.id, roundId: questionnaires.roundId }).from(questionnaires),
  );
  assert.ok(all.length > 0);
  for (const q of all) {
    const invitations = `/trusts/demo/rounds/${q.roundId}/questionnaires/${q.id}/invitations`;
    await admin.get(invitations);
    const invited = await admin.post(invitations, { emails: 'ann@example.org\nbob@example.org' });
    assert.equal(invited.statusCode, 303);
  }
}

describe('every table a page shows downloads as CSV and Excel, with the same rows', () => {
  let app: FastifyInstance;
  let db: Database;
  let drop: () => Promise<void>;
  const walks = new Map<string, Walk>();
  before(async () => {
    const database = await createTestDatabase();
    db = database.db;
    drop = database.drop;
    await ensureDemo(db, { demoPassword: PASSWORD, dataDir: '' });
    const config = loadConfig({ NODE_ENV: 'test', BASE_URL: ORIGIN });
    app = await createApp({ config, db, mailer: new Outbox() });
    await app.ready();
    const admin = new Agent(app);
    await admin.signIn('trust-admin@demo.ocw.test', PASSWORD);
    await fillTables(db, admin);
  });
  after(async () => {
    await app.close();
    await drop();
  });

  for (const [role, email] of PEOPLE)
    it(`as the ${role}`, async (t) => {
      const started = performance.now();
      const agent = new Agent(app);
      await agent.signIn(email, PASSWORD);
      const walk: Walk = {
        pages: 0,
        checked: new Set(),
        failures: [],
        counts: { defused: 0, figures: 0, withheld: 0 },
      };
      await crawl(agent, walk);
      walks.set(role, walk);
      t.diagnostic(
        `${role}: ${walk.pages} pages, ${walk.checked.size} tables of page shapes, ${Math.round(performance.now() - started)} ms`,
      );
      for (const line of [...walk.checked].sort()) t.diagnostic(line);
      assert.deepEqual(walk.failures, [], 'tables without downloads');
      assert.ok(walk.checked.size > 0);
    });

  it('covered figures, withheld figures and a defused formula', () => {
    const admin = walks.get('trust admin');
    assert.ok(admin);
    assert.ok(admin.counts.figures > 0, 'figures are numbers in a workbook');
    assert.ok(admin.counts.withheld > 0, 'withheld figures read as the page shows them');
    assert.ok(admin.counts.defused > 0, 'a formula was defused in a CSV');
  });

  it('defuses a formula in a CSV, and keeps it plain text in a workbook', async () => {
    const admin = new Agent(app);
    await admin.signIn('trust-admin@demo.ocw.test', PASSWORD);
    const csv = await admin.get('/trusts/demo/settings/localities.csv');
    assert.ok(
      csv.body.split('\r\n').includes(`"'${FORMULA.replace(/"/g, '""')}"`),
      'the cell starts with an apostrophe, so a spreadsheet shows it as text',
    );
    const xlsx = await admin.get('/trusts/demo/settings/localities.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    book.worksheets[0]?.eachRow((row) => {
      row.eachCell((cell) => cells.push(cell));
    });
    const evil = cells.find((cell) => cell.text === FORMULA);
    assert.ok(evil, 'the name is in the workbook as written');
    assert.equal(evil.type, ExcelJS.ValueType.String, 'as text, never as a formula');
  });
});
