import { fieldOf, headerKey } from './headers.ts';

// normaliseRows: the table inside a pasted or uploaded action plan, as councils' sheets and
// Word tables really are: a title row or two above the table, blank rows and columns between,
// the header repeated where a Word table ran onto a new page, ragged rows.
//
// - Every cell is trimmed (line breaks inside a cell are kept; "\r\n" becomes "\n"). Cells may
//   be strings, numbers or dates as a spreadsheet reader gives them: a date becomes its day,
//   'YYYY-MM-DD' (which parseTargetDate reads).
// - Rows with no text are dropped; so are columns with no text from the header row down.
// - The header row is the row, among the first 20 with text, that names the most distinct
//   action fields (at least two); the earliest wins a tie. Rows above it are kept as `above`
//   (a plan's title, a date). Without such a row nothing is read and the message says why.
// - A data row that repeats the header is dropped. Rows are padded to the header's width.
// - `rowNumbers` gives each data row's line in the original (1 for the first), for messages.

export interface ActionTable {
  header: string[];
  rows: string[][];
  /** The original line (1-based) of each row in `rows`. */
  rowNumbers: number[];
  /** The original line (1-based) of the header. */
  headerRowNumber: number;
  /** The original column (0-based) of each column kept. */
  columns: number[];
  /** The text of the rows above the header, such as the plan's title. */
  above: string[];
}

export type TableResult = { ok: true; table: ActionTable } | { ok: false; message: string };

export const NO_HEADER_MESSAGE =
  'There is no header row — the table needs a row of headings such as "No", "Action", ' +
  '"Lead", "Target date", "Progress" and "RAG" above the actions';
export const HEADER_SEARCH_ROWS = 20;

/** A cell as text: a date cell (a spreadsheet reader gives it at UTC midnight) as its day. */
function cellText(cell: unknown): string {
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  if (cell instanceof Date && !Number.isNaN(cell.getTime())) return cell.toISOString().slice(0, 10);
  return '';
}

const tidy = (cell: unknown) => cellText(cell).replace(/\r\n?/g, '\n').trim();

const fieldsNamed = (row: readonly string[]) =>
  new Set(row.map((cell) => fieldOf(cell)?.field).filter((field) => field !== undefined)).size;

function headerIndex(lines: readonly { cells: string[] }[]): number {
  let best = -1;
  let bestCount = 1;
  lines.slice(0, HEADER_SEARCH_ROWS).forEach((line, index) => {
    const count = fieldsNamed(line.cells);
    if (count > bestCount) [best, bestCount] = [index, count];
  });
  return best;
}

const keyOf = (row: readonly string[]) => row.map(headerKey).join('|');

/** The action table in rows of cells as read from a CSV, XLSX sheet or pasted table. */
export function normaliseRows(rows: readonly (readonly unknown[])[]): TableResult {
  const lines = rows
    .map((row, index) => ({ cells: row.map(tidy), number: index + 1 }))
    .filter((line) => line.cells.some((cell) => cell !== ''));
  const at = headerIndex(lines);
  const headerLine = lines[at];
  if (!headerLine) return { ok: false, message: NO_HEADER_MESSAGE };
  const below = lines.slice(at);
  const width = Math.max(...below.map((line) => line.cells.length));
  const columns = Array.from({ length: width }, (_, i) => i).filter((i) =>
    below.some((line) => (line.cells[i] ?? '') !== ''),
  );
  const pick = (cells: readonly string[]) => columns.map((i) => cells[i] ?? '');
  const header = pick(headerLine.cells);
  const data = below
    .slice(1)
    .map((line) => ({ cells: pick(line.cells), number: line.number }))
    .filter((line) => line.cells.some((cell) => cell !== ''))
    .filter((line) => keyOf(line.cells) !== keyOf(header));
  return {
    ok: true,
    table: {
      header,
      rows: data.map((line) => line.cells),
      rowNumbers: data.map((line) => line.number),
      headerRowNumber: headerLine.number,
      columns,
      above: lines.slice(0, at).map((line) => line.cells.filter((cell) => cell !== '').join(' ')),
    },
  };
}
