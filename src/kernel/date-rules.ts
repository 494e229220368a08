import type { FieldError } from './errors.ts';

// How the dates of a round and of what happens in it must sit together. Pure functions over
// 'YYYY-MM-DD' strings (dates already known to be real), each giving GOV.UK error messages:
// the pages and the API of rounds, plans, workshops and questionnaires share them.
//
// - A round ends after it starts and lasts at most ROUND_MAX_YEARS (2 years): a partnership
//   assesses itself every year or two, so a longer round is a typing mistake.
// - No date is before EARLIEST_YEAR (2000) or after the end of the year YEARS_AHEAD (5)
//   years from today.
// - A round entirely in the past is allowed (recording an earlier assessment) once confirmed.
// - A year named in a round's title ("2027 self-assessment", "2026/27 review") must be a year
//   the round's dates touch; a title naming none of them is refused.
// - What happens in a round (plan tests, focus groups, workshops, questionnaires) falls
//   within its dates, or at most MARGIN_MONTHS (1 month) either side: plans are drawn up
//   before a round starts, and analysis workshops are often held just after it ends.

export const EARLIEST_YEAR = 2000;
export const YEARS_AHEAD = 5;
export const ROUND_MAX_YEARS = 2;
export const MARGIN_MONTHS = 1;

export type IsoDate = string;

export interface RoundDates {
  startsOn: IsoDate;
  endsOn: IsoDate;
}

export interface TitledRoundDates extends RoundDates {
  title: string;
}

/** The months' names in English, January first. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function parts(iso: IsoDate): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Today in the UK, as 'YYYY-MM-DD'. */
export function todayIso(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** "1 April 2026". */
export function formatIso(iso: IsoDate): string {
  const [y, m, d] = parts(iso);
  return `${d} ${MONTH_NAMES[m - 1] ?? ''} ${y}`;
}

/** The date `months` calendar months on (or back); the 31st becomes the month's last day. */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(iso);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysIn(year, month)))}`;
}

export const addYears = (iso: IsoDate, years: number) => addMonths(iso, years * 12);

/** The date `days` days on (or back). */
export function addDays(iso: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(iso);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The first and last day any date may have, from today. */
export function sensibleRange(today: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: `${EARLIEST_YEAR}-01-01`, to: `${parts(today)[0] + YEARS_AHEAD}-12-31` };
}

/** A date before 2000 or more than a few years ahead; `label` like "start date". */
export function sensibleDateProblem(iso: IsoDate, label: string, today: IsoDate): string | null {
  const { from, to } = sensibleRange(today);
  if (iso >= from && iso <= to) return null;
  return `${capitalise(label)} must be between ${formatIso(from)} and ${formatIso(to)}`;
}

/**
 * The years a title names: 4-digit years from 2000 to 2099, and the second year of a span
 * such as 2026/27 or 2026-27.
 */
export function namedYears(title: string): number[] {
  const years = new Set<number>();
  for (const match of title.matchAll(/(?<!\d)(20\d{2})(?:\s*[/-]\s*(\d{2}|20\d{2}))?(?!\d)/g)) {
    const first = Number(match[1]);
    years.add(first);
    const second = match[2];
    if (second === undefined) continue;
    const full = second.length === 2 ? Math.floor(first / 100) * 100 + Number(second) : +second;
    if (full === first + 1) years.add(full);
  }
  return [...years].sort((a, b) => a - b);
}

const listWords = (items: string[]) =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;

/** A title naming years that none of the round's dates fall in. */
export function titleYearProblem(round: TitledRoundDates): string | null {
  const named = namedYears(round.title);
  if (named.length === 0) return null;
  const first = parts(round.startsOn)[0];
  const last = parts(round.endsOn)[0];
  if (named.some((y) => y >= first && y <= last)) return null;
  const runs = first === last ? `in ${first}` : `from ${first} to ${last}`;
  return `The title says ${listWords(named.map(String))} but the dates are ${runs}: change the title or the dates`;
}

export const END_AFTER_START = 'The end date must be after the start date';
export const ROUND_TOO_LONG = `A round must be ${ROUND_MAX_YEARS} years long or shorter: choose an earlier end date`;
export const PAST_DATES_QUESTION = 'These dates are in the past. Is that right?';
export const CONFIRM_PAST_DATES =
  'These dates are in the past: confirm that they are right, or change them';

/** A round that ended before today. */
export const isInPast = (round: RoundDates, today: IsoDate) => round.endsOn < today;

/**
 * The problems with a round's title and dates, on the fields startsOn, endsOn, title and
 * confirmPastDates. Dates in the past are asked about only when nothing else is wrong.
 */
export function roundDateProblems(
  round: TitledRoundDates,
  today: IsoDate,
  options: { confirmPastDates: boolean },
): FieldError[] {
  const problems: FieldError[] = [];
  const start = sensibleDateProblem(round.startsOn, 'start date', today);
  if (start !== null) problems.push({ field: 'startsOn', message: start });
  const end = sensibleDateProblem(round.endsOn, 'end date', today);
  if (end !== null) problems.push({ field: 'endsOn', message: end });
  else if (start !== null) return problems;
  else if (round.endsOn <= round.startsOn)
    problems.push({ field: 'endsOn', message: END_AFTER_START });
  else if (round.endsOn >= addYears(round.startsOn, ROUND_MAX_YEARS))
    problems.push({ field: 'endsOn', message: ROUND_TOO_LONG });
  if (problems.length > 0) return problems;
  const title = titleYearProblem(round);
  if (title !== null) return [{ field: 'title', message: title }];
  if (isInPast(round, today) && !options.confirmPastDates)
    return [{ field: 'confirmPastDates', message: CONFIRM_PAST_DATES }];
  return [];
}

/** The days a date in the round may have: its dates and a month either side. */
export function roundWindow(round: RoundDates): { from: IsoDate; to: IsoDate } {
  return {
    from: addMonths(round.startsOn, -MARGIN_MONTHS),
    to: addMonths(round.endsOn, MARGIN_MONTHS),
  };
}

/** A date of something in the round that is outside the round's window (or not sensible). */
export function dateInRoundProblem(
  iso: IsoDate,
  round: RoundDates,
  label: string,
  today: IsoDate,
): string | null {
  const sensible = sensibleDateProblem(iso, label, today);
  if (sensible !== null) return sensible;
  const { from, to } = roundWindow(round);
  if (iso >= from && iso <= to) return null;
  return `${capitalise(label)} must be between ${formatIso(from)} and ${formatIso(to)}, as the round runs from ${formatIso(round.startsOn)} to ${formatIso(round.endsOn)}`;
}

/** Something dated in a round: a plan test, a workshop, a questionnaire. */
export interface DatedItem {
  /** How the message names it, like "the focus group Parents' views (3 May 2026)". */
  label: string;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
}

/**
 * What new dates of a round would leave outside its window: a message on startsOn for what
 * would fall before, and on endsOn for what would fall after.
 */
const NAMED_MAX = 3;

export function itemsOutsideProblems(round: RoundDates, items: DatedItem[]): FieldError[] {
  const { from, to } = roundWindow(round);
  const before = items.filter((i) => i.startsOn < from);
  const after = items.filter((i) => !before.includes(i) && (i.endsOn ?? i.startsOn) > to);
  const message = (list: DatedItem[], side: string) => {
    // Three are named; a longer list would bury the point.
    const named = list.slice(0, NAMED_MAX).map((i) => i.label);
    const rest = list.length - named.length;
    if (rest > 0) named.push(`${rest} ${rest === 1 ? 'other' : 'others'}`);
    const them = list.length === 1 ? 'it' : 'them';
    return `${capitalise(listWords(named))} would be more than a month ${side} the round: change ${them} first, or choose dates that include ${them}`;
  };
  return [
    ...(before.length > 0 ? [{ field: 'startsOn', message: message(before, 'before') }] : []),
    ...(after.length > 0 ? [{ field: 'endsOn', message: message(after, 'after') }] : []),
  ];
}
