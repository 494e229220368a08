import { dueDate, type DatedTarget } from './target-date.ts';
import { fullYear, yearInRange, type IsoDate } from './calendar.ts';

// The shared pieces of reading a target date: how the text is tidied before it is read, the
// regular-expression parts for months, days and years, and the year a date without one is
// given. The recognisers themselves are in target-date-days.ts and target-date-periods.ts.
//
// A date written without a year ("end of December", "31st March", "Q3") takes the year given
// as `defaultYear`; failing that, the first year in which it is due on or after `today` (so in
// November 2009 "end of December" is 31 December 2009, and in January 2010 it is 31 December
// 2010). With neither, such a date is refused and the message asks for the year.

export interface ParseOptions {
  /** Today, 'YYYY-MM-DD': places a date written without a year. */
  today?: IsoDate;
  /** The year to give a date written without one (wins over `today`). */
  defaultYear?: number;
}

/**
 * What one recogniser made of the text: a target, or why the text cannot be one (`problem`
 * follows the quoted text in the message: '"31/02/2010" is not a real date — …').
 */
export type Recognised =
  | { value: DatedTarget; assumed?: string }
  | { problem: string; reason: 'impossible' | 'not-understood' };

export const impossible = (detail: string): Recognised => ({
  problem: `is not a real date — ${detail}`,
  reason: 'impossible',
});

export const unclear = (detail: string): Recognised => ({
  problem: `is unclear — ${detail}`,
  reason: 'not-understood',
});

export type Recogniser = (text: string, options: ParseOptions) => Recognised | null;

/** A month name or its abbreviation ("sept" too), with an optional full stop. */
export const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
/** A year: four digits, or two with or without an apostrophe ("09", "'09"). */
export const YEAR = "('?\\d{2}|\\d{4})";
/** A day of the month with an optional ordinal ending ("31", "31st", "2nd"). */
export const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';

const MONTH_KEYS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];

/** 1–12 for a month word matched by MONTH. */
export const monthNumber = (word: string) => MONTH_KEYS.indexOf(word.slice(0, 3)) + 1;

/** Lower case, one kind of quote and dash, single spaces. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’`´′]/g, "'")
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const LEAD_INS = [
  'to be completed by',
  'to be achieved by',
  'to be in place by',
  'completed by',
  'complete by',
  'achieved by',
  'in place by',
  'target date',
  'no later than',
  'not later than',
  'deadline',
  'target',
  'due by',
  'due',
  'by',
  'before',
  'end',
  'close',
  'during',
  'in',
  'on',
];
const LEAD_IN = new RegExp(`^(?:${LEAD_INS.join('|')})(?:\\s*:\\s*|\\s+|$)`);
const WEEKDAY = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+/;

/** Drops the words around a date: "by the end of December" → "december". */
export function stripLeadIns(text: string): string {
  let rest = text
    .replace(/\b(?:the|of)\b/g, ' ')
    .replace(/,/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.;:!]+$/, '')
    .replace(/^end-(?=[a-z])/, '');
  for (let before = ''; before !== rest;) {
    before = rest;
    rest = rest.replace(LEAD_IN, '').replace(WEEKDAY, '').trim();
  }
  return rest;
}

/** The year of a matched YEAR, or a problem when it is not one an action plan would use. */
export function yearOf(text: string): number | Recognised {
  const year = fullYear(text);
  if (yearInRange(year)) return year;
  return impossible(`${year} is not a year an action plan would use`);
}

/** `build` for the year given, or for the first year in which it is due on or after today. */
export function inContextYear(
  options: ParseOptions,
  build: (year: number) => Recognised,
): Recognised {
  const assumed = (built: Recognised, why: string): Recognised =>
    'value' in built ? { ...built, assumed: why } : built;
  if (options.defaultYear !== undefined) {
    const year = options.defaultYear;
    return assumed(build(year), `year taken as ${year}`);
  }
  const today = options.today;
  if (today === undefined) {
    return { problem: 'has no year — add one, like December 2009', reason: 'not-understood' };
  }
  // From last year (winter 2009 is still to come in February 2010), and on past years in
  // which the day does not exist (29 February).
  const first = Number(today.slice(0, 4)) - 1;
  for (let year = first; year <= first + 9; year += 1) {
    const built = build(year);
    if ('value' in built && (dueDate(built.value) ?? today) >= today) {
      return assumed(built, `year taken as ${year}, the next one on or after today`);
    }
  }
  return build(first + 1);
}

/** A financial year written "2010/11", "10/11", "2010-11" or "2010/2011": its first year. */
export function financialYearOf(first: string, second: string): number | null {
  const start = fullYear(first);
  const end = second.length === 2 ? Math.floor(start / 100) * 100 + Number(second) : Number(second);
  const wrapped = end === start + 1 || (second.length === 2 && end + 100 === start + 1);
  return wrapped && yearInRange(start) ? start : null;
}
