import { createHash } from 'node:crypto';
import { AUDIENCE_KEYS, type AudienceKey } from '../../kernel/framework.ts';
import { parseAnswer } from '../../kernel/answers.ts';
import {
  hasBadCharacters,
  looksLikeZip,
  mayHaveBadCharacters,
  readCsvRecords,
  type SourceRecord,
} from './records.ts';

// Reading a CSV of answers gathered elsewhere (paper forms, another survey tool): one row
// per answer, `respondent,sector,audience,item,value`. Every row is checked before anything
// is stored; the problems are reported by line number (the header is line 1).

export const IMPORT_COLUMNS = ['respondent', 'sector', 'audience', 'item', 'value'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

/** At most this many problems are listed; past it the check stops. */
export const MAX_ERRORS = 100;
const MAX_RESPONDENT_LENGTH = 100;

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
}

/**
 * What a valid file holds, ready for PostgreSQL's COPY (text format: tab-separated, one
 * line per row). Respondents are numbered from 0 in the order they first appear.
 */
export interface ImportBatch {
  /** Answer rows in the file. */
  rows: number;
  respondents: number;
  /** Lines of `respondent number, submission key, audience, sector (\N for none)`. */
  responsesCopy: string;
  /** Lines of `respondent number, item key, value`. */
  answersCopy: string;
}

export type ParsedImport =
  { ok: true; batch: ImportBatch } | { ok: false; errors: RowError[]; truncated: boolean };

/** Counts rows as they are checked: [checked, total], shared with whoever shows progress. */
export type Progress = Int32Array;

/** Shows a value from the file in a message, shortened so a message stays readable. */
function quoted(value: string): string {
  return `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;
}

export function submissionKeyFor(roundId: string, respondent: string): string {
  return createHash('sha256').update(`${roundId}:${respondent}`).digest('hex');
}

/** A value as COPY's text format wants it: backslash, tab and line ends escaped. */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(
        /[\\\t\n\r]/g,
        (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? '',
      )
    : value;
}

/** Where each column is, or a message saying what the header row lacks. */
function readHeader(cells: string[]): Map<Column, number> | string {
  const names = cells.map((c) => c.toLowerCase());
  if (names.length === 1 && (names[0] ?? '').includes(';'))
    return 'The file must use commas, not semicolons, between values';
  const positions = new Map<Column, number>();
  for (const column of IMPORT_COLUMNS) {
    const at = names.indexOf(column);
    if (at >= 0) positions.set(column, at);
  }
  const missing = IMPORT_COLUMNS.filter((c) => !positions.has(c));
  if (missing.length > 0)
    return `The first row must name the columns respondent, sector, audience, item and value (missing: ${missing.join(', ')})`;
  return positions;
}

const fileError = (row: number, field: string, message: string): ParsedImport => ({
  ok: false,
  errors: [{ row, field, message }],
  truncated: false,
});

/** Checks a CSV text's every row; see checkRecords. */
export function parseImport(text: string, rules: ImportRules, progress?: Progress): ParsedImport {
  const records = readCsvRecords(text);
  if (!Array.isArray(records)) return fileError(records.row, 'file', records.message);
  return checkRecords(records, rules, { progress, checkCharacters: mayHaveBadCharacters(text) });
}

interface Respondent {
  index: number;
  row: number;
  audience: AudienceKey;
  sector: string;
  items: Map<string, number>;
}

/** What the check of a file has found so far (one object for every row: see checkRecords). */
interface CheckState {
  rules: ImportRules;
  itemsFor: Map<AudienceKey, Set<string>>;
  allItems: Set<string>;
  sectorKeys: Set<string>;
  /** Where each column is, and how many cells a row needs. */
  at: Record<Column, number>;
  width: number;
  row: number;
  errors: RowError[];
  truncated: boolean;
  byRespondent: Map<string, Respondent>;
  responsesCopy: string;
  answersCopy: string;
}

interface Answer {
  respondent: string;
  sector: string;
  audience: AudienceKey;
  item: string;
  value: number;
}

function checkState(rules: ImportRules, columns: Map<Column, number>): CheckState {
  const itemsFor = new Map<AudienceKey, Set<string>>(
    AUDIENCE_KEYS.map((audience) => [audience, new Set(rules.itemsByAudience[audience])]),
  );
  return {
    rules,
    itemsFor,
    allItems: new Set([...itemsFor.values()].flatMap((keys) => [...keys])),
    sectorKeys: new Set(rules.sectorKeys),
    at: Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, columns.get(c) ?? 0])) as Record<
      Column,
      number
    >,
    width: Math.max(...columns.values()) + 1,
    row: 0,
    errors: [],
    truncated: false,
    byRespondent: new Map(),
    responsesCopy: '',
    answersCopy: '',
  };
}

function problem(state: CheckState, field: string, message: string) {
  if (state.errors.length < MAX_ERRORS) state.errors.push({ row: state.row, field, message });
  else state.truncated = true;
}

/** Problems with the respondent id and sector of a row. */
function checkWho(state: CheckState, respondent: string, sector: string) {
  if (respondent === '') problem(state, 'respondent', 'Enter a respondent id');
  else if (respondent.length > MAX_RESPONDENT_LENGTH)
    problem(
      state,
      'respondent',
      `The respondent id must be ${MAX_RESPONDENT_LENGTH} characters or fewer`,
    );
  if (sector !== '' && !state.sectorKeys.has(sector))
    problem(state, 'sector', `${quoted(sector)} is not one of this trust’s sector keys`);
}

/** The audience of a row, and whether its item is asked of it; undefined if not an audience. */
function checkItem(state: CheckState, audienceText: string, item: string) {
  const audience = AUDIENCE_KEYS.find((a) => a === audienceText);
  if (audience === undefined)
    problem(
      state,
      'audience',
      audienceText === ''
        ? 'Enter an audience'
        : `${quoted(audienceText)} is not an audience: use ${AUDIENCE_KEYS.join(', ')}`,
    );
  if (item === '') problem(state, 'item', 'Enter an item key');
  else if (!state.allItems.has(item))
    problem(
      state,
      'item',
      `${quoted(item)} is not an item of framework version ${state.rules.versionKey}`,
    );
  else if (audience !== undefined && state.itemsFor.get(audience)?.has(item) !== true)
    problem(state, 'item', `Item ${quoted(item)} is not asked of ${audience}`);
  return audience;
}

/** A row's answer, or undefined when the row has problems (each one recorded). */
function readRow(state: CheckState, record: string[], checkCharacters: boolean) {
  if (record.length < state.width) {
    problem(state, 'row', `This row has ${record.length} values; it needs ${state.width}`);
    return undefined;
  }
  const { at } = state;
  if (checkCharacters) {
    const bad = IMPORT_COLUMNS.find((column) => hasBadCharacters(record[at[column]] ?? ''));
    if (bad !== undefined) {
      problem(
        state,
        bad,
        'This value contains a control character (such as a tab or NUL) or a broken character: remove it',
      );
      return undefined;
    }
  }
  const respondent = record[at.respondent] ?? '';
  const sector = record[at.sector] ?? '';
  const item = record[at.item] ?? '';
  const valueText = record[at.value] ?? '';
  const before = state.errors.length;
  checkWho(state, respondent, sector);
  const audience = checkItem(state, record[at.audience] ?? '', item);
  const value = parseAnswer(valueText);
  if (value === undefined)
    problem(
      state,
      'value',
      valueText === ''
        ? 'Enter a value: 1 to 5, DK or NA'
        : `${quoted(valueText)} is not an answer: use 1 to 5, DK or NA`,
    );
  if (state.errors.length > before || audience === undefined || value === undefined)
    return undefined;
  return { respondent, sector, audience, item, value };
}

/** Adds a row's answer to its respondent (new, or the same sector and audience as before). */
function addAnswer(state: CheckState, answer: Answer) {
  const { respondent, sector, audience, item, value } = answer;
  const { row } = state;
  const seen = state.byRespondent.get(respondent);
  if (seen === undefined) {
    const index = state.byRespondent.size;
    state.byRespondent.set(respondent, {
      index,
      row,
      audience,
      sector,
      items: new Map([[item, row]]),
    });
    if (state.errors.length === 0) {
      const key = submissionKeyFor(state.rules.roundId, respondent);
      state.responsesCopy += `${index}\t${key}\t${audience}\t${sector === '' ? '\\N' : copyText(sector)}\n`;
      state.answersCopy += `${index}\t${copyText(item)}\t${value}\n`;
    }
    return;
  }
  if (seen.sector !== sector)
    problem(
      state,
      'sector',
      `Respondent ${quoted(respondent)} has a different sector on row ${seen.row}: each respondent has one sector`,
    );
  else if (seen.audience !== audience)
    problem(
      state,
      'audience',
      `Respondent ${quoted(respondent)} has a different audience on row ${seen.row}: each respondent has one audience`,
    );
  else if (seen.items.has(item))
    problem(
      state,
      'item',
      `Respondent ${quoted(respondent)} already answered ${quoted(item)} on row ${seen.items.get(item) ?? 0}`,
    );
  else {
    seen.items.set(item, row);
    if (state.errors.length === 0)
      state.answersCopy += `${seen.index}\t${copyText(item)}\t${value}\n`;
  }
}

/** Checks every row; returns the answers to store, or every problem found (up to 100). */
export function checkRecords(
  all: SourceRecord[],
  rules: ImportRules,
  options: { progress?: Progress | undefined; checkCharacters?: boolean } = {},
): ParsedImport {
  const [header, ...rows] = all.filter((r) => r.cells.some((cell) => cell !== ''));
  if (header === undefined) return fileError(1, 'file', 'The file is empty');
  const columns = readHeader(header.cells);
  if (typeof columns === 'string') return fileError(header.row, 'header', columns);
  if (rows.length === 0)
    return fileError(header.row + 1, 'file', 'The file has a header row but no answers');
  const { progress } = options;
  if (progress !== undefined) Atomics.store(progress, 1, rows.length);
  // One state for every row (closures made per row cost more than the checks).
  const state = checkState(rules, columns);
  const checkCharacters = options.checkCharacters !== false;
  let checked = 0;
  for (const next of rows) {
    state.row = next.row;
    if (state.errors.length >= MAX_ERRORS) {
      state.truncated = true;
      break;
    }
    if (progress !== undefined && ++checked % 1000 === 0) Atomics.store(progress, 0, checked);
    const answer = readRow(state, next.cells, checkCharacters);
    if (answer !== undefined) addAnswer(state, answer);
  }
  if (progress !== undefined) Atomics.store(progress, 0, rows.length);
  if (state.errors.length > 0)
    return { ok: false, errors: state.errors, truncated: state.truncated };
  return {
    ok: true,
    batch: {
      rows: rows.length,
      respondents: state.byRespondent.size,
      responsesCopy: state.responsesCopy,
      answersCopy: state.answersCopy,
    },
  };
}

/**
 * A file's bytes as text: UTF-8, or Windows-1252 as older spreadsheets save it; null if it
 * is not text (a zip archive, or control characters such as NUL in the first line, as in
 * any binary file or UTF-16). A control character further down is reported by its line.
 */
export function decodeUpload(bytes: Buffer): string | null {
  if (looksLikeZip(bytes)) return null;
  const newline = bytes.findIndex((b) => b === 0x0a || b === 0x0d);
  const first = bytes.subarray(0, newline < 0 ? bytes.length : newline);
  if (first.some((b) => b < 0x20 && b !== 0x09)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
