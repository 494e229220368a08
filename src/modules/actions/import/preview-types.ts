import type { IsoDate } from '../calendar.ts';
import type { ActionField } from '../headers.ts';
import type { KnownLead } from '../leads.ts';
import type { ActionStatus, Rag } from '../rag.ts';
import type { ImportedAction } from '../types.ts';

// The shapes of an import's preview: what a person checks, row by row, before anything is
// stored (previewImport in preview.ts builds them; the rules are in its opening comment).

export interface PreviewOptions {
  /** The trust's people and teams a lead may name. */
  known: readonly KnownLead[];
  /** Today: dates each progress update and places a date written without a year. */
  today: IsoDate;
  /** The framework version the plan's actions belong to; null (the default) for none. */
  frameworkVersion?: string | null;
  /** The name the progress updates are credited to (the file names no author); '' for none. */
  authorName?: string;
}

/** A lead as the preview shows it. */
export type PreviewLead =
  | { text: string; kind: 'user'; userId: string; name: string }
  | { text: string; kind: 'named' }
  | { text: string; kind: 'ambiguous'; candidates: string[] };

/** A row's values as understood, shown back to the person importing. */
export interface PreviewValues {
  number: string;
  title: string;
  leads: PreviewLead[];
  /** The target date in words ("October 2009"), or null when none is given or it is unread. */
  target: string | null;
  /** What was assumed or kept apart when reading the target ("year taken as 2009…"). */
  targetNote: string | null;
  revisedTarget: string | null;
  revisedReason: string;
  progress: string;
  /** The day the progress update is dated; null when there is no progress. */
  progressDate: IsoDate | null;
  rag: Rag | null;
  status: ActionStatus;
  successMeasure: string;
}

export interface RowProblem {
  field: ActionField;
  message: string;
}

export interface PreviewRow {
  /** The row's line in the file, counting from 1. */
  line: number;
  /** The row's cells as read, in the order of the preview's `header`. */
  cells: string[];
  values: PreviewValues;
  problems: RowProblem[];
  /** The action to store; null while the row has a problem. */
  item: ImportedAction | null;
}

/** A problem with the table as a whole, and the lines it concerns (none for the whole file). */
export interface TableProblem {
  message: string;
  lines: number[];
}

export interface ColumnUse {
  /** The column's letter in the file: "A", "F". */
  column: string;
  header: string;
}

export interface ImportPreview {
  /** True when there is at least one row and neither the table nor any row has a problem. */
  ready: boolean;
  /** The header row's cells (blank columns left out); each row's `cells` line up with it. */
  header: string[];
  mapping: {
    /** Which column each field was read from, in the order of the columns. */
    fields: (ColumnUse & { field: ActionField })[];
    /** Columns no field accepts, left out. */
    unknown: ColumnUse[];
    /** Unknown, repeated and missing columns in words (from mapHeaders). */
    messages: string[];
    /** True when the table has no number column, so the actions are numbered 1, 2, 3… */
    numbered: boolean;
  };
  /** The text above the header row, such as the plan's title. */
  above: string[];
  problems: TableProblem[];
  rows: PreviewRow[];
  /** The actions of the rows without problems, in the order of the table. */
  items: ImportedAction[];
}
