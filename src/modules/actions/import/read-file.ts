import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { readXlsxSheets } from '../../../web/xlsx.ts';
import { normaliseRows } from '../rows.ts';
import {
  MAX_IMPORT_BYTES,
  ROWS_BEFORE_REFUSING,
  TOO_LARGE_MESSAGE,
  TOO_MANY_ROWS_MESSAGE,
} from './limits.ts';
import { decodeText } from '../../../web/decode-text.ts';
import { readDelimitedText, type RowsResult } from './read-text.ts';

// readActionFile: an uploaded action plan's bytes read into rows of cells, for previewImport.
//
// - The kind of file is told from its bytes, never its name: a zip archive is read as an Excel
//   workbook (.xlsx); a compound document (it starts D0 CF 11 E0) is an old-format workbook
//   (.xls) or one saved with a password, which cannot be read, and the message says what to do;
//   other bytes with no NUL in them are delimited text (read-text.ts), UTF-8 or Windows-1252
//   (or UTF-16 with its byte order mark, as Excel saves "Unicode text").
// - A workbook's plan is on the first sheet, in tab order, that has a header row normaliseRows
//   recognises (a cover sheet or notes before it are passed over); when none has, the first
//   sheet is given and the preview says there is no header. Date cells become their day,
//   'YYYY-MM-DD', as src/web/xlsx.ts reads them.
// - A file over 10 MB is refused unread. A large workbook's rows are counted by streaming
//   through it first, stopping as soon as there are too many, before it is opened whole.
// - Whatever is wrong with a file is a message; nothing here throws for bad input.

export type FileKind = 'csv' | 'xlsx';

export type FileRead =
  { ok: true; kind: FileKind; rows: string[][] } | { ok: false; message: string };

export const EMPTY_FILE_MESSAGE =
  'The file is empty — choose the CSV or Excel file (.xlsx) that holds the action plan';
export const OLD_OR_PROTECTED_MESSAGE =
  'The file is password-protected or saved in an old Excel format. Remove the password or ' +
  'save it as .xlsx, then upload it again';
export const NOT_A_WORKBOOK_MESSAGE =
  'The file could not be opened as an Excel workbook — open it in Excel, save it as .xlsx ' +
  'and upload it again';
export const NOT_A_TABLE_MESSAGE =
  'The file is not a CSV or an Excel workbook (.xlsx) — save the action plan in one of ' +
  'those formats and upload it again';

/** Workbooks smaller than this are opened whole without counting their rows first. */
const COUNT_ROWS_FROM_BYTES = 64 * 1024;

const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
  signature.every((byte, i) => bytes[i] === byte);

export const isZip = (bytes: Uint8Array) => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
export const isCompoundDocument = (bytes: Uint8Array) =>
  startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** True when some sheet has more rows than ROWS_BEFORE_REFUSING (stops reading there). */
async function tooManyRows(bytes: Uint8Array): Promise<boolean> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    worksheets: 'emit',
    sharedStrings: 'ignore',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    let rows = 0;
    for await (const row of sheet) if (row.hasValues && ++rows > ROWS_BEFORE_REFUSING) return true;
  }
  return false;
}

async function readWorkbook(bytes: Uint8Array): Promise<FileRead> {
  try {
    if (bytes.length >= COUNT_ROWS_FROM_BYTES && (await tooManyRows(bytes))) {
      return { ok: false, message: TOO_MANY_ROWS_MESSAGE };
    }
    const sheets = await readXlsxSheets(Buffer.from(bytes));
    const index = Math.max(
      0,
      sheets.findIndex((rows) => normaliseRows(rows).ok),
    );
    return { ok: true, kind: 'xlsx', rows: sheets[index] ?? [] };
  } catch {
    // SpreadsheetError from xlsx.ts, or the zip reader's own error while counting.
    return { ok: false, message: NOT_A_WORKBOOK_MESSAGE };
  }
}

const fromText = (result: RowsResult): FileRead =>
  result.ok ? { ok: true, kind: 'csv', rows: result.rows } : result;

/** The rows of an uploaded action plan, or what is wrong with the file. */
export async function readActionFile(bytes: Uint8Array): Promise<FileRead> {
  if (bytes.length > MAX_IMPORT_BYTES) return { ok: false, message: TOO_LARGE_MESSAGE };
  if (isCompoundDocument(bytes)) return { ok: false, message: OLD_OR_PROTECTED_MESSAGE };
  if (isZip(bytes)) return readWorkbook(bytes);
  const utf16 = startsWith(bytes, [0xff, 0xfe]);
  if (!utf16 && bytes.includes(0)) return { ok: false, message: NOT_A_TABLE_MESSAGE };
  const text = utf16 ? new TextDecoder('utf-16le').decode(bytes) : decodeText(bytes);
  if (text.replace(/^\uFEFF/, '').trim() === '') return { ok: false, message: EMPTY_FILE_MESSAGE };
  return fromText(readDelimitedText(text));
}
