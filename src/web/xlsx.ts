import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { HttpError } from '../kernel/errors.ts';

// Excel workbooks (.xlsx): writing downloads and reading uploaded files.
//
// Formula injection: every cell is written as a plain value (text or number), never as a formula,
// so text such as =HYPERLINK(...) or +1 stays text in Excel and reads back exactly as written.

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const CREATOR = "One Children's Workforce";
/** Excel's limit on the length of a sheet name. */
const MAX_SHEET_NAME = 31;
/** Excel's limit on the characters in one cell; longer text makes Excel report a damaged file. */
const MAX_CELL_TEXT = 32_767;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/**
 * A figure as a page shows it: a CSV writes `text` ("1,234", "3.50", "+0.3"), a workbook the
 * number `value` in the Excel format `numFmt` that shows it the same way.
 */
export interface ShownNumber {
  value: number;
  text: string;
  numFmt: string;
}

export type XlsxCell = string | number | null | undefined | ShownNumber;

export interface XlsxSheet {
  /** The tab name; cleaned to a valid, unique sheet name (see cleanSheetNames). */
  name: string;
  /** Optional heading written in bold in row 1, above the header row. */
  title?: string;
  headers: string[];
  rows: XlsxCell[][];
}

/** An uploaded file that cannot be read as a workbook. Shown to the person as a 400. */
export class SpreadsheetError extends HttpError {
  override readonly name = 'SpreadsheetError';
  constructor(message = 'The file is not an Excel workbook (.xlsx)') {
    super(400, message);
  }
}

/**
 * Valid, unique sheet names, in order: characters Excel refuses ([ ] : * ? / \ and control
 * characters) become spaces, runs of spaces are collapsed, leading and trailing apostrophes are
 * dropped, names are cut to 31 characters, an empty name becomes "Sheet N", and a repeated name
 * (Excel ignores case) or the reserved name "History" gets " (2)", " (3)"… added.
 */
export function cleanSheetNames(names: string[]): string[] {
  const taken = new Set(['history']);
  return names.map((raw, index) => {
    let base = cut(
      raw
        // eslint-disable-next-line no-control-regex
        .replace(/[[\]:*?/\\\u0000-\u001f\u007f]/g, ' ')
        .replace(/\s+/g, ' ')
        .replace(/^[\s']+|[\s']+$/g, ''),
      MAX_SHEET_NAME,
    );
    if (base === '') base = `Sheet ${index + 1}`;
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = cut(base, MAX_SHEET_NAME - suffix.length) + suffix;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair, then tidies the end. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end).replace(/[\s']+$/, '');
}

function cellValue(value: XlsxCell): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'object') return Number.isFinite(value.value) ? value.value : null;
  return value.length > MAX_CELL_TEXT ? cut(value, MAX_CELL_TEXT) : value;
}

/** Gives each shown figure of the rows (row 1 of `rows` is sheet row `first`) its number format. */
function formatFigures(worksheet: ExcelJS.Worksheet, rows: XlsxCell[][], first: number) {
  rows.forEach((row, r) => {
    row.forEach((value, c) => {
      if (typeof value === 'object' && value !== null)
        worksheet.getCell(first + r, c + 1).numFmt = value.numFmt;
    });
  });
}

function displayWidth(value: string | number | null): number {
  if (value === null) return 0;
  if (typeof value === 'number') return String(value).length;
  let widest = 0;
  for (const line of value.split('\n')) widest = Math.max(widest, line.length);
  return widest;
}

/**
 * A workbook with one sheet per entry: an optional bold title row, a bold header row that stays
 * in view when scrolling (with filter buttons), then the rows. Numbers are stored as numbers,
 * null and undefined as empty cells, and all text as plain text, never as a formula. Text longer
 * than Excel's 32,767-character cell limit is cut; NaN and Infinity are left empty.
 */
export async function toXlsx(sheets: XlsxSheet[]): Promise<Buffer> {
  if (sheets.length === 0) throw new Error('toXlsx needs at least one sheet');
  const workbook = new ExcelJS.Workbook();
  const now = new Date();
  workbook.creator = CREATOR;
  workbook.lastModifiedBy = CREATOR;
  workbook.created = now;
  workbook.modified = now;

  const names = cleanSheetNames(sheets.map((sheet) => sheet.name));
  sheets.forEach((sheet, index) => {
    const worksheet = workbook.addWorksheet(names[index]);
    let headerRow = 1;
    if (sheet.title !== undefined && sheet.title !== '') {
      const title = worksheet.addRow([cellValue(sheet.title)]);
      title.font = { bold: true, size: 14 };
      headerRow = 2;
    }
    const headers = sheet.headers.map(cellValue);
    const rows = sheet.rows.map((row) => row.map(cellValue));
    const header = worksheet.addRow(headers);
    header.font = { bold: true };
    worksheet.addRows(rows);
    formatFigures(worksheet, sheet.rows, headerRow + 1);

    let columns = headers.length;
    const widths = headers.map((value) => displayWidth(value) + 2);
    for (const row of rows) {
      columns = Math.max(columns, row.length);
      row.forEach((value, column) => {
        widths[column] = Math.max(widths[column] ?? 0, displayWidth(value));
      });
    }
    for (let column = 0; column < columns; column++) {
      const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, (widths[column] ?? 0) + 1));
      worksheet.getColumn(column + 1).width = width;
    }

    worksheet.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow }];
    if (headers.length > 0) {
      worksheet.autoFilter = {
        from: { row: headerRow, column: 1 },
        to: { row: headerRow, column: headers.length },
      };
    }
  });

  const output = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(output) ? output : Buffer.from(output);
}

/**
 * The cells of one worksheet as text, for imports: the first sheet in tab order, or
 * `options.sheet` (counting from 0). Row i of the result is row i + 1 of the sheet (blank rows in
 * between are kept, blank rows at the end are dropped) and every row has the same number of
 * cells. Numbers are their plain text (a percentage is its fraction, e.g. "0.5"), dates are
 * YYYY-MM-DD (with " HH:MM:SS" when the cell also holds a time), TRUE/FALSE for true and false,
 * formulas give the result Excel saved with the file (empty if it saved none), rich text and
 * links give their text, and the hidden parts of merged cells are empty. Text is not trimmed.
 * Throws SpreadsheetError for anything that is not a readable .xlsx workbook.
 */
export async function readXlsxRows(
  buffer: Buffer,
  options: { sheet?: number } = {},
): Promise<string[][]> {
  const worksheets = await loadWorksheets(buffer);
  const index = options.sheet ?? 0;
  const worksheet = worksheets[index];
  if (worksheet === undefined) {
    throw new SpreadsheetError(
      `The workbook has ${worksheets.length === 1 ? '1 sheet' : `${worksheets.length} sheets`}, so there is no sheet ${index + 1}`,
    );
  }
  return sheetRows(worksheet);
}

/**
 * The cells of every worksheet, in tab order, each sheet as readXlsxRows gives it (the workbook
 * is read once). Throws SpreadsheetError for anything that is not a readable .xlsx workbook.
 */
export async function readXlsxSheets(buffer: Buffer): Promise<string[][][]> {
  return (await loadWorksheets(buffer)).map(sheetRows);
}

async function loadWorksheets(buffer: Buffer): Promise<ExcelJS.Worksheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as ArrayBuffer; at run time it takes a Node Buffer.
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new SpreadsheetError();
  }
  if (workbook.worksheets.length === 0) throw new SpreadsheetError();
  return workbook.worksheets;
}

function sheetRows(worksheet: ExcelJS.Worksheet): string[][] {
  const found: string[][] = [];
  let width = 0;
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      if (cell.type === ExcelJS.ValueType.Merge) return;
      const text = cellText(cell.value);
      if (text !== '') cells[columnNumber - 1] = text;
    });
    if (cells.length === 0) return;
    found[rowNumber - 1] = cells;
    width = Math.max(width, cells.length);
  });
  return Array.from(found, (cells: string[] | undefined) =>
    Array.from({ length: width }, (_, column) => cells?.[column] ?? ''),
  );
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  // A link's text is usually a string but can be rich text; cellText handles both.
  if ('hyperlink' in value) return cellText(value.text);
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result);
  if ('error' in value) return value.error;
  return '';
}

/** exceljs reads Excel's date serials as UTC instants, so the UTC parts are the cell's own. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString(); // 2024-01-05T09:30:00.000Z
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? day : `${day} ${time}`;
}

/**
 * A filename safe inside the quoted Content-Disposition value: quotes, backslashes and
 * characters outside printable ASCII become "_".
 */
export function attachmentName(filename: string): string {
  return filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

/** Sends an .xlsx download (build the body with toXlsx). */
export function sendXlsx(reply: FastifyReply, filename: string, body: Buffer) {
  return reply
    .type(XLSX_CONTENT_TYPE)
    .header('content-disposition', `attachment; filename="${attachmentName(filename)}"`)
    .send(body);
}
