import { monthName } from './calendar.ts';
import type { Quarter, Season } from './target-date.ts';
import {
  financialYearOf,
  impossible,
  inContextYear,
  unclear,
  YEAR,
  yearOf,
  type ParseOptions,
  type Recognised,
  type Recogniser,
} from './target-date-words.ts';

// Recognisers for periods longer than a month: quarters, seasons, school terms, financial
// years and years.
//
// - "Q3 2010", "Quarter 3 2010", "3rd quarter 2010", "2010 Q3" are calendar quarters (Q3 is
//   July to September). A quarter of a financial year is written with the financial year:
//   "Q3 2010/11", "Q3 10/11", "Q3 FY 2010-11", "Q3 financial year 2010/11"; financial Q1 is
//   April to June, so financial Q3 2010/11 is October to December 2010.
// - Two years in a row written together ("2010/11", "10/11", "2010-11", "2010/2011") name a
//   financial year, as UK public bodies write them. A financial year named by a single year
//   ("FY2010") is refused: some mean the year it starts in, others the one it ends in.
// - Seasons: "Spring 2010" (due 31 May 2010); "Winter 2010", "Winter 2010/11" and "Winter
//   2010 to 2011" are all December 2010 to February 2011.
// - School terms are due in the month they usually end: autumn term in December, spring term
//   in March, summer term in July ("Autumn term 2009" is December 2009). With an academic
//   year ("Spring term 2009/10") the autumn term is in its first year, the others its second.

const QUARTER_WORDS: [RegExp, string][] = [
  [/\b(\d)(?:st|nd|rd|th)\s+(?:quarter|qtr)\b/g, 'q$1'],
  [/\b(?:quarter|qtr|qr)\s*(\d)(?!\d)/g, 'q$1'],
];
const QUARTER_FIRST = /^q(\d+)\b\s*(.*)$/;
const QUARTER_LAST = /^(.*?)\s*\bq(\d+)$/;
const PAIR = new RegExp(`^${YEAR}\\s*(?:/|-|to)\\s*${YEAR}$`);
const FINANCIAL_WORDS = /\b(?:financial\s+year|financial|fy)\b|\bfy(?=\d)/g;

/** What follows a quarter or season: nothing, a year, or a pair of years. */
type YearSpec =
  | { kind: 'none'; financial: boolean }
  | { kind: 'year'; year: number; financial: boolean }
  | { kind: 'pair'; start: number | null; text: string; financial: boolean };

/** The year part of a quarter or season; null when it is not one (perhaps a remark). */
function yearSpec(written: string): YearSpec | Recognised | null {
  const text = written.replace(/[()]/g, ' ');
  const financial = FINANCIAL_WORDS.test(text);
  FINANCIAL_WORDS.lastIndex = 0;
  const rest = text.replace(FINANCIAL_WORDS, ' ').replace(/\s+/g, ' ').trim();
  if (rest === '') return { kind: 'none', financial };
  if (new RegExp(`^${YEAR}$`).test(rest)) {
    const year = yearOf(rest);
    return typeof year === 'number' ? { kind: 'year', year, financial } : year;
  }
  const pair = PAIR.exec(rest);
  if (!pair) return null;
  return {
    kind: 'pair',
    start: financialYearOf(pair[1] ?? '', pair[2] ?? ''),
    text: rest,
    financial,
  };
}

const NOT_A_FINANCIAL_YEAR = (text: string) =>
  unclear(`${text} is not a financial year: write two years in a row, like 2010/11`);
const SINGLE_FINANCIAL_YEAR = unclear(
  'write the financial year as two years in a row, like 2010/11',
);

/** The calendar quarter that financial quarter `q` of the year starting in `start` covers. */
function financialQuarter(q: Quarter, start: number): Recognised {
  return q === 4
    ? { value: { kind: 'quarter', year: start + 1, quarter: 1 } }
    : { value: { kind: 'quarter', year: start, quarter: (q + 1) as Quarter } };
}

function quarterOf(number: number, spec: YearSpec, options: ParseOptions): Recognised {
  if (number < 1 || number > 4) {
    return impossible(`there is no quarter ${number}: quarters are Q1 to Q4`);
  }
  const q = number as Quarter;
  if (spec.kind === 'pair') {
    return spec.start === null ? NOT_A_FINANCIAL_YEAR(spec.text) : financialQuarter(q, spec.start);
  }
  if (spec.financial) return SINGLE_FINANCIAL_YEAR;
  const build = (year: number): Recognised => ({ value: { kind: 'quarter', year, quarter: q } });
  return spec.kind === 'year' ? build(spec.year) : inContextYear(options, build);
}

export const quarter: Recogniser = (text, options) => {
  const tidy = QUARTER_WORDS.reduce((t, [from, to]) => t.replace(from, to), text);
  const first = QUARTER_FIRST.exec(tidy);
  const last = first ? null : QUARTER_LAST.exec(tidy);
  const number = first?.[1] ?? last?.[2];
  if (number === undefined) return null;
  const spec = yearSpec((first ? first[2] : last?.[1]) ?? '');
  if (!spec || !('kind' in spec)) return spec;
  return quarterOf(Number(number), spec, options);
};

const SEASON_WORDS = /^(spring|summer|autumn|fall|winter)(\s+term)?\b\s*(.*)$/;
const TERM_END: Partial<Record<Season, number>> = { autumn: 12, spring: 3, summer: 7 };

function term(season: Season, spec: YearSpec, options: ParseOptions): Recognised {
  const month = TERM_END[season];
  if (month === undefined) return unclear('school terms are autumn, spring and summer');
  const assumed = `the ${season} term taken as ending in ${monthName(month)}`;
  const build = (year: number): Recognised => ({ value: { kind: 'month', year, month }, assumed });
  if (spec.kind === 'year') return build(spec.year);
  if (spec.kind === 'none') return inContextYear(options, build);
  if (spec.start === null) return unclear(`${spec.text} is not an academic year, like 2009/10`);
  return build(season === 'autumn' ? spec.start : spec.start + 1);
}

export const season: Recogniser = (text, options) => {
  const m = SEASON_WORDS.exec(text);
  if (!m) return null;
  const name = (m[1] === 'fall' ? 'autumn' : m[1]) as Season;
  const spec = yearSpec(m[3] ?? '');
  if (!spec || !('kind' in spec)) return spec;
  if (m[2] !== undefined) return term(name, spec, options);
  if (spec.financial) return unclear('a season is not part of a financial year');
  const build = (year: number): Recognised => ({ value: { kind: 'season', year, season: name } });
  if (spec.kind === 'year') return build(spec.year);
  if (spec.kind === 'none') return inContextYear(options, build);
  if (name === 'winter' && spec.start !== null) return build(spec.start);
  return unclear(`write one year, like ${name} ${String(spec.start ?? 2010)}`);
};

export const financialYear: Recogniser = (text) => {
  const spec = yearSpec(text);
  if (!spec || !('kind' in spec)) return spec;
  if (spec.kind === 'pair') {
    if (spec.start !== null) return { value: { kind: 'financial-year', startYear: spec.start } };
    return spec.financial ? NOT_A_FINANCIAL_YEAR(spec.text) : null;
  }
  if (spec.financial) return SINGLE_FINANCIAL_YEAR;
  // A year on its own is written in full: "2011", never "11".
  return spec.kind === 'year' && /^\d{4}$/.test(text)
    ? { value: { kind: 'year', year: spec.year } }
    : null;
};

export const PERIOD_RECOGNISERS: readonly Recogniser[] = [quarter, season, financialYear];
