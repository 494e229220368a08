import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { describe, it } from 'node:test';
import {
  COUNCIL_PLAN_LEADS,
  COUNCIL_PLAN_TODAY,
  councilPlanCsv,
  councilPlanPasted,
  councilPlanXlsx,
} from './fixtures/council-plan.ts';
import { MAX_IMPORT_BYTES, TOO_LARGE_MESSAGE, TOO_MANY_ROWS_MESSAGE } from './limits.ts';
import { previewImport } from './preview.ts';
import {
  EMPTY_FILE_MESSAGE,
  NOT_A_TABLE_MESSAGE,
  NOT_A_WORKBOOK_MESSAGE,
  OLD_OR_PROTECTED_MESSAGE,
  readActionFile,
  type FileRead,
} from './read-file.ts';
import { EMPTY_PASTE_MESSAGE, readPastedTable } from './read-pasted.ts';
import type { RowsResult } from './read-text.ts';

// Reading an action plan from a CSV file, an Excel workbook or a pasted table, and the files
// that cannot be read. The plan and people are invented.

const options = { known: COUNCIL_PLAN_LEADS, today: COUNCIL_PLAN_TODAY };

function itemsOf(read: FileRead | RowsResult) {
  assert.ok(read.ok, read.ok ? '' : read.message);
  const preview = previewImport(read.rows, options);
  assert.equal(preview.ready, true);
  return preview.items;
}

const message = (read: FileRead | RowsResult) => (read.ok ? null : read.message);

describe('the same plan from each source', () => {
  it('gives the same actions from CSV, XLSX and pasted text', async () => {
    const fromCsv = itemsOf(await readActionFile(Buffer.from(councilPlanCsv())));
    const fromXlsx = itemsOf(await readActionFile(await councilPlanXlsx()));
    const fromPaste = itemsOf(readPastedTable(councilPlanPasted()));
    assert.equal(fromCsv.length, 12);
    assert.deepEqual(fromXlsx, fromCsv);
    assert.deepEqual(fromPaste, fromCsv);
  });

  it('reads a date cell of a workbook as its day, on the sheet that holds the plan', async () => {
    const read = await readActionFile(await councilPlanXlsx());
    assert.ok(read.ok);
    assert.equal(read.kind, 'xlsx');
    assert.ok(read.rows.some((row) => row.includes('2009-11-30')));
  });

  it('reads a table pasted as HTML from Word, cell by cell', () => {
    const html = `<html><body><p class="MsoNormal">Workforce plan</p>
      <table class="MsoTableGrid"><tr><td><p><b>No</b></p></td><td><p><b>Action</b></p></td>
      <td><p><b>Lead Officer</b></p></td><td><p><b>Target Date</b></p></td></tr>
      <tr><td>1</td><td><p>Agree the induction</p><p>standard &amp; pack</p></td>
      <td>Head of Workforce / Training Manager</td><td>Oct-09<script>alert(1)</script></td></tr>
      </table></body></html>`;
    const [first] = itemsOf(readPastedTable(html));
    assert.ok(first);
    assert.equal(first.title, 'Agree the induction\nstandard & pack');
    assert.deepEqual(first.target, { kind: 'month', year: 2009, month: 10 });
    assert.deepEqual(first.leads, [{ userId: 'user-workforce' }, { userId: 'user-training' }]);
  });

  it('reads CSV split by semicolons, saved as Windows-1252, with a byte order mark', async () => {
    const semicolons =
      'No;Action;Lead;Target date\r\n1;Run the carers’ training;Ben Okafor;2011\r\n';
    const fromSemicolons = itemsOf(await readActionFile(Buffer.from(`\uFEFF${semicolons}`)));
    assert.equal(fromSemicolons[0]?.title, 'Run the carers’ training');
    const windows = Buffer.from('No,Action\r\n1,Run the carers\x92 training caf\xe9\r\n', 'latin1');
    const fromWindows = itemsOf(await readActionFile(windows));
    assert.equal(fromWindows[0]?.title, 'Run the carers’ training café');
  });

  it('names the line a row starts on when a cell runs over several lines', async () => {
    const text =
      'No,Action,Progress\n1,Agree induction,"Met twice.\nDraft agreed."\n\n2,Run training,\n';
    const read = await readActionFile(Buffer.from(text));
    assert.ok(read.ok);
    const preview = previewImport(read.rows, options);
    assert.deepEqual(
      preview.rows.map((row) => row.line),
      [2, 5],
    );
    assert.equal(preview.items[0]?.updates[0]?.text, 'Met twice.\nDraft agreed.');
  });
});

describe('files that cannot be read', () => {
  it('says plainly that a password-protected or old-format workbook cannot be read', async () => {
    const ole = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    assert.equal(message(await readActionFile(ole)), OLD_OR_PROTECTED_MESSAGE);
    assert.equal(
      OLD_OR_PROTECTED_MESSAGE,
      'The file is password-protected or saved in an old Excel format. Remove the password or save it as .xlsx, then upload it again',
    );
  });

  it('gives a plain message for a damaged workbook', async () => {
    const whole = await councilPlanXlsx();
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    assert.equal(message(await readActionFile(cut)), NOT_A_WORKBOOK_MESSAGE);
    const notZip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('not really a zip')]);
    assert.equal(message(await readActionFile(notZip)), NOT_A_WORKBOOK_MESSAGE);
  });

  it('refuses an empty file, a binary file and a file over 10 MB', async () => {
    assert.equal(message(await readActionFile(Buffer.alloc(0))), EMPTY_FILE_MESSAGE);
    assert.equal(message(await readActionFile(Buffer.from('\uFEFF \r\n\r\n'))), EMPTY_FILE_MESSAGE);
    assert.equal(
      message(await readActionFile(Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2]))),
      NOT_A_TABLE_MESSAGE,
    );
    const large = Buffer.alloc(MAX_IMPORT_BYTES + 1, 'a');
    assert.equal(message(await readActionFile(large)), TOO_LARGE_MESSAGE);
    assert.equal(message(readPastedTable('  \n\t\n')), EMPTY_PASTE_MESSAGE);
  });

  it('reads a file with no header row, and the preview says so', async () => {
    const read = await readActionFile(Buffer.from('Induction,October\nTraining,2011\n'));
    assert.ok(read.ok);
    const preview = previewImport(read.rows, options);
    assert.equal(preview.ready, false);
    assert.match(preview.problems[0]?.message ?? '', /^There is no header row/);
  });

  it('gives the line of an unclosed quotation mark', async () => {
    const read = await readActionFile(
      Buffer.from('No,Action\n1,Agree induction\n2,"Run training\n'),
    );
    assert.match(message(read) ?? '', /near line 3/);
  });

  it('refuses a 50,000-row CSV quickly, without reading it all', async () => {
    const lines = ['No,Action,Lead Officer,Target Date,Progress,RAG'];
    for (let i = 1; i <= 50_000; i += 1) {
      lines.push(`${i},"Train staff, group ${i}",Training Manager,Oct-09,Booked,Green`);
    }
    const bytes = Buffer.from(lines.join('\n'));
    const started = performance.now();
    const read = await readActionFile(bytes);
    const took = performance.now() - started;
    assert.equal(message(read), TOO_MANY_ROWS_MESSAGE);
    assert.match(TOO_MANY_ROWS_MESSAGE, /5,000/);
    assert.ok(took < 1_000, `took ${Math.round(took)} ms`);
  });

  it('refuses a workbook of more than 5,000 actions, counting its rows before opening it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Plan');
    sheet.addRow(['No', 'Action', 'Lead Officer', 'Target Date', 'Progress']);
    for (let i = 1; i <= 6_000; i += 1) {
      sheet.addRow([
        i,
        `Train group ${i} in safe recruitment`,
        'Training Manager',
        'Oct-09',
        `Booked for week ${i}`,
      ]);
    }
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    assert.ok(bytes.length > 64 * 1024, `large enough to be counted first: ${bytes.length} bytes`);
    assert.equal(message(await readActionFile(bytes)), TOO_MANY_ROWS_MESSAGE);
  });
});
