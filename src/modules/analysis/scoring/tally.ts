import type { AnswerCounts } from '../types.ts';

// The answers of a set of respondents, counted (queries.ts reads them per atom; a release
// stores them). Groups are sums of atoms' tallies (groups.ts).

/** Answers of one set of respondents (a group, or a cell that groups are summed from). */
export interface Tally {
  /** Item key → answers of each kind. Each respondent answers an item at most once. */
  items: Map<string, AnswerCounts>;
  /** Dimension key → distinct respondents with at least one 1–5 answer on its items. */
  dimensionN: Map<string, number>;
  /** Area key → distinct respondents with at least one 1–5 answer on its items. */
  areaN: Map<string, number>;
  /** Respondents with at least one 1–5 answer on any area's item. */
  n: number;
}

/**
 * Answers of one atom: one sector × audience × locality (sector null where the
 * questionnaire did not ask, locality null or absent where none was named).
 */
export interface CellTally extends Tally {
  sector: string | null;
  audience: string;
  locality?: string | null;
  /** Responses in the atom, with or without a numeric answer (n counts those with one). */
  respondents?: number;
}

/** What queries.ts reads for a round: tallies that add up to every group. */
export interface RoundTallies {
  /** The atoms; every respondent with an answer is in exactly one. */
  cells: CellTally[];
}

export const COUNT_KEYS = ['1', '2', '3', '4', '5', 'DK', 'NA'] as const;

export function emptyCounts(): AnswerCounts {
  return { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, DK: 0, NA: 0 };
}

export function addCounts(into: AnswerCounts, from: AnswerCounts): void {
  for (const key of COUNT_KEYS) into[key] += from[key];
}

/** Answers of any kind, Don't know and N/A included. */
export const answeredCount = (c: AnswerCounts) =>
  c['1'] + c['2'] + c['3'] + c['4'] + c['5'] + c.DK + c.NA;
/** Answers from 1 to 5. */
export const numericCount = (c: AnswerCounts) => c['1'] + c['2'] + c['3'] + c['4'] + c['5'];

export function emptyTally(): Tally {
  return { items: new Map(), dimensionN: new Map(), areaN: new Map(), n: 0 };
}

const addTo = (map: Map<string, number>, key: string, value: number) =>
  map.set(key, (map.get(key) ?? 0) + value);

/**
 * Adds one tally into another. Respondent counts add up because the tallies summed are of
 * disjoint sets of respondents (each has one sector, one audience and one locality).
 */
export function addTally(into: Tally, from: Tally): void {
  for (const [key, counts] of from.items) {
    const have = into.items.get(key);
    if (have === undefined) into.items.set(key, { ...counts });
    else addCounts(have, counts);
  }
  for (const [key, n] of from.dimensionN) addTo(into.dimensionN, key, n);
  for (const [key, n] of from.areaN) addTo(into.areaN, key, n);
  into.n += from.n;
}

/** The tallies of disjoint sets of respondents added up. */
export function sumOf(tallies: readonly Tally[]): Tally {
  const total = emptyTally();
  for (const t of tallies) addTally(total, t);
  return total;
}
