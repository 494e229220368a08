import { AUDIENCE_KEYS, type AudienceKey } from '../../kernel/framework.ts';
import type { ImportRules, RowError } from './import-types.ts';

// The columns of an answers file, and what the check of one has found so far: one state
// for every row (import.ts walks the rows).

export const IMPORT_COLUMNS = ['respondent', 'sector', 'audience', 'item', 'value'] as const;
/** Columns a file may have: a respondent's locality, by the name the trust gave it. */
export const OPTIONAL_COLUMNS = ['locality'] as const;
export type Column = (typeof IMPORT_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
export const COLUMNS: readonly Column[] = [...IMPORT_COLUMNS, ...OPTIONAL_COLUMNS];

/** At most this many problems are listed; past it the check stops. */
export const MAX_ERRORS = 100;
/** Shows a value from the file in a message, shortened so a message stays readable. */
export function quoted(value: string): string {
  return `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;
}

export interface Respondent {
  index: number;
  row: number;
  audience: AudienceKey;
  sector: string;
  locality: string;
  items: Map<string, number>;
}

/** What the check of a file has found so far (one object for every row: see checkRecords). */
export interface CheckState {
  rules: ImportRules;
  itemsFor: Map<AudienceKey, Set<string>>;
  allItems: Set<string>;
  sectorKeys: Set<string>;
  /** Each locality by its name in lower case. */
  localities: Map<string, string>;
  /** Where each column is (-1: not in the file), and how many cells a row needs. */
  at: Record<Column, number>;
  width: number;
  row: number;
  errors: RowError[];
  truncated: boolean;
  byRespondent: Map<string, Respondent>;
  responsesCopy: string;
  answersCopy: string;
}

export interface Answer {
  respondent: string;
  sector: string;
  /** The locality's name as the trust spells it; '' for none. */
  locality: string;
  audience: AudienceKey;
  item: string;
  value: number;
}

export function checkState(rules: ImportRules, columns: Map<Column, number>): CheckState {
  const itemsFor = new Map<AudienceKey, Set<string>>(
    AUDIENCE_KEYS.map((audience) => [audience, new Set(rules.itemsByAudience[audience])]),
  );
  return {
    rules,
    itemsFor,
    allItems: new Set([...itemsFor.values()].flatMap((keys) => [...keys])),
    sectorKeys: new Set(rules.sectorKeys),
    localities: new Map(rules.localities.map((name) => [name.toLowerCase(), name])),
    at: Object.fromEntries(COLUMNS.map((c) => [c, columns.get(c) ?? -1])) as Record<Column, number>,
    width: Math.max(...columns.values()) + 1,
    row: 0,
    errors: [],
    truncated: false,
    byRespondent: new Map(),
    responsesCopy: '',
    answersCopy: '',
  };
}

export function problem(state: CheckState, field: string, message: string) {
  if (state.errors.length < MAX_ERRORS) state.errors.push({ row: state.row, field, message });
  else state.truncated = true;
}
