import { HTMLElement, parse as parseHtml } from 'node-html-parser';
import { normaliseRows } from '../rows.ts';
import { MAX_IMPORT_BYTES, ROWS_BEFORE_REFUSING, TOO_MANY_ROWS_MESSAGE } from './limits.ts';
import { readDelimitedText, type RowsResult } from './read-text.ts';

// readPastedTable: a table pasted from Word or Excel into a text box, read into rows of cells.
//
// - Copied cells arrive as lines of tab-separated cells (Excel puts a cell with a line break or
//   a quotation mark in quotation marks); a paste without tabs may be CSV, so commas and
//   semicolons are tried as well, tabs first (read-text.ts).
// - A paste that holds an HTML table (what Word and Excel put on the clipboard as HTML) is read
//   from its table: the first one with a recognisable header row, else the first one. Each row
//   is a <tr>, each cell a <td> or <th> as plain text (a line break or paragraph inside a cell
//   becomes a line break; scripts and styles are dropped; nothing is run or kept as markup);
//   a cell spanning several columns is followed by empty cells for the columns it covers.
// - Row numbers are the lines of the text, or the rows of the HTML table, counting from 1.
// - Text over 10 MB, or a table of more than ROWS_BEFORE_REFUSING rows, is refused.

export const EMPTY_PASTE_MESSAGE =
  'Paste the action plan table — copy it from Word or Excel, including its header row';
export const PASTE_TOO_LARGE_MESSAGE =
  'The pasted text is longer than 10 MB — paste up to 5,000 actions at a time';

const MAX_SPAN = 50;

function cellText(cell: HTMLElement): string {
  cell.querySelectorAll('script, style').forEach((node) => node.remove());
  return cell.structuredText.replace(/\u00a0/g, ' ');
}

function rowCells(row: HTMLElement): string[] {
  const cells: string[] = [];
  for (const element of row.childNodes) {
    if (!(element instanceof HTMLElement)) continue;
    if (element.tagName !== 'TD' && element.tagName !== 'TH') continue;
    cells.push(cellText(element));
    const span = Math.min(MAX_SPAN, Number(element.getAttribute('colspan') ?? '1') || 1);
    for (let i = 1; i < span; i += 1) cells.push('');
  }
  return cells;
}

/** The rows of a table that belong to it (not to a table nested inside one of its cells). */
function tableRows(table: HTMLElement): string[][] | null {
  const rows = table.querySelectorAll('tr').filter((row) => row.closest('table') === table);
  if (rows.length > ROWS_BEFORE_REFUSING) return null;
  return rows.map(rowCells);
}

function readHtmlTables(html: string): RowsResult {
  const tables = parseHtml(html).querySelectorAll('table');
  const read: string[][][] = [];
  for (const table of tables) {
    const rows = tableRows(table);
    if (rows === null) return { ok: false, message: TOO_MANY_ROWS_MESSAGE };
    if (normaliseRows(rows).ok) return { ok: true, rows };
    read.push(rows);
  }
  return { ok: true, rows: read[0] ?? [] };
}

const HTML_TABLE = /<table[\s>]/i;

/** The rows of a pasted table, or what is wrong with the paste. */
export function readPastedTable(text: string): RowsResult {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, message: PASTE_TOO_LARGE_MESSAGE };
  if (text.trim() === '') return { ok: false, message: EMPTY_PASTE_MESSAGE };
  if (HTML_TABLE.test(text)) return readHtmlTables(text);
  return readDelimitedText(text, ['\t', ',', ';']);
}
