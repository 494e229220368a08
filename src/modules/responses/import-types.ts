import type { AudienceKey } from '../../kernel/framework.ts';

// What the check of an answers file takes (the rules of the round and trust) and gives
// (the rows ready to store, or every problem by line).

export interface RowError {
  /** Line number in the file; the header is line 1. */
  row: number;
  /** The column (or `file` / `header` for problems with the whole file). */
  field: string;
  message: string;
}

export interface ImportRules {
  roundId: string;
  versionKey: string;
  /** The item keys asked of each audience (drill-downs included). */
  itemsByAudience: Record<AudienceKey, string[]>;
  sectorKeys: string[];
  /** The trust's localities by name, as a locality column may name them. */
  localities: string[];
}

/**
 * What a valid file holds, ready for PostgreSQL's COPY (text format: tab-separated, one
 * line per row). Respondents are numbered from 0 in the order they first appear.
 */
export interface ImportBatch {
  /** Answer rows in the file. */
  rows: number;
  respondents: number;
  /** Lines of `respondent number, submission key, audience, sector, locality` (\N for none). */
  responsesCopy: string;
  /** Lines of `respondent number, item key, value`. */
  answersCopy: string;
}

export type ParsedImport =
  { ok: true; batch: ImportBatch } | { ok: false; errors: RowError[]; truncated: boolean };

/** Counts rows as they are checked: [checked, total], shared with whoever shows progress. */
export type Progress = Int32Array;
