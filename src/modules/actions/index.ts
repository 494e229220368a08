// The action plan module's face: what other modules may import. It holds the rules an action
// plan is read and judged by (pure functions), and its storage: the services that change a
// trust's plan (each takes the trust's transaction, checks, and audits in it) and the read
// models pages, exports, the API and reminders build on. Today is always passed in.
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
// - schemas.ts           zod schemas of the JSON shapes (API bodies, stored target dates)
// - checks.ts            the checks of values against the trust (members, versions, rounds)
// - service.ts           createAction, changeAction (with a revision check), removeAction
// - updates.ts           addUpdate (records the RAG shown then), setRagOverride
// - focus-areas.ts       createFocusArea, changeFocusArea, removeFocusArea, moveFocusArea
// - import.ts            importActions: a read plan stored all or nothing
// - plan.ts              loadPlan, loadAction, and pure filters, sorts and lists of the plan
// - plan-round.ts        the plan against a round; agreeActionsDone for its task list
// - repository*.ts       the SQL (private to the module)
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

// The weekly reminders of overdue and stale actions, and their unsubscribe pages:
// - reminders.ts            who gets what, and the ISO week a reminder counts for
// - reminder-sending.ts     the weekly run (once per lead and week, however many instances)
// - reminder-mail.ts, reminder-token.ts, unsubscribe-routes.ts: the email, its signed
//   unsubscribe link, and the pages that link opens
export {
  reminderOutcome,
  sendActionReminders,
  type ReminderContext,
  type ReminderRun,
} from './reminder-sending.ts';
export { reminderRoutes } from './unsubscribe-routes.ts';
// ---- Storage and read models ----

export {
  ACTION_STATUSES,
  actionValuesSchema,
  FOCUS_AREA_SOURCES,
  focusAreaValuesSchema,
  isRag,
  isStatus,
  leadSchema,
  NAME_MAX,
  ragOverrideSchema,
  RAGS,
  REASON_MAX,
  STATUS_LABELS,
  storedTarget,
  targetDateSchema,
  TEXT_MAX,
  TITLE_MAX,
  updateInputSchema,
} from './schemas.ts';
export {
  numberTakenMessage,
  REVISED_REASON_MESSAGE,
  REVISED_WITHOUT_TARGET_MESSAGE,
  STALE_MESSAGE,
} from './checks.ts';
/** createAction, changeAction(…, expectedRevision), removeAction: Outcome with FieldErrors. */
export { changeAction, createAction, removeAction } from './service.ts';
/** addUpdate(…, today): a progress update with the RAG shown then; setRagOverride(rag | null). */
export {
  addedOn,
  addUpdate,
  OVERRIDE_REASON_MESSAGE,
  ragShownOn,
  setRagOverride,
} from './updates.ts';
export { changeFocusArea, createFocusArea, moveFocusArea, removeFocusArea } from './focus-areas.ts';
/** importActions(tx, trustId, actor, items, today): all or nothing, errors by line. */
export {
  importActions,
  OVERRIDE_REASON as IMPORT_OVERRIDE_REASON,
  type ImportOutcome,
  type RowError,
} from './import.ts';
export {
  filterPlan,
  loadAction,
  loadPlan,
  myActions,
  overdueActions,
  PLAN_SORTS,
  sortPlan,
  staleActions,
  toPlanRow,
  type ActionView,
  type PlanFilter,
  type PlanRow,
  type PlanSort,
} from './plan.ts';
export {
  agreeActionsDone,
  loadRoundPlan,
  planAgainstRound,
  type FocusAreaPlan,
  type RoundPlan,
} from './plan-round.ts';
/** Reading rows directly: one action, the focus areas, the history sheet of an export. */
export { findAction, type ActionRow, type LeadRow } from './repository.ts';
export type { PlanActionRow } from './repository-plan.ts';
export { listAllUpdates, listUpdates, type UpdateRow } from './repository-updates.ts';
export {
  actionCountsByFocusArea,
  findFocusArea,
  listFocusAreas,
  type FocusAreaRow,
} from './repository-focus.ts';
export * from './import/index.ts';
// ---- The JSON API and the exports ----
/** The action plan's operations: actions, progress, RAG, focus areas, the import (api*.ts). */
export { actionsApi } from './api.ts';
export type { FocusServices, RoundSuggestion } from './api-focus.ts';
/** The plan's downloads: T/actions/export.csv, export-history.csv, export.xlsx. */
export { actionExportRoutes } from './export-routes.ts';

// ---- Focus area pages and the plan against a round ----
// - web/focus-*.ts, web/round-plan-routes.ts: the pages (focusAreaRoutes), and how far a
//   round's "Agree actions" task has got (actionsProgress, for the round's task list)
export { focusAreaRoutes, type FocusAreaRouteOptions } from './web/focus-plugin.ts';
export { actionsProgress, type ActionsProgress } from './web/focus-suggestions.ts';

// The action plan's pages (web/): the plan, an action's pages, progress, RAG and revisions.
export { actionPageRoutes } from './web/plan-routes.ts';

// The import pages (web/import-*.ts): upload or paste, the row-by-row preview of the draft,
// and its confirmation; importedFlash is the plan page's message after an import.
export { actionImportRoutes, importedFlash } from './web/import-routes.ts';
