import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { dom, useApp, type Person } from '../../../../test/build.ts';
import { queryRows } from '../../../db/client.ts';
import {
  councilPlanCsv,
  councilPlanPasted,
  councilPlanXlsx,
} from '../import/fixtures/council-plan.ts';
import { NOT_A_TABLE_MESSAGE, OLD_OR_PROTECTED_MESSAGE } from '../import/index.ts';
import { BOTH_MESSAGE, CHOOSE_MESSAGE } from './import-upload.ts';

// The import pages: a council's plan uploaded as CSV or Excel, or pasted, previewed row by row
// with nothing stored, then imported all or nothing; a file with a bad row cannot be confirmed
// (not even by a forged post); unreadable files get a plain message; only writers may import.

const IMPORT = '/trusts/alpha/actions/import';
const DRAFT = /^\/trusts\/alpha\/actions\/import\/[0-9a-f-]{36}$/;

interface Part {
  name: string;
  value?: string;
  file?: { filename: string; type: string; bytes: Buffer };
}

/** A multipart/form-data body, as a browser sends the upload form. */
function multipart(parts: Part[]) {
  const boundary = `----ocwtest${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const file = part.file;
    const head =
      file === undefined
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`;
    chunks.push(
      Buffer.from(head),
      file?.bytes ?? Buffer.from(part.value ?? ''),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const csvFile = (text: string) => ({
  filename: 'plan.csv',
  type: 'text/csv',
  bytes: Buffer.from(text),
});

describe('the action plan import pages', () => {
  const bed = useApp({ signIn: ['contributor', 'trust-admin', 'viewer', 'betaAdmin'] });
  const writer = () => bed.as('contributor');

  const count = async (table: string) => {
    const [row] = await bed.db.asSystem((tx) =>
      queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(table)}`),
    );
    return row?.n ?? 0;
  };

  /** Opens the import page and posts its upload form, as a person would. */
  const upload = async (parts: Part[], person: Person = 'contributor') => {
    const agent = bed.as(person);
    const page = dom((await agent.get(IMPORT)).body);
    const action = page.attr('form[enctype="multipart/form-data"]', 'action');
    assert.ok(action?.includes('_csrf='), 'the upload form carries its CSRF token');
    return agent.request({ method: 'POST', url: action, ...multipart(parts) });
  };

  /** Uploads, follows the redirect to the draft, and gives its address and page. */
  const preview = async (parts: Part[]) => {
    const response = await upload(parts);
    assert.equal(response.statusCode, 303, response.body.slice(0, 500));
    const at = String(response.headers.location);
    assert.match(at, DRAFT);
    const page = await writer().get(at);
    assert.equal(page.statusCode, 200);
    return { at, page: dom(page.body) };
  };

  it('offers writers a file upload and a paste box; others may not import', async () => {
    const page = dom((await writer().get(IMPORT)).body);
    assert.equal(page.text('h1'), 'Import an action plan');
    assert.ok(page.has('input[type="file"][name="file"]'));
    assert.ok(page.has('textarea[name="paste"]'));
    assert.equal((await bed.as('trust-admin').get(IMPORT)).statusCode, 200);
    assert.equal((await bed.as('viewer').get(IMPORT)).statusCode, 403);
    assert.equal(
      (await bed.as('viewer').post(IMPORT, { paste: councilPlanPasted() })).statusCode,
      403,
    );
    assert.equal((await bed.as('betaAdmin').get(IMPORT)).statusCode, 404);
    assert.equal(await count('action_import_drafts'), 0);
  });

  it('previews the council CSV row by row, storing nothing, then imports all 12', async () => {
    const { at, page } = await preview([{ name: 'file', file: csvFile(councilPlanCsv()) }]);
    assert.equal(
      page.text('[data-testid="import-summary"]'),
      '12 rows read; 12 ready, 0 need fixing',
    );
    const rows = page.rows('[data-testid="import-preview"]');
    assert.equal(rows.length, 13);
    assert.deepEqual(rows[0]?.slice(0, 4), ['Line', 'No', 'Action', 'Lead(s)']);
    assert.match(rows[1]?.join(' | ') ?? '', /^5 Ready \| 1 \| Agree a single induction/);
    assert.match(rows[2]?.join(' | ') ?? '', /December 2009/, 'the revised date in the text');
    assert.match(rows[3]?.join(' | ') ?? '', /Head of Workforce.*Schools Workforce Adviser/);
    assert.equal(page.text('[data-testid="confirm-import"]'), 'Import 12 actions');
    assert.ok(!page.has('[data-testid="import-blocked"]'));
    assert.equal(await count('actions'), 0, 'nothing is stored before the confirmation');
    assert.equal(await count('action_import_drafts'), 1);
    const download = await writer().get(`${at}.csv`);
    assert.equal(download.statusCode, 200);
    assert.match(download.body, /Agree a single induction standard/);

    // Only its maker sees the draft; another trust, a malformed id: not found.
    assert.equal((await bed.as('trust-admin').get(at)).statusCode, 404);
    assert.equal((await bed.as('betaAdmin').get(at.replace('alpha', 'beta'))).statusCode, 404);
    assert.equal((await writer().get(`${IMPORT}/not-a-draft`)).statusCode, 404);
    assert.equal((await bed.as('viewer').post(`${at}/confirm`)).statusCode, 403);

    const confirmed = await writer().post(`${at}/confirm`);
    assert.equal(confirmed.statusCode, 303);
    assert.equal(confirmed.headers.location, '/trusts/alpha/actions?done=imported&count=12');
    assert.equal(await count('actions'), 12);
    assert.equal(await count('action_import_drafts'), 0, 'the draft is gone');
    assert.equal((await writer().get(at)).statusCode, 404);
  });

  it('shows the preview again with the errors when the numbers were taken since', async () => {
    const { at } = await preview([{ name: 'file', file: csvFile(councilPlanCsv()) }]);
    const refused = await writer().post(`${at}/confirm`);
    assert.equal(refused.statusCode, 400);
    const page = dom(refused.body);
    assert.ok(
      page.errors().some((e) => /Line 5: Action 1 already exists/.test(e)),
      page.errors().join('\n'),
    );
    assert.equal(await count('actions'), 12, 'nothing more is stored');
    const discarded = await writer().post(`${at}/discard`);
    assert.equal(discarded.statusCode, 303);
    assert.equal(discarded.headers.location, '/trusts/alpha/actions');
    assert.equal(await count('action_import_drafts'), 0);
  });

  it('previews a table pasted from Excel, and an Excel workbook, alike', async () => {
    const pasted = await writer().post(IMPORT, { paste: councilPlanPasted() });
    assert.equal(pasted.statusCode, 303);
    const fromPaste = dom((await writer().get(String(pasted.headers.location))).body);
    assert.equal(
      fromPaste.text('[data-testid="import-summary"]'),
      '12 rows read; 12 ready, 0 need fixing',
    );
    const xlsx = {
      filename: 'plan.xlsx',
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      bytes: await councilPlanXlsx(),
    };
    const { page } = await preview([{ name: 'file', file: xlsx }]);
    assert.equal(
      page.text('[data-testid="import-summary"]'),
      '12 rows read; 12 ready, 0 need fixing',
    );
    assert.equal(page.rows('[data-testid="import-preview"]').length, 13);
  });

  it('shows a bad row its problem, offers no confirmation, and a forged one stores nothing', async () => {
    const bad = councilPlanCsv()
      .replace('Oct-09', '31/02/2010')
      .replace('\n3,Run joint induction', '\n2,Run joint induction');
    const before = await count('actions');
    const { at, page } = await preview([{ name: 'file', file: csvFile(bad) }]);
    assert.equal(
      page.text('[data-testid="import-summary"]'),
      '12 rows read; 9 ready, 3 need fixing',
    );
    assert.ok(!page.has('[data-testid="confirm-import"]'), 'no confirm button');
    assert.ok(page.has('[data-testid="import-blocked"]'));
    assert.equal(page.attr('[data-testid="upload-again"]', 'href'), IMPORT);
    const rows = page.rows('[data-testid="import-preview"]');
    assert.match(rows[1]?.join(' | ') ?? '', /Needs fixing.*31/);
    assert.match(rows[3]?.join(' | ') ?? '', /Needs fixing.*also used on line 6/);
    assert.ok(page.errors().some((e) => e.startsWith('Line 5:')));
    const forged = await writer().post(`${at}/confirm`);
    assert.equal(forged.statusCode, 400);
    assert.ok(!dom(forged.body).has('[data-testid="confirm-import"]'));
    assert.equal(await count('actions'), before, 'nothing is stored');
  });

  it('gives a plain message for a protected or old workbook and for other files', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64)]);
    const cases: [Buffer, string][] = [
      [ole, OLD_OR_PROTECTED_MESSAGE],
      [png, NOT_A_TABLE_MESSAGE],
    ];
    for (const [bytes, message] of cases) {
      const response = await upload([
        { name: 'file', file: { filename: 'plan.xlsx', type: 'application/octet-stream', bytes } },
      ]);
      assert.equal(response.statusCode, 400);
      const page = dom(response.body);
      assert.deepEqual(page.errors(), [message]);
      assert.match(page.text('#file-error') ?? '', new RegExp(message.slice(0, 30)));
    }
  });

  it('asks for a file or a paste, not both and not neither', async () => {
    const drafts = await count('action_import_drafts');
    const both = await upload([
      { name: 'file', file: csvFile(councilPlanCsv()) },
      { name: 'paste', value: councilPlanPasted() },
    ]);
    assert.equal(both.statusCode, 400);
    assert.deepEqual(dom(both.body).errors(), [BOTH_MESSAGE]);
    assert.match(dom(both.body).text('textarea[name="paste"]') ?? '', /Agree a single induction/);
    const neither = await upload([{ name: 'paste', value: '' }]);
    assert.equal(neither.statusCode, 400);
    assert.deepEqual(dom(neither.body).errors(), [CHOOSE_MESSAGE]);
    assert.equal(dom(neither.body).text('title')?.startsWith('Error:'), true);
    assert.equal(await count('action_import_drafts'), drafts, 'no draft is made');
  });

  it('does not show an expired draft', async () => {
    const { at } = await preview([{ name: 'file', file: csvFile(councilPlanCsv()) }]);
    await bed.db.asSystem((tx) =>
      tx.execute(sql`update action_import_drafts set expires_at = now() - interval '1 minute'`),
    );
    assert.equal((await writer().get(at)).statusCode, 404);
    assert.equal((await writer().post(`${at}/confirm`)).statusCode, 404);
    await preview([{ name: 'file', file: csvFile(councilPlanCsv()) }]);
    assert.equal(await count('action_import_drafts'), 1, 'a new draft deletes the expired one');
  });
});
