import { createHash } from 'node:crypto';
import { AUDIENCE_KEYS } from '../../kernel/framework.ts';
import type { ImportRules, ParsedImport, Progress } from './import-types.ts';
import {
  checkState,
  COLUMNS,
  IMPORT_COLUMNS,
  MAX_ERRORS,
  problem,
  quoted,
  type Answer,
  type CheckState,
  type Column,
} from './import-state.ts';
import { parseAnswer } from '../../kernel/answers.ts';
import {
  hasBadCharacters,
  mayHaveBadCharacters,
  readCsvRecords,
  type SourceRecord,
} from './records.ts';

// Reading a CSV of answers gathered elsewhere (paper forms, another survey tool): one row
// per answer, `respondent,sector,audience,item,value[,locality]`. Every row is checked before
// anything is stored; the problems are reported by line number (the header is line 1).

const MAX_RESPONDENT_LENGTH = 100;

export { decodeUpload } from './records.ts';
export { IMPORT_COLUMNS, MAX_ERRORS, OPTIONAL_COLUMNS } from './import-state.ts';
export type { ImportBatch, ImportRules, ParsedImport, Progress, RowError } from './import-types.ts';

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
  for (const column of COLUMNS) {
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

/** The locality a row names, as the trust spells it ('' for none); undefined if unknown. */
function checkLocality(state: CheckState, text: string): string | undefined {
  if (text === '') return '';
  const name = state.localities.get(text.toLowerCase());
  if (name === undefined) {
    const known = state.rules.localities;
    problem(
      state,
      'locality',
      known.length === 0
        ? `${quoted(text)} is not a locality: this trust has none, so leave the column empty`
        : `${quoted(text)} is not one of this trust’s localities: use ${known.slice(0, 10).join(', ')}${known.length > 10 ? '…' : ''}`,
    );
  }
  return name;
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
    const bad = COLUMNS.find((column) => hasBadCharacters(record[at[column]] ?? ''));
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
  const locality = checkLocality(state, record[at.locality] ?? '');
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
  if (
    state.errors.length > before ||
    audience === undefined ||
    value === undefined ||
    locality === undefined
  )
    return undefined;
  return { respondent, sector, locality, audience, item, value };
}

/** Adds a row's answer to its respondent (new, or the same sector and audience as before). */
function addAnswer(state: CheckState, answer: Answer) {
  const { respondent, sector, locality, audience, item, value } = answer;
  const { row } = state;
  const seen = state.byRespondent.get(respondent);
  if (seen === undefined) {
    const index = state.byRespondent.size;
    state.byRespondent.set(respondent, {
      index,
      row,
      audience,
      sector,
      locality,
      items: new Map([[item, row]]),
    });
    if (state.errors.length === 0) {
      const key = submissionKeyFor(state.rules.roundId, respondent);
      const none = (v: string) => (v === '' ? '\\N' : copyText(v));
      state.responsesCopy += `${index}\t${key}\t${audience}\t${none(sector)}\t${none(locality)}\n`;
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
  else if (seen.locality !== locality)
    problem(
      state,
      'locality',
      `Respondent ${quoted(respondent)} has a different locality on row ${seen.row}: each respondent has one locality`,
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
