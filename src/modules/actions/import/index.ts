// Importing an action plan: a file's bytes or a pasted table read into rows (readActionFile,
// readPastedTable), then previewed row by row into actions for the service to store
// (previewImport). Pure: no database, no HTTP. Each file's opening comment states its rules:
// - read-file.ts    CSV or .xlsx bytes (old or password-protected workbooks refused plainly)
// - read-pasted.ts  a table pasted from Word or Excel: tab-separated text or an HTML table
// - read-text.ts    delimited text: comma, semicolon or tab; line numbers kept
// - limits.ts       10 MB and 5,000 actions, refused before any preview is built
// - preview.ts      previewImport and the rules each column is read by (preview-row.ts)

export {
  EMPTY_FILE_MESSAGE,
  NOT_A_TABLE_MESSAGE,
  NOT_A_WORKBOOK_MESSAGE,
  OLD_OR_PROTECTED_MESSAGE,
  readActionFile,
  type FileKind,
  type FileRead,
} from './read-file.ts';
export { EMPTY_PASTE_MESSAGE, PASTE_TOO_LARGE_MESSAGE, readPastedTable } from './read-pasted.ts';
export type { RowsResult } from './read-text.ts';
export {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  TOO_LARGE_MESSAGE,
  TOO_MANY_ROWS_MESSAGE,
} from './limits.ts';
export { previewImport } from './preview.ts';
export type {
  ColumnUse,
  ImportPreview,
  PreviewLead,
  PreviewOptions,
  PreviewRow,
  PreviewValues,
  RowProblem,
  TableProblem,
} from './preview-types.ts';
