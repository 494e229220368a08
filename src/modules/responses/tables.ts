import { pageTable, type PageTable } from '../../web/page-table.ts';
import type { RowError } from './import.ts';

// The tables of the import page: the example of a file (which downloads as the example file
// itself) and, after a failed import, the problems found.

export function exampleTable(head: string[], rows: string[][]): PageTable {
  return pageTable({
    key: 'example',
    caption: 'Example: the first lines of a file',
    captionClasses: 'govuk-table__caption--s',
    testid: 'example',
    file: 'answers-example',
    head,
    rows,
  });
}

/** The problems of a file, by line: shown once, after the upload, so nothing to download. */
export function problemsTable(rowErrors: (RowError & { id: string })[]): PageTable {
  return pageTable({
    key: 'problems',
    caption: 'Problems found, by line of the file',
    captionClasses: 'govuk-table__caption--s',
    testid: 'row-errors',
    head: ['Line', 'Column', 'Problem'],
    rows: rowErrors.map((e) => [{ text: String(e.row), id: e.id }, e.field, e.message]),
    download: false,
  });
}
