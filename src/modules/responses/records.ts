import { parse, type CsvError } from 'csv-parse/sync';
import { readXlsxRows, SpreadsheetError } from '../../web/xlsx.ts';
import { decodeText } from '../../web/decode-text.ts';

// The rows of an answers file, each with its line number (the header is line 1): from CSV
// text, or from the first sheet of an Excel workbook. Nothing here knows what the columns
// mean; import.ts checks them.

export interface SourceRecord {
  cells: string[];
  /** Line of the file (CSV: where the record ends) or row of the sheet; the header is 1. */
  row: number;
}

/** A problem with the whole file, reported at a line. */
export interface FileProblem {
  row: number;
  message: string;
}

const NOT_READABLE_XLSX =
  'The selected file must be a CSV or an Excel workbook (.xlsx) that opens in a spreadsheet';

/**
 * Splits CSV without quotation marks: each line is a record, split at commas and trimmed,
 * as csv-parse does with the options below (several times faster on a large file).
 */
function splitPlainCsv(text: string): SourceRecord[] {
  const records: SourceRecord[] = [];
  let line = 0;
  let start = 0;
  const length = text.length;
  while (start <= length) {
    let end = start;
    while (end < length) {
      const code = text.charCodeAt(end);
      if (code === 10 || code === 13) break;
      end++;
    }
    line++;
    if (end > start) {
      const cells = text.slice(start, end).split(',');
      for (let i = 0; i < cells.length; i++) cells[i] = (cells[i] ?? '').trim();
      records.push({ cells, row: line });
    }
    if (end >= length) break;
    start = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  }
  return records;
}

/** The records of a CSV text, or the line where it stops being readable. */
export function readCsvRecords(text: string): SourceRecord[] | FileProblem {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.includes('"')) return splitPlainCsv(body);
  try {
    const parsed = parse(body, {
      info: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return parsed.map((r) => ({ cells: r.record, row: r.info.lines }));
  } catch (error) {
    const lines = (error as CsvError).lines;
    const row = typeof lines === 'number' ? lines : 1;
    return {
      row,
      message: `The file could not be read as CSV near line ${row}: check that every quotation mark is closed`,
    };
  }
}

/** The rows of the workbook's first sheet (cells trimmed), or why it cannot be read. */
export async function readXlsxRecords(bytes: Buffer): Promise<SourceRecord[] | FileProblem> {
  try {
    const rows = await readXlsxRows(bytes);
    const records: SourceRecord[] = [];
    rows.forEach((cells, index) => {
      if (cells.some((c) => c.trim() !== ''))
        records.push({ cells: cells.map((c) => c.trim()), row: index + 1 });
    });
    return records;
  } catch (error) {
    if (error instanceof SpreadsheetError) return { row: 1, message: NOT_READABLE_XLSX };
    throw error;
  }
}

/** True when the bytes start like a zip archive (an .xlsx workbook is one). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Control characters (NUL, tab, escape, delete…) and halves of a surrogate pair without the
 * other half: never part of an id, key or value, and PostgreSQL refuses NUL in text.
 */
/* eslint-disable no-control-regex -- finding control characters is the point */
const BAD_IN_CELL =
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The same, less the line ends that separate records: a quick look at a whole file. */
const BAD_IN_TEXT =
  /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/* eslint-enable no-control-regex */

export function hasBadCharacters(cell: string): boolean {
  return BAD_IN_CELL.test(cell);
}

/** False when no cell of this CSV text can hold a bad character (so none need checking). */
export function mayHaveBadCharacters(text: string): boolean {
  return text.includes('"') || BAD_IN_TEXT.test(text);
}

/**
 * A file's bytes as text: UTF-8, or Windows-1252 as older spreadsheets save it; null if it
 * is not text (a zip archive, or control characters such as NUL in the first line, as in
 * any binary file or UTF-16). A control character further down is reported by its line.
 */
export function decodeUpload(bytes: Buffer): string | null {
  if (looksLikeZip(bytes)) return null;
  const newline = bytes.findIndex((b) => b === 0x0a || b === 0x0d);
  const first = bytes.subarray(0, newline < 0 ? bytes.length : newline);
  if (first.some((b) => b < 0x20 && b !== 0x09)) return null;
  return decodeText(bytes);
}
