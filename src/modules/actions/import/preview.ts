import { columnName, mapHeaders, type ActionField, type HeaderMapping } from '../headers.ts';
import { findDuplicateNumbers } from '../number.ts';
import { normaliseRows, type ActionTable } from '../rows.ts';
import {
  countFilledRows,
  MAX_IMPORT_ROWS,
  ROWS_BEFORE_REFUSING,
  TOO_MANY_ROWS_MESSAGE,
} from './limits.ts';
import type { ImportPreview, PreviewOptions, PreviewRow, TableProblem } from './preview-types.ts';
import { readRow, rowContext, type RowCells } from './preview-row.ts';

// previewImport: the rows of an uploaded or pasted action plan (from readActionFile or
// readPastedTable) read into actions, with every problem shown on its row for a person to fix.
// Nothing is stored: the service stores `items` once the person confirms and `ready` is true.
//
// The table is found by normaliseRows (title rows, blank rows and columns, repeated headers)
// and its columns by mapHeaders. Then, row by row:
// - Number: the No / Ref column, tidied by parseActionNumber ("No. 3" is 3); an empty or
//   unreadable number is a problem. A table without a number column is numbered 1, 2, 3… in
//   the order of its rows. A number used on two or more rows is a problem on each of them, and
//   a problem of the table naming all their lines.
// - Title: the Action column; required.
// - Leads: the cell split by splitLeads and matched with matchLeads against `known`. A lead
//   that names exactly one known person or team is { userId }; one that names none is kept as
//   { name } as written (a plan's leads may be people or teams without an account); one that
//   could be two or more known people is a problem naming them.
// - Target date: read by parseTargetDate (a date written without a year is placed by
//   `today`). An empty cell, or no target column, is no target date (null). Anything else it
//   cannot read, "TBC" or 31 February included, is a problem with parseTargetDate's message.
// - Revised target date: from a Revised target date column when the plan has one, else the
//   revised date findRevisedDate finds in the progress text ("now revised to 31st Dec 2009").
//   Its reason is the sentence of the progress that states the revision; with a column but no
//   such sentence, the whole progress text; with no progress at all it is a problem (a revised
//   date needs a reason). A revised date the same as the target is no revision.
// - RAG: parseRag; an empty cell is null, so the suggested RAG applies. Unreadable is a problem.
// - Status: the Status column (parseStatus); when it is empty or absent, Complete or Not
//   started from the RAG; otherwise in progress when the row has progress text, else not
//   started.
// - Progress: the cell becomes one progress update, dated today, or dated by the day it
//   starts with ("12/10/2009: …") when that day is not after today. No text, no update.
// - A row with any problem has no item. The whole table is refused, with no rows, when it has
//   no header row, no Action column, no actions under its header, or more than 5,000 rows.

const NO_ACTIONS_MESSAGE =
  'The table has a header row but no actions under it — add a row for each action';

const refused = (message: string, mapping?: HeaderMapping): ImportPreview => ({
  ready: false,
  header: [],
  mapping: { fields: [], unknown: [], messages: mapping?.messages ?? [], numbered: false },
  above: [],
  problems: [{ message, lines: [] }],
  rows: [],
  items: [],
});

/** The mapping of a header spread back to its original columns, so letters name them right. */
function mapColumns(table: ActionTable): HeaderMapping {
  const spread: string[] = [];
  table.columns.forEach((original, i) => (spread[original] = table.header[i] ?? ''));
  return mapHeaders(Array.from({ length: spread.length }, (_, i) => spread[i] ?? ''));
}

function fieldsOf(table: ActionTable, mapping: HeaderMapping) {
  return (Object.entries(mapping.columns) as [ActionField, number][])
    .map(([field, original]) => ({ field, original, at: table.columns.indexOf(original) }))
    .sort((a, b) => a.original - b.original);
}

/** Marks the rows whose numbers are used more than once, and says so for the table. */
function markDuplicates(rows: PreviewRow[]): TableProblem[] {
  const found = findDuplicateNumbers(rows.map((row) => row.values.number));
  return found.map(({ number, indexes }) => {
    const lines = indexes.map((i) => rows[i]?.line ?? 0);
    for (const i of indexes) {
      const row = rows[i];
      if (!row) continue;
      const others = lines.filter((line) => line !== row.line);
      const where = `line${others.length > 1 ? 's' : ''} ${listed(others)}`;
      row.problems.push({
        field: 'number',
        message: `Action number ${number} is also used on ${where} — give each action its own number`,
      });
      row.item = null;
    }
    return {
      message: `Action number ${number} is used on lines ${listed(lines)} — give each action its own number`,
      lines,
    };
  });
}

const listed = (lines: readonly number[]) =>
  lines.length < 2
    ? lines.join('')
    : `${lines.slice(0, -1).join(', ')} and ${String(lines.at(-1))}`;

/** The preview of an import: what each row becomes, and what must be fixed first. */
export function previewImport(
  rows: readonly (readonly unknown[])[],
  options: PreviewOptions,
): ImportPreview {
  if (countFilledRows(rows) > ROWS_BEFORE_REFUSING) return refused(TOO_MANY_ROWS_MESSAGE);
  const found = normaliseRows(rows);
  if (!found.ok) return refused(found.message);
  const { table } = found;
  const mapping = mapColumns(table);
  const missing = mapping.messages[0];
  if (mapping.missing.length > 0 && missing) return refused(missing, mapping);
  if (table.rows.length === 0) return refused(NO_ACTIONS_MESSAGE, mapping);
  if (table.rows.length > MAX_IMPORT_ROWS) return refused(TOO_MANY_ROWS_MESSAGE, mapping);
  const fields = fieldsOf(table, mapping);
  const numbered = mapping.columns.number === undefined;
  const context = rowContext(options);
  const previews = table.rows.map((cells, index) => {
    const cellsOf: RowCells = {};
    for (const { field, at } of fields) cellsOf[field] = cells[at] ?? '';
    const line = table.rowNumbers[index] ?? index + 1;
    return readRow(line, cells, cellsOf, numbered ? String(index + 1) : null, context);
  });
  const problems = markDuplicates(previews);
  const items = previews.flatMap((row) => (row.item ? [row.item] : []));
  return {
    ready: problems.length === 0 && items.length === previews.length,
    header: table.header,
    mapping: {
      fields: fields.map(({ field, original }) => ({
        field,
        column: columnName(original),
        header: table.header[table.columns.indexOf(original)] ?? '',
      })),
      unknown: mapping.unknown.map(({ index, header }) => ({ column: columnName(index), header })),
      messages: mapping.messages,
      numbered,
    },
    above: table.above,
    problems,
    rows: previews,
    items,
  };
}
