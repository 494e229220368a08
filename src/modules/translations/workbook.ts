import ExcelJS from 'exceljs';
import type { FieldError } from '../../kernel/errors.ts';
import { readXlsxRows, SpreadsheetError, toXlsx } from '../../web/xlsx.ts';
import { placeholdersOf, type SourceText, type Texts } from './catalogue.ts';

// The translation workbook: the template a trust downloads (one row per text: its key, where
// it is shown, the English, and a column for the translation) and the rules an uploaded one
// must meet. Every cell is read as text: a formula gives the text Excel saved with it, never
// anything worked out here, and text that looks like a formula (=, +, @) stays text, both
// ways (the template is written without formulas).

export const SHEET = 'Translation';
export const HEADERS = ['Key', 'Where it is used', 'English', 'Translation'];
/** The longest text a translation may have (the longest English text is far shorter). */
export const MAX_TEXT = 5000;
/** How many rows or keys a message names before it says "and N more". */
const NAMED = 5;

const INSTRUCTIONS = [
  'Fill in the Translation column of the Translation sheet: one translation for every row.',
  'Do not change the Key column, and do not add, remove or repeat rows.',
  'Keep anything in curly brackets, like {n} or {trust}, exactly as it is: the questionnaire puts a number or a name there.',
  'Write numbers and dates inside the texts as your language writes them.',
  'Texts marked "in plain words" are read by children, young people, parents and carers: use everyday words.',
  'Save the file as an Excel workbook (.xlsx) and upload it on the Translations page of your trust set-up.',
];

/** The template: every text of the version, with the translation column filled from `filled`. */
export function templateWorkbook(texts: SourceText[], filled: Texts): Promise<Buffer> {
  return toXlsx([
    {
      name: SHEET,
      headers: HEADERS,
      rows: texts.map((t) => [t.key, t.where, t.english, filled[t.key] ?? null]),
    },
    {
      name: 'How to fill this in',
      headers: ['How to fill this in'],
      rows: INSTRUCTIONS.map((line) => [line]),
    },
  ]);
}

/** A problem with an uploaded workbook, with the rows and keys it is about (for the API). */
export interface WorkbookProblem extends FieldError {
  rows?: number[];
  keys?: string[];
}

export type WorkbookRead = { ok: true; texts: Texts } | { ok: false; problems: WorkbookProblem[] };

const looksLikeZip = (bytes: Buffer) =>
  bytes.length > 4 &&
  bytes[0] === 0x50 &&
  bytes[1] === 0x4b &&
  bytes[2] === 0x03 &&
  bytes[3] === 0x04;

const NOT_XLSX =
  'The selected file must be an Excel workbook (.xlsx): in a spreadsheet, use Save as and choose Excel workbook';

/** The names of the workbook's sheets, in tab order; null if it is not a readable workbook. */
async function sheetNames(bytes: Buffer): Promise<string[] | null> {
  if (!looksLikeZip(bytes)) return null;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  return workbook.worksheets.map((sheet) => sheet.name);
}

/** "a, b, c, d, e and 3 more" */
export function listed(items: readonly string[]): string {
  const named = items.slice(0, NAMED);
  const more = items.length - named.length;
  if (more > 0) return `${named.join(', ')} and ${more} more`;
  if (named.length < 2) return named.join('');
  return `${named.slice(0, -1).join(', ')} and ${named.at(-1) ?? ''}`;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

type Sheet = { ok: true; rows: string[][]; key: number; text: number };

/** Reads the Translation sheet's rows: header checked, then key and translation of each row. */
async function readSheet(
  bytes: Buffer,
  field: string,
): Promise<Sheet | { ok: false; problem: WorkbookProblem }> {
  const fail = (message: string, rows?: number[]) => ({
    ok: false as const,
    problem: { field, message, ...(rows === undefined ? {} : { rows }) },
  });
  const names = await sheetNames(bytes);
  if (names === null) return fail(NOT_XLSX);
  const index = names.findIndex((name) => name.trim().toLowerCase() === SHEET.toLowerCase());
  if (index === -1)
    return fail(
      `The workbook has no sheet called ${SHEET}. Download the template and fill in its ${SHEET} sheet`,
    );
  let rows: string[][];
  try {
    rows = await readXlsxRows(bytes, { sheet: index });
  } catch (error) {
    if (error instanceof SpreadsheetError) return fail(NOT_XLSX);
    throw error;
  }
  const header = (rows[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const key = header.indexOf('key');
  const text = header.indexOf('translation');
  if (key === -1 || text === -1)
    return fail(
      `The first row of the ${SHEET} sheet must have the template's headings, including Key and Translation`,
      [1],
    );
  return { ok: true, rows, key, text };
}

interface Found {
  texts: Texts;
  rowOf: Map<string, number>;
  noKey: number[];
  unknown: { row: number; key: string }[];
  repeated: Map<string, number[]>;
  empty: { row: number; key: string }[];
  tooLong: { row: number; key: string }[];
  placeholders: { row: number; key: string; expected: string[] }[];
}

function sortRows(read: Sheet, sources: SourceText[]): Found {
  const source = new Map(sources.map((s) => [s.key, s]));
  const found: Found = {
    texts: {},
    rowOf: new Map(),
    noKey: [],
    unknown: [],
    repeated: new Map(),
    empty: [],
    tooLong: [],
    placeholders: [],
  };
  read.rows.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const key = (cells[read.key] ?? '').trim();
    const text = (cells[read.text] ?? '').trim();
    if (key === '' && text === '') return;
    if (key === '') return void found.noKey.push(row);
    const english = source.get(key);
    if (english === undefined) return void found.unknown.push({ row, key });
    const first = found.rowOf.get(key);
    if (first !== undefined) {
      found.repeated.set(key, [...(found.repeated.get(key) ?? [first]), row]);
      return;
    }
    found.rowOf.set(key, row);
    if (text === '') return void found.empty.push({ row, key });
    if (text.length > MAX_TEXT) return void found.tooLong.push({ row, key });
    const expected = placeholdersOf(english.english);
    if (placeholdersOf(text).join() !== expected.join())
      return void found.placeholders.push({ row, key, expected });
    found.texts[key] = text;
  });
  return found;
}

type Located = { row: number; key: string };
const at = (list: Located[]) => list.map((x) => `row ${x.row} (${x.key})`);
const details = (list: Located[]) => ({
  rows: list.map((x) => x.row),
  keys: list.map((x) => x.key),
});

/** One message per kind of problem, each naming the first few rows or keys. */
function problemsOf(
  found: Found,
  sources: SourceText[],
  version: string,
): Omit<WorkbookProblem, 'field'>[] {
  const problems: Omit<WorkbookProblem, 'field'>[] = [];
  const missing = sources.filter((s) => !found.rowOf.has(s.key)).map((s) => s.key);
  const n = (count: number, one: string, many: string) => plural(count, one, `${count} ${many}`);
  if (missing.length > 0)
    problems.push({
      message: `The ${SHEET} sheet is missing ${missing.length} ${plural(missing.length, 'text', 'texts')} of version ${version}: ${listed(missing)}. Add ${plural(missing.length, 'its row', 'their rows')} from the template`,
      keys: missing,
    });
  if (found.unknown.length > 0)
    problems.push({
      message: `${n(found.unknown.length, 'A row has a key that is', 'rows have keys that are')} not a text of version ${version}: ${listed(at(found.unknown))}. Remove ${plural(found.unknown.length, 'it', 'them')}, or download the template again`,
      ...details(found.unknown),
    });
  const repeated = [...found.repeated];
  if (repeated.length > 0)
    problems.push({
      message: `${n(repeated.length, 'A key is', 'keys are')} in more than one row: ${listed(repeated.map(([key, rows]) => `${key} (rows ${rows.join(', ')})`))}. Keep one row for each key`,
      rows: repeated.flatMap(([, rows]) => rows),
      keys: repeated.map(([key]) => key),
    });
  if (found.noKey.length > 0)
    problems.push({
      message: `${n(found.noKey.length, 'A row has', 'rows have')} a translation but no key: ${listed(found.noKey.map((r) => `row ${r}`))}`,
      rows: found.noKey,
    });
  if (found.empty.length > 0)
    problems.push({
      message: `${n(found.empty.length, 'A text has', 'texts have')} no translation: ${listed(at(found.empty))}. Every text needs one`,
      ...details(found.empty),
    });
  if (found.tooLong.length > 0)
    problems.push({
      message: `${n(found.tooLong.length, 'A translation is', 'translations are')} longer than ${MAX_TEXT.toLocaleString('en-GB')} characters: ${listed(at(found.tooLong))}`,
      ...details(found.tooLong),
    });
  if (found.placeholders.length > 0)
    problems.push({
      message: `${n(found.placeholders.length, 'A translation changes', 'translations change')} the parts in curly brackets, which must stay exactly as in the English: ${listed(found.placeholders.map((x) => `row ${x.row} (${x.key}: ${x.expected.map((p) => `{${p}}`).join(' ') || 'none'})`))}`,
      ...details(found.placeholders),
    });
  return problems;
}

/**
 * Reads an uploaded translation workbook against the texts of a version: all of them, each
 * once, each translated (keeping its placeholders), nothing else. Problems name the rows.
 */
export async function readTranslationWorkbook(
  bytes: Buffer,
  sources: SourceText[],
  versionKey: string,
  field = 'file',
): Promise<WorkbookRead> {
  const sheet = await readSheet(bytes, field);
  if (!sheet.ok) return { ok: false, problems: [sheet.problem] };
  const found = sortRows(sheet, sources);
  const problems = problemsOf(found, sources, versionKey).map((p) => ({ field, ...p }));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, texts: found.texts };
}
