// The limits of one import of an action plan, and their messages. A plan has tens of actions,
// a large one a few hundred: 5,000 leaves room for a partnership's whole history while keeping
// the preview quick; a file over 10 MB or a table over 5,000 actions is someone's other
// spreadsheet, refused before any row is read into a preview.

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5_000;

export const TOO_LARGE_MESSAGE =
  'The file is larger than 10 MB — an action plan of up to 5,000 actions fits well within ' +
  'that. Check it is the right file, or split it into smaller files';

export const TOO_MANY_ROWS_MESSAGE =
  'The table has more than 5,000 rows — one import takes up to 5,000 actions. Split it into ' +
  'smaller files and import each one';

/**
 * Rows with text a reader counts before refusing a table as too long, without reading further:
 * the actions, plus room for title rows and for a header repeated on every page of a Word table.
 */
export const ROWS_BEFORE_REFUSING = MAX_IMPORT_ROWS + 500;

const filled = (cell: unknown) =>
  typeof cell === 'string' ? cell.trim() !== '' : cell !== null && cell !== undefined;

/** The rows with any cell filled in (a quick count: nothing is read into a preview). */
export function countFilledRows(rows: readonly (readonly unknown[])[]): number {
  let count = 0;
  for (const row of rows) if (row.some(filled)) count += 1;
  return count;
}
