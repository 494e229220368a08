// Action numbers: "1", "3.2", "3.2.1", "2a", "A1", "WF 3.2".
//
// Rules:
// - A number is whole numbers joined by full stops, optionally after a prefix of one to three
//   letters (plans that number by theme: "A1", "WF3.2"; a space, full stop or dash between the
//   letters and the number is allowed) and optionally with one letter after (sub-items: "2a").
// - Written forms are tidied: "No. 3", "#3", "Action 3", "3." and "3)" are 3; leading zeros go
//   ("03.2" is 3.2); the prefix is shown in capitals and the letter after in lower case.
//   `text` is that tidy form, and two numbers are the same when their tidy forms are.
// - Order: numbers without a prefix first, then by prefix (A before B before WF); then part by
//   part as whole numbers, a number before those under it (3 < 3.1 < 3.2 < 3.10 < 10); the
//   letter after a part comes straight after it (2 < 2a < 2b < 2.1).

export interface ActionNumber {
  prefix: string;
  parts: number[];
  suffix: string;
  /** The tidy form: "3.2", "A1", "2a". */
  text: string;
}

export type ActionNumberResult = { ok: true; value: ActionNumber } | { ok: false; message: string };

export const EMPTY_NUMBER_MESSAGE = 'Enter an action number, like 3 or 3.2';
const notANumber = (text: string) =>
  `"${text}" is not an action number — use whole numbers separated by full stops, like 3 or ` +
  '3.2, with letters before them if the plan uses them, like A1';

const LEAD_IN = /^(?:#|(?:action|ref|no|number)\b\.?)\s*/i;
const TRAIL = /[.)]+$/;
const SHAPE = /^(?:([a-z]{1,3})[\s.-]?)?(\d{1,9}(?:\.\d{1,9})*)([a-z])?$/i;

/** Reads an action number as written in a plan. */
export function parseActionNumber(text: string): ActionNumberResult {
  const written = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const tidy = written.replace(LEAD_IN, '').replace(TRAIL, '').trim();
  if (tidy === '') return { ok: false, message: EMPTY_NUMBER_MESSAGE };
  const m = SHAPE.exec(tidy);
  if (!m) return { ok: false, message: notANumber(written) };
  const prefix = (m[1] ?? '').toUpperCase();
  const parts = (m[2] ?? '').split('.').map(Number);
  const suffix = (m[3] ?? '').toLowerCase();
  return {
    ok: true,
    value: { prefix, parts, suffix, text: `${prefix}${parts.join('.')}${suffix}` },
  };
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

function compareParts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return sign(difference);
  }
  return sign(a.length - b.length);
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** -1, 0 or 1: the order of two action numbers in a plan. */
export function compareActionNumbers(a: ActionNumber, b: ActionNumber): number {
  if (a.prefix !== b.prefix) {
    if (a.prefix === '' || b.prefix === '') return a.prefix === '' ? -1 : 1;
    return compareText(a.prefix, b.prefix);
  }
  return compareParts(a.parts, b.parts) || compareText(a.suffix, b.suffix);
}

/** Orders written numbers: those that are not numbers last, by their text. */
export function compareNumberTexts(a: string, b: string): number {
  const [x, y] = [parseActionNumber(a), parseActionNumber(b)];
  if (x.ok && y.ok) return compareActionNumbers(x.value, y.value);
  if (x.ok !== y.ok) return x.ok ? -1 : 1;
  return compareText(a.trim().toLowerCase(), b.trim().toLowerCase());
}

/** Items in the order of their numbers (a stable sort: equal numbers keep their order). */
export function sortByNumber<T>(items: readonly T[], numberOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareNumberTexts(numberOf(a), numberOf(b)));
}

/** Numbers used more than once (as their tidy form) and where: indexes into `texts`. */
export function findDuplicateNumbers(
  texts: readonly string[],
): { number: string; indexes: number[] }[] {
  const seen = new Map<string, number[]>();
  texts.forEach((text, index) => {
    const parsed = parseActionNumber(text);
    const key = parsed.ok ? parsed.value.text : text.replace(/\s+/g, ' ').trim();
    if (key === '') return;
    seen.set(key, [...(seen.get(key) ?? []), index]);
  });
  return [...seen]
    .filter(([, indexes]) => indexes.length > 1)
    .map(([number, indexes]) => ({ number, indexes }));
}

/**
 * A text that orders as compareActionNumbers does, for SQL: numbers without a prefix first,
 * then by prefix; parts as nine digits each, joined by "."; a letter after, behind a space
 * (so 2 < 2a < 2.1). Two numbers have the same key exactly when their tidy forms are the same.
 */
export function numberSortKey(n: ActionNumber): string {
  const prefix = n.prefix === '' ? '0' : `1${n.prefix.padEnd(3, ' ')}`;
  const parts = n.parts.map((part) => String(part).padStart(9, '0')).join('.');
  return `${prefix}|${parts}${n.suffix === '' ? '' : ` ${n.suffix}`}`;
}
