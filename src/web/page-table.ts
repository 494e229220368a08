import type { ExportTable } from './table-export.ts';
import type { ShownNumber, XlsxCell } from './xlsx.ts';

// A table as a page shows it, built once by the page's route: the page renders it (the
// dataTable macro in views/macros/table.njk) and its download sends the same cells as CSV or
// XLSX (table-pages.ts). A cell holds the text the page shows, so a withheld figure reads the
// same on the page and in the file.
//
//   const people = pageTable({
//     key: 'people',
//     caption: 'People with a role in Alpha',
//     head: ['Name', { text: 'Responses', format: 'numeric' }],
//     rows: list.map((p) => [{ text: p.name, href: `/users/${p.id}` }, numeric(p.responses)]),
//   });
//   return reply.page('people/views/list.njk', { people });   // {{ dataTable(people) }}

/**
 * Something shown after a cell's text: a GOV.UK tag, a link on a line of its own, or (with
 * neither) a note in smaller type below it.
 */
export interface CellPart {
  text: string;
  /** The classes of a GOV.UK tag, e.g. "govuk-tag--green". */
  tag?: string;
  /** A link to this address (one outside the service opens without a referrer). */
  href?: string;
}

export interface TableCell {
  /** What the cell says, on the page and in the download. */
  text: string;
  /** Shown as a link to this address. */
  href?: string;
  /** Shown as a GOV.UK tag with these classes (e.g. "govuk-tag--green"). */
  tag?: string;
  /** Shown as code (a link's address, a key). */
  code?: boolean;
  /** "numeric": right-aligned on the page; a number in a workbook when the text is one. */
  format?: string;
  classes?: string;
  /** More after the text, in order; a download joins them with spaces. */
  more?: CellPart[];
  /** An id on the cell, for links to it (e.g. from an error summary). */
  id?: string;
}

/** A link or button in a row's last column: on the page only, never in a download. */
export interface RowAction {
  /** What the link or button says. */
  text: string;
  /** Said after the text to screen readers only, e.g. the name of what it removes. */
  hidden?: string;
  /** Its accessible name in full, where hidden text would not do. */
  label?: string;
  /** A link to this address… */
  href?: string;
  /** …or a button posting the form (with its CSRF token) to this address. */
  post?: string;
  /** "link": the button looks like a link. */
  style?: 'link';
  /** A link to a file rather than a page. */
  download?: boolean;
  id?: string;
  testid?: string;
}

export type CellInput = string | TableCell;

export interface PageTableSpec {
  /** Unique on its page: names the table in its download address (?table=key). */
  key: string;
  caption: string;
  /** What its download links and sheet call it, where the caption will not do (default: caption). */
  name?: string;
  /** Defaults to a medium caption; "govuk-visually-hidden" where a heading says it already. */
  captionClasses?: string;
  head: CellInput[];
  rows: CellInput[][];
  /** A row's actions, by row; the page shows them in a last column with a hidden heading. */
  actions?: (RowAction[] | undefined)[];
  /** The hidden heading of the actions column (default "Actions"). */
  actionsHeading?: string;
  firstCellIsHeader?: boolean;
  classes?: string;
  testid?: string;
  /** Says "Scroll sideways to see all columns" while the table is wider than the page. */
  scrollHint?: boolean;
  /** The download's file name without its extension (default: the trust's slug and the key). */
  file?: string;
  /** False for a table that only a form's answer shows (nothing to download again). */
  download?: boolean;
}

export interface PageTable {
  readonly key: string;
  readonly caption: string;
  readonly name: string;
  readonly captionClasses: string;
  readonly head: TableCell[];
  readonly rows: TableCell[][];
  readonly actions: (RowAction[] | undefined)[] | undefined;
  readonly actionsHeading: string;
  readonly firstCellIsHeader: boolean;
  readonly classes: string | undefined;
  readonly testid: string | undefined;
  readonly scrollHint: boolean;
  readonly file: string | undefined;
  readonly download: boolean;
  /** The addresses of its downloads, set when a page with a download route renders it. */
  downloads?: { csv: string; xlsx: string };
}

const BRAND = Symbol('ocw.pageTable');

const cellOf = (input: CellInput): TableCell =>
  typeof input === 'string' ? { text: input } : input;

/** A table for a page and its downloads. */
export function pageTable(spec: PageTableSpec): PageTable {
  const table: PageTable = {
    key: spec.key,
    caption: spec.caption,
    name: spec.name ?? spec.caption,
    captionClasses: spec.captionClasses ?? 'govuk-table__caption--m',
    head: spec.head.map(cellOf),
    rows: spec.rows.map((row) => row.map(cellOf)),
    actions: spec.actions !== undefined && spec.actions.some(Boolean) ? spec.actions : undefined,
    actionsHeading: spec.actionsHeading ?? 'Actions',
    firstCellIsHeader: spec.firstCellIsHeader ?? true,
    classes: spec.classes,
    testid: spec.testid,
    scrollHint: spec.scrollHint ?? false,
    file: spec.file,
    download: spec.download ?? true,
  };
  Object.defineProperty(table, BRAND, { value: true });
  return table;
}

export function isPageTable(value: unknown): value is PageTable {
  return typeof value === 'object' && value !== null && BRAND in value;
}

/** A right-aligned cell for a figure, written as the page writes numbers (1,234). */
export function numeric(value: number | string | null | undefined, blank = '–'): TableCell {
  const text =
    value === null || value === undefined
      ? blank
      : typeof value === 'number'
        ? value.toLocaleString('en-GB')
        : value;
  return { text, format: 'numeric' };
}

/**
 * Every table in a page's context, in the order met: in its values, arrays and plain objects
 * (not in class instances such as dates), at most a few levels down.
 */
export function tablesIn(context: unknown, depth = 6): PageTable[] {
  if (isPageTable(context)) return [context];
  if (depth === 0 || typeof context !== 'object' || context === null) return [];
  if (Array.isArray(context)) return context.flatMap((item) => tablesIn(item, depth - 1));
  const proto: unknown = Object.getPrototypeOf(context);
  if (proto !== Object.prototype && proto !== null) return [];
  return Object.values(context).flatMap((value) => tablesIn(value, depth - 1));
}

// ---- Downloads ----

/** A figure as pages write it: 12, -0.4, +0.3, 1,234, 3.50, 45%. */
const SHOWN_NUMBER = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)$/;

/**
 * The number a figure shows, with the Excel number format that writes it the same way; undefined
 * for any other text.
 */
export function shownNumber(text: string): ShownNumber | undefined {
  const match = SHOWN_NUMBER.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', decimals = '', percent = ''] = match;
  const digits = `${whole.replace(/,/g, '')}${decimals === '' ? '' : `.${decimals}`}`;
  let value = Number(`${sign === '-' ? '-' : ''}${digits}`);
  if (percent !== '') value /= 100;
  let format = `${whole.includes(',') ? '#,##0' : '0'}${decimals === '' ? '' : `.${'0'.repeat(decimals.length)}`}${percent}`;
  if (sign === '+') format = `+${format};-${format};${format}`;
  return { value, text, numFmt: format };
}

/** A cell's text in full: its text and what follows it, as the page reads. */
export function cellText(cell: TableCell): string {
  return [cell.text, ...(cell.more ?? []).map((part) => part.text)]
    .filter((text) => text !== '')
    .join(' ');
}

function exportCell(cell: TableCell): XlsxCell {
  const text = cellText(cell);
  if (cell.format === 'numeric') return shownNumber(text) ?? text;
  return text;
}

/** The table as a download holds it: its header and rows, without the actions column. */
export function exportTable(table: PageTable): ExportTable {
  return {
    name: table.name,
    headers: table.head.map(cellText),
    rows: table.rows.map((row) => row.map(exportCell)),
  };
}
