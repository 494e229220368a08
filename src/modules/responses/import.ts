import { createHash } from 'node:crypto';
import { parse, type CsvError } from 'csv-parse/sync';
import { AUDIENCE_KEYS, type AudienceKey, type FrameworkVersion } from '../framework/schema.ts';
import { audienceItemKeys, parseAnswer } from '../questionnaires/content.ts';
import type { NewResponse } from './store.ts';

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
  version: FrameworkVersion;
  sectorKeys: ReadonlySet<string>;
}

export type ParsedImport =
  | { ok: true; batch: NewResponse[]; rows: number }
  | { ok: false; errors: RowError[]; truncated: boolean };

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/** Shows a value from the file in a message, shortened so a message stays readable. */
function quoted(value: string): string {
  return `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;
}

export function submissionKeyFor(roundId: string, respondent: string): string {
  return createHash('sha256').update(`${roundId}:${respondent}`).digest('hex');
}

function readRecords(text: string): CsvRecord[] | RowError {
  try {
    return parse(text, {
      bom: true,
      info: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as CsvRecord[];
  } catch (error) {
    const lines = (error as CsvError).lines;
    const row = typeof lines === 'number' ? lines : 1;
    return {
      row,
      field: 'file',
      message: `The file could not be read as CSV near line ${row}: check that every quotation mark is closed`,
    };
  }
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

/** Checks every row; returns the responses to store, or every problem found (up to 100). */
export function parseImport(text: string, rules: ImportRules): ParsedImport {
  const records = readRecords(text);
  if (!Array.isArray(records)) return { ok: false, errors: [records], truncated: false };
  const [header, ...rows] = records.filter((r) => r.record.some((cell) => cell !== ''));
  if (header === undefined)
    return {
      ok: false,
      errors: [{ row: 1, field: 'file', message: 'The file is empty' }],
      truncated: false,
    };
  const columns = readHeader(header.record);
  if (typeof columns === 'string')
    return {
      ok: false,
      errors: [{ row: header.info.lines, field: 'header', message: columns }],
      truncated: false,
    };
  if (rows.length === 0)
    return {
      ok: false,
      errors: [
        {
          row: header.info.lines + 1,
          field: 'file',
          message: 'The file has a header row but no answers',
        },
      ],
      truncated: false,
    };

  const itemsFor = new Map<AudienceKey, Set<string>>(
    AUDIENCE_KEYS.map((audience) => [audience, audienceItemKeys(rules.version, audience)]),
  );
  const allItems = new Set([...itemsFor.values()].flatMap((keys) => [...keys]));
  const width = Math.max(...columns.values()) + 1;
  const errors: RowError[] = [];
  const byRespondent = new Map<
    string,
    { response: NewResponse; row: number; items: Map<string, number> }
  >();
  let truncated = false;

  for (const { record, info } of rows) {
    if (errors.length >= MAX_ERRORS) {
      truncated = true;
      break;
    }
    const row = info.lines;
    const problem = (field: string, message: string) => {
      if (errors.length < MAX_ERRORS) errors.push({ row, field, message });
      else truncated = true;
    };
    const cell = (column: Column) => record[columns.get(column) ?? 0] ?? '';
    if (record.length < width) {
      problem('row', `This row has ${record.length} values; it needs ${width}`);
      continue;
    }
    const respondent = cell('respondent');
    const sector = cell('sector');
    const audienceText = cell('audience');
    const item = cell('item');
    const valueText = cell('value');
    const before = errors.length;

    if (respondent === '') problem('respondent', 'Enter a respondent id');
    else if (respondent.length > MAX_RESPONDENT_LENGTH)
      problem(
        'respondent',
        `The respondent id must be ${MAX_RESPONDENT_LENGTH} characters or fewer`,
      );
    if (sector !== '' && !rules.sectorKeys.has(sector))
      problem('sector', `${quoted(sector)} is not one of this trust’s sector keys`);
    const audience = AUDIENCE_KEYS.find((a) => a === audienceText);
    if (audience === undefined)
      problem(
        'audience',
        audienceText === ''
          ? 'Enter an audience'
          : `${quoted(audienceText)} is not an audience: use ${AUDIENCE_KEYS.join(', ')}`,
      );
    if (item === '') problem('item', 'Enter an item key');
    else if (!allItems.has(item))
      problem('item', `${quoted(item)} is not an item of framework version ${rules.version.key}`);
    else if (audience !== undefined && itemsFor.get(audience)?.has(item) !== true)
      problem('item', `Item ${quoted(item)} is not asked of ${audience}`);
    const value = parseAnswer(valueText);
    if (value === undefined)
      problem(
        'value',
        valueText === ''
          ? 'Enter a value: 1 to 5, DK or NA'
          : `${quoted(valueText)} is not an answer: use 1 to 5, DK or NA`,
      );
    if (errors.length > before || audience === undefined || value === undefined) continue;

    const seen = byRespondent.get(respondent);
    if (seen === undefined) {
      byRespondent.set(respondent, {
        row,
        items: new Map([[item, row]]),
        response: {
          roundId: rules.roundId,
          questionnaireId: null,
          audience,
          sectorKey: sector === '' ? null : sector,
          roleLevel: null,
          locality: null,
          language: 'en',
          source: 'import',
          submissionKey: submissionKeyFor(rules.roundId, respondent),
          answers: [{ itemKey: item, value }],
          comments: [],
        },
      });
      continue;
    }
    const first = seen.response;
    if ((first.sectorKey ?? '') !== sector)
      problem(
        'sector',
        `Respondent ${quoted(respondent)} has a different sector on row ${seen.row}: each respondent has one sector`,
      );
    else if (first.audience !== audience)
      problem(
        'audience',
        `Respondent ${quoted(respondent)} has a different audience on row ${seen.row}: each respondent has one audience`,
      );
    else if (seen.items.has(item))
      problem(
        'item',
        `Respondent ${quoted(respondent)} already answered ${quoted(item)} on row ${seen.items.get(item) ?? 0}`,
      );
    else {
      seen.items.set(item, row);
      first.answers.push({ itemKey: item, value });
    }
  }
  if (errors.length > 0) return { ok: false, errors, truncated };
  return { ok: true, batch: [...byRespondent.values()].map((r) => r.response), rows: rows.length };
}

/** A file's bytes as text: UTF-8, or Windows-1252 as older spreadsheets save it; null if binary. */
export function decodeUpload(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
