import { parse, type CsvError } from 'csv-parse/sync';
import type { FieldError } from '../../kernel/errors.ts';
import { fail, ok, type Outcome } from '../../kernel/outcome.ts';
import { readXlsxRows, SpreadsheetError } from '../../web/xlsx.ts';
import { MAX_HEADCOUNT } from './schemas.ts';

// Reading the filled-in headcount template: a CSV text or an Excel workbook (first sheet)
// whose first row names the columns "sector key" and "headcount" ("sector name" is there
// to help the person filling it in, and not read). Row numbers are the spreadsheet's: the
// header is row 1.

/** One sector's headcount in a list, and where it came from, for its error message. */
export interface HeadcountEntry {
  sector: string;
  headcount: number | null;
  /** The field of its errors (e.g. headcounts.0.sector, row-3) and how a message names it. */
  at: { field: string; label: string };
}

export type HeadcountFile = { kind: 'csv'; text: string } | { kind: 'xlsx'; bytes: Buffer };

/** More rows than any trust has sectors: someone chose the wrong file. */
const MAX_ROWS = 1000;

const LAYOUT =
  'The first row of the file must name the columns sector key, sector name and headcount, as in the template';

interface Row {
  cells: string[];
  row: number;
}

function csvRows(text: string): Row[] | FieldError {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    const records = parse(body, {
      info: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map((r) => ({ cells: r.record, row: r.info.lines }));
  } catch (error) {
    const lines = (error as CsvError).lines;
    return {
      field: 'file',
      message: `The file could not be read as CSV near row ${typeof lines === 'number' ? lines : 1}: check that every quotation mark is closed`,
    };
  }
}

async function xlsxRows(bytes: Buffer): Promise<Row[] | FieldError> {
  try {
    return (await readXlsxRows(bytes))
      .map((cells, i) => ({ cells: cells.map((c) => c.trim()), row: i + 1 }))
      .filter((r) => r.cells.some((c) => c !== ''));
  } catch (error) {
    if (error instanceof SpreadsheetError) return { field: 'file', message: error.message };
    throw error;
  }
}

/** A headcount as written in a cell: blank for not known; commas and spaces allowed. */
export function headcountCell(raw: string, label: string): number | null | FieldError {
  const value = raw.replace(/[,\s]/g, '');
  if (value === '') return null;
  const wrong = (message: string) => ({ field: '', message: `${label}: ${message}` });
  if (/^-\d+(\.\d+)?$/.test(value)) return wrong('the headcount must be 0 or more');
  if (!/^\d+$/.test(value))
    return wrong('enter the headcount as a whole number, like 250, or leave it empty');
  const n = Number(value);
  if (n > MAX_HEADCOUNT) return wrong('the headcount must be 1,000,000 or fewer');
  return n;
}

/**
 * The entries of the file, and what is wrong with its rows; or, when the file cannot be read
 * as a template at all, what is wrong with it.
 */
export async function readHeadcountFile(
  file: HeadcountFile,
): Promise<Outcome<{ entries: HeadcountEntry[]; errors: FieldError[] }>> {
  const rows = file.kind === 'csv' ? csvRows(file.text) : await xlsxRows(file.bytes);
  if (!Array.isArray(rows)) return { ok: false, errors: [rows] };
  const [header, ...data] = rows;
  if (header === undefined || data.length === 0)
    return fail('file', 'The file has no sectors in it: fill in the template and upload it again');
  if (data.length > MAX_ROWS)
    return fail(
      'file',
      `The file has ${data.length.toLocaleString('en-GB')} rows, more than any trust has sectors: upload the headcount template`,
    );
  const names = header.cells.map((c) => c.toLowerCase().replace(/\s+/g, ' '));
  const keyColumn = names.indexOf('sector key');
  const countColumn = names.indexOf('headcount');
  if (keyColumn < 0 || countColumn < 0) return fail('file', LAYOUT);
  const entries: HeadcountEntry[] = [];
  const errors: FieldError[] = [];
  for (const { cells, row } of data) {
    const at = { field: `row-${row}`, label: `Row ${row}` };
    const sector = cells[keyColumn] ?? '';
    const headcount = headcountCell(cells[countColumn] ?? '', at.label);
    if (sector === '')
      errors.push({ field: at.field, message: `${at.label}: enter the sector key` });
    else if (headcount !== null && typeof headcount === 'object')
      errors.push({ field: at.field, message: headcount.message });
    else entries.push({ sector, headcount, at });
  }
  return ok({ entries, errors });
}
