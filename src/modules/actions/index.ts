// The action plan module's face: what other modules may import. For now it holds the rules an
// action plan is read and judged by — pure functions, no routes, database or pages yet.
//
// The files, one subject each:
// - calendar.ts          UTC calendar days ('YYYY-MM-DD'), two-digit years; never the clock
// - target-date.ts       the target date kinds, the day each is due, how each is shown
// - target-date-parse.ts parseTargetDate: target dates as councils write them, or a message
//   (with target-date-words.ts, -days.ts and -periods.ts, the pieces it is built from)
// - revised-date.ts      findRevisedDate: a revised date stated in progress text
// - leads.ts             splitLeads, matchLead(s): several leads in one cell, and who they are
// - rag.ts               suggestRag / assessRag (SPEC §6), effectiveDue, GOV.UK tags with words
// - rag-text.ts          parseRag, parseStatus: the RAG and Status cells of an import
// - headers.ts           mapHeaders: a header row's spellings read as fields
// - rows.ts              normaliseRows: the action table among title rows and blank cells
// - number.ts            action numbers, their order and duplicates
// - import/              reading a CSV, XLSX or pasted plan and previewing it row by row
// Each file's opening comment states the rules it decided.

export type { IsoDate } from './calendar.ts';
export type {
  ActionValues,
  FocusAreaSource,
  FocusAreaValues,
  ImportedAction,
  LeadInput,
  RagOverrideInput,
  UpdateInput,
} from './types.ts';
export {
  displayTargetDate,
  dueDate,
  startDate,
  type DatedTarget,
  type OngoingTarget,
  type Quarter,
  type Season,
  type TargetDate,
} from './target-date.ts';
export {
  EMPTY_TARGET_MESSAGE,
  parseTargetDate,
  TBC_TARGET_MESSAGE,
  type ParseOptions,
  type TargetDateFailure,
  type TargetDateResult,
} from './target-date-parse.ts';
export { findRevisedDate, type RevisedDate } from './revised-date.ts';
export {
  leadKey,
  matchLead,
  matchLeads,
  splitLeads,
  type KnownLead,
  type LeadMatch,
} from './leads.ts';
export {
  assessRag,
  DUE_SOON_DAYS,
  effectiveDue,
  NO_UPDATE_DAYS,
  RAG_TAGS,
  ragLabel,
  ragTag,
  shownRag,
  suggestRag,
  type ActionStatus,
  type Rag,
  type RagInput,
  type RagTag,
} from './rag.ts';
export { parseRag, parseStatus, type TextResult } from './rag-text.ts';
export {
  columnName,
  FIELD_HEADINGS,
  FIELD_LABELS,
  fieldOf,
  mapHeaders,
  REQUIRED_FIELDS,
  type ActionField,
  type HeaderMapping,
} from './headers.ts';
export { NO_HEADER_MESSAGE, normaliseRows, type ActionTable, type TableResult } from './rows.ts';
export {
  compareActionNumbers,
  compareNumberTexts,
  EMPTY_NUMBER_MESSAGE,
  findDuplicateNumbers,
  numberSortKey,
  parseActionNumber,
  sortByNumber,
  type ActionNumber,
  type ActionNumberResult,
} from './number.ts';
export * from './import/index.ts';
