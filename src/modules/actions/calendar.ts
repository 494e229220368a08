import type { IsoDate } from '../../kernel/date-rules.ts';

// Calendar arithmetic for the action plan, on UTC calendar dates written 'YYYY-MM-DD'. Nothing
// here reads the clock or the machine's time zone: "today" is always passed in by the caller.
//
// Two-digit years ("Oct-09", "31.12.09", "December '09") are read as 2000–2069 for 00–69 and
// 1970–1999 for 70–99: action plans look a few years ahead, and no council plan this product
// imports is older than 1970.

export type { IsoDate };

export { MONTH_NAMES } from '../../kernel/date-rules.ts';
import { MONTH_NAMES } from '../../kernel/date-rules.ts';

/** The earliest and latest year a target date may name (anything else is a typing slip). */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export const isLeapYear = (year: number) =>
  (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export const monthName = (month: number): string => MONTH_NAMES[month - 1] ?? '';

/** 'YYYY-MM-DD' of a day already known to be real. */
export const isoDate = (year: number, month: number, day: number): IsoDate =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** The last day of a month, as 'YYYY-MM-DD'. */
export const endOfMonth = (year: number, month: number): IsoDate =>
  isoDate(year, month, daysInMonth(year, month));

/** Why year/month/day is not a real day, or null when it is. */
export function dayProblem(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12) return `there is no month ${month}`;
  if (day < 1) return `there is no day ${day}`;
  const days = daysInMonth(year, month);
  if (day > days) return `${monthName(month)} ${year} has ${days} days`;
  return null;
}

/** True for a real day written 'YYYY-MM-DD'. */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  return dayProblem(Number(match[1]), Number(match[2]), Number(match[3])) === null;
}

/** The number of days since 1970-01-01 (UTC, so no time zone or clock change plays a part). */
export function dayNumber(iso: IsoDate): number {
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)].map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / 86_400_000;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number => dayNumber(to) - dayNumber(from);

/** A year written with two digits ("09", "'75") or four ("2009"). */
export function fullYear(text: string): number {
  const digits = text.replace(/^'/, '');
  const n = Number(digits);
  if (digits.length !== 2) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

export const yearInRange = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;
