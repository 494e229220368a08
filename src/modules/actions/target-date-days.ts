import { dayProblem, fullYear, isoDate } from './calendar.ts';
import {
  DAY,
  impossible,
  inContextYear,
  MONTH,
  monthNumber,
  YEAR,
  yearOf,
  type ParseOptions,
  type Recognised,
  type Recogniser,
} from './target-date-words.ts';

// Recognisers for days and months, each given tidied text (see stripLeadIns) and returning a
// target, a problem, or null when the text is not of its shape.
//
// - Numbers are read day first, as in the UK: 31/12/2009, 31.12.09, 31-12-09. ISO 2009-12-31
//   is read year first. A day and month without a year in figures ("31/12") is not read: too
//   easily confused with a financial year like 10/11.
// - Month names may be full or short, "Sept" too, with or without a full stop: 31st Dec 2009,
//   31-Dec-09, Dec 31st 2009, December 31 2009, Oct-09, Oct 09, December '09, 10/2009.
// - A range of months is due at the end of its last month ("Oct 09 - Mar 10" is March 2010);
//   one that is exactly a calendar quarter is that quarter ("Jul - Sep 2010").

const match = (pattern: string) => new RegExp(`^${pattern}$`);

/** A day target, or why year/month/day is not a real day. */
function day(year: number, month: number, date: number): Recognised {
  const problem = dayProblem(year, month, date);
  if (problem) return impossible(problem);
  return { value: { kind: 'day', date: isoDate(year, month, date) } };
}

/** `build(year)` for a YEAR text, or for the year from context when there is none. */
function withYear(
  yearText: string | undefined,
  options: ParseOptions,
  build: (year: number) => Recognised,
): Recognised {
  if (yearText === undefined) return inContextYear(options, build);
  const year = yearOf(yearText);
  return typeof year === 'number' ? build(year) : year;
}

const ISO_DAY = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const FIGURES_DAY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/;
const NAMED_DAY = match(`${DAY}[\\s-]*${MONTH}(?:[\\s-]*${YEAR})?`);
const MONTH_FIRST_DAY = match(
  `${MONTH}\\s*(\\d{1,2})(?:(?:st|nd|rd|th)(?:\\s*${YEAR})?|\\s+(\\d{4}))`,
);
const MONTH_YEAR = match(`${MONTH}[\\s/-]*${YEAR}`);
const FIGURES_MONTH = /^(\d{1,2})[/.-](\d{4})$/;
const MONTH_ALONE = match(MONTH);

export const isoDay: Recogniser = (text) => {
  const m = ISO_DAY.exec(text);
  return m ? day(Number(m[1]), Number(m[2]), Number(m[3])) : null;
};

export const figuresDay: Recogniser = (text, options) => {
  const m = FIGURES_DAY.exec(text);
  if (!m) return null;
  return withYear(m[3], options, (year) => day(year, Number(m[2]), Number(m[1])));
};

export const namedDay: Recogniser = (text, options) => {
  const m = NAMED_DAY.exec(text);
  if (!m) return null;
  return withYear(m[3], options, (year) => day(year, monthNumber(m[2] ?? ''), Number(m[1])));
};

export const monthFirstDay: Recogniser = (text, options) => {
  const m = MONTH_FIRST_DAY.exec(text);
  if (!m) return null;
  const yearText = m[3] ?? m[4];
  return withYear(yearText, options, (year) => day(year, monthNumber(m[1] ?? ''), Number(m[2])));
};

const month = (year: number, number: number): Recognised =>
  number >= 1 && number <= 12
    ? { value: { kind: 'month', year, month: number } }
    : impossible(`there is no month ${number}`);

export const monthYear: Recogniser = (text, options) => {
  const named = MONTH_YEAR.exec(text);
  if (named) return withYear(named[2], options, (year) => month(year, monthNumber(named[1] ?? '')));
  const figures = FIGURES_MONTH.exec(text);
  if (!figures) return null;
  return withYear(figures[2], options, (year) => month(year, Number(figures[1])));
};

export const monthAlone: Recogniser = (text, options) => {
  const m = MONTH_ALONE.exec(text);
  if (!m) return null;
  return withYear(undefined, options, (year) => month(year, monthNumber(m[1] ?? '')));
};

const MONTH_RANGE = match(
  `${MONTH}(?:[\\s-]*${YEAR})?\\s*(?:-|to|until|till|through|/|&|and)\\s*${MONTH}(?:[\\s-]*${YEAR})?`,
);

/** The quarter a range of months is, or its last month. */
function rangeEnd(first: number, firstYear: number, last: number, lastYear: number): Recognised {
  const quarter = (first + 2) / 3;
  if (firstYear === lastYear && last === first + 2 && Number.isInteger(quarter)) {
    return { value: { kind: 'quarter', year: lastYear, quarter: quarter as 1 | 2 | 3 | 4 } };
  }
  if (lastYear * 12 + last < firstYear * 12 + first) {
    return impossible('the range ends before it starts');
  }
  return { value: { kind: 'month', year: lastYear, month: last } };
}

export const monthRange: Recogniser = (text, options) => {
  const m = MONTH_RANGE.exec(text);
  if (!m) return null;
  const [first, last] = [monthNumber(m[1] ?? ''), monthNumber(m[3] ?? '')];
  if (m[2] !== undefined && m[4] !== undefined) {
    return rangeEnd(first, fullYear(m[2]), last, fullYear(m[4]));
  }
  const known = m[4] ?? m[2];
  const crosses = last < first;
  return withYear(known, options, (year) => {
    // One year given: it belongs to the end when written there, to the start otherwise.
    const lastYear = m[4] !== undefined || known === undefined || !crosses ? year : year + 1;
    const firstYear = crosses ? lastYear - 1 : lastYear;
    return rangeEnd(first, firstYear, last, lastYear);
  });
};

export const DAY_RECOGNISERS: readonly Recogniser[] = [
  isoDay,
  figuresDay,
  namedDay,
  monthFirstDay,
  monthYear,
  monthRange,
  monthAlone,
];
