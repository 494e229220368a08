import { endOfMonth, isoDate, monthName, type IsoDate } from './calendar.ts';

// An action's target date as councils write it: a day, a month, a quarter, a season, a year, a
// financial year, or "ongoing". Each kind is due at its end: a month on its last day, a quarter
// on the last day of its third month, and so on; "ongoing" is never due.
//
// Rules decided here (parsing is in target-date-parse.ts):
// - Quarters are calendar quarters: Q1 January to March … Q4 October to December. A quarter
//   of a financial year ("Q3 2010/11", "Q3 FY 10/11") is turned into the calendar quarter it
//   covers when it is read (financial Q3 2010/11 is October to December 2010), so a stored
//   quarter is always a calendar one and its display names its months.
// - Seasons: spring March to May, summer June to August, autumn September to November,
//   winter December to February. Winter takes the year of its December: winter 2010 runs
//   from December 2010 to February 2011 and is shown "Winter 2010 to 2011".
// - A financial year runs from 1 April to 31 March and is named by the year it starts in.
// - "Ongoing" may say when the work started ("March 2010 onwards"); it is still never due.

export type Quarter = 1 | 2 | 3 | 4;
export type Season = 'spring' | 'summer' | 'autumn' | 'winter';

export type DatedTarget =
  | { kind: 'day'; date: IsoDate }
  | { kind: 'month'; year: number; month: number }
  | { kind: 'quarter'; year: number; quarter: Quarter }
  | { kind: 'season'; year: number; season: Season }
  | { kind: 'year'; year: number }
  | { kind: 'financial-year'; startYear: number };

export type OngoingTarget = { kind: 'ongoing'; from?: DatedTarget };

export type TargetDate = DatedTarget | OngoingTarget;

export const SEASONS: readonly Season[] = ['spring', 'summer', 'autumn', 'winter'];

/** The first month of each season (winter's runs into the next year). */
export const SEASON_START: Record<Season, number> = {
  spring: 3,
  summer: 6,
  autumn: 9,
  winter: 12,
};

/** The month and year in which a dated target ends. */
function lastMonth(target: DatedTarget): { year: number; month: number } {
  switch (target.kind) {
    case 'day':
      return { year: Number(target.date.slice(0, 4)), month: Number(target.date.slice(5, 7)) };
    case 'month':
      return { year: target.year, month: target.month };
    case 'quarter':
      return { year: target.year, month: target.quarter * 3 };
    case 'season':
      return target.season === 'winter'
        ? { year: target.year + 1, month: 2 }
        : { year: target.year, month: SEASON_START[target.season] + 2 };
    case 'year':
      return { year: target.year, month: 12 };
    case 'financial-year':
      return { year: target.startYear + 1, month: 3 };
  }
}

/** The day by which a target is due (its last day), or null for ongoing work. */
export function dueDate(target: TargetDate): IsoDate | null {
  if (target.kind === 'ongoing') return null;
  if (target.kind === 'day') return target.date;
  const { year, month } = lastMonth(target);
  return endOfMonth(year, month);
}

/** The first day a target covers (the day itself for a day). */
export function startDate(target: DatedTarget): IsoDate {
  switch (target.kind) {
    case 'day':
      return target.date;
    case 'month':
      return isoDate(target.year, target.month, 1);
    case 'quarter':
      return isoDate(target.year, target.quarter * 3 - 2, 1);
    case 'season':
      return isoDate(target.year, SEASON_START[target.season], 1);
    case 'year':
      return isoDate(target.year, 1, 1);
    case 'financial-year':
      return isoDate(target.startYear, 4, 1);
  }
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function displayDated(target: DatedTarget): string {
  switch (target.kind) {
    case 'day': {
      const [y, m, d] = target.date.split('-').map(Number);
      return `${d ?? ''} ${monthName(m ?? 0)} ${y ?? ''}`;
    }
    case 'month':
      return `${monthName(target.month)} ${target.year}`;
    case 'quarter':
      return `${monthName(target.quarter * 3 - 2)} to ${monthName(target.quarter * 3)} ${target.year}`;
    case 'season':
      return target.season === 'winter'
        ? `Winter ${target.year} to ${target.year + 1}`
        : `${capital(target.season)} ${target.year}`;
    case 'year':
      return String(target.year);
    case 'financial-year':
      return `Financial year ${target.startYear} to ${target.startYear + 1}`;
  }
}

/**
 * The target in plain British English: "31 December 2009", "October 2009", "July to September
 * 2010", "Spring 2010", "2011", "Financial year 2010 to 2011", "Ongoing", "Ongoing from
 * March 2010". parseTargetDate reads every one of these back as the same target.
 */
export function displayTargetDate(target: TargetDate): string {
  if (target.kind !== 'ongoing') return displayDated(target);
  if (!target.from) return 'Ongoing';
  const from = displayDated(target.from);
  const lowered = target.from.kind === 'season' || target.from.kind === 'financial-year';
  return `Ongoing from ${lowered ? from.charAt(0).toLowerCase() + from.slice(1) : from}`;
}
