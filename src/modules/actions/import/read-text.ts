import { parse, type CsvError } from 'csv-parse/sync';
import { mapHeaders } from '../headers.ts';
import { normaliseRows } from '../rows.ts';
import { countFilledRows, ROWS_BEFORE_REFUSING, TOO_MANY_ROWS_MESSAGE } from './limits.ts';

// Delimited text (a CSV file, or cells copied from a spreadsheet) read into rows of cells.
//
// - The delimiter is a comma, a semicolon (spreadsheets set to a European locale save CSV so)
//   or a tab: each is tried on the first 30 lines, and the one whose header row names the most
//   action fields wins; on a tie, the first in `order`.
// - A byte order mark is dropped; quotation marks work as in Excel's CSV ("" inside quotes is
//   one "), and a stray quotation mark inside a cell is kept as written.
// - Row i of the result is line i + 1 of the text, so messages name the line a person sees in
//   a text editor: a cell running over several lines takes the line it starts on, and the
//   lines it covers are left as empty rows. Blank lines are empty rows too (normaliseRows
//   drops them).
// - A table of more than ROWS_BEFORE_REFUSING rows with text is refused as soon as that many
//   have been read: the rest of a 50,000-row file is never parsed.

export type Delimiter = ',' | ';' | '\t';

export type RowsResult = { ok: true; rows: string[][] } | { ok: false; message: string };

const SAMPLE_LINES = 30;

const unreadable = (line: number) =>
  `The text could not be read as a table near line ${line} — check that every quotation mark ` +
  'around a cell is closed';

interface Parsed {
  record: string[];
  info: { lines: number };
}

/** Records read before the rows with text are counted (blank lines are records too). */
const RECORDS_BEFORE_COUNTING = ROWS_BEFORE_REFUSING * 2;

function parseWith(text: string, delimiter: Delimiter, to?: number): Parsed[] {
  return parse(text, {
    delimiter,
    ...(to === undefined ? {} : { to }),
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
  }) as unknown as Parsed[];
}

/** How many action fields the sample's header row names when split at `delimiter`. */
function score(sample: string, delimiter: Delimiter): number {
  try {
    const table = normaliseRows(parseWith(sample, delimiter).map((parsed) => parsed.record));
    return table.ok ? Object.keys(mapHeaders(table.table.header).columns).length : 0;
  } catch {
    return 0;
  }
}

/** The delimiter the text's header row is written with. */
export function detectDelimiter(text: string, order: readonly Delimiter[]): Delimiter {
  const sample = text.split(/\r\n|\n|\r/, SAMPLE_LINES).join('\n');
  let best = order[0] ?? ',';
  let bestScore = -1;
  for (const delimiter of order) {
    const found = score(sample, delimiter);
    if (found > bestScore) [best, bestScore] = [delimiter, found];
  }
  return best;
}

/** Rows placed at the line each starts on (see the opening comment). */
function byLine(records: readonly Parsed[]): string[][] {
  const rows: string[][] = [];
  for (const { record, info } of records) {
    rows.push(record);
    while (rows.length < info.lines) rows.push([]);
  }
  return rows;
}

/** The rows of delimited text. */
export function readDelimitedText(
  text: string,
  order: readonly Delimiter[] = [',', ';', '\t'],
): RowsResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(body, order);
  try {
    const first = parseWith(body, delimiter, RECORDS_BEFORE_COUNTING);
    if (first.length < RECORDS_BEFORE_COUNTING) return { ok: true, rows: byLine(first) };
    const rows = first.map((parsed) => parsed.record);
    if (countFilledRows(rows) > ROWS_BEFORE_REFUSING) {
      return { ok: false, message: TOO_MANY_ROWS_MESSAGE };
    }
    return { ok: true, rows: byLine(parseWith(body, delimiter)) };
  } catch (error) {
    const lines = (error as Partial<CsvError>).lines;
    return { ok: false, message: unreadable(typeof lines === 'number' ? lines : 1) };
  }
}
