import assert from 'node:assert/strict';
import { loadFrameworkFiles } from '../../framework/repository.ts';
import type { FrameworkVersion } from '../../framework/schema.ts';

// For scores-property.test.ts: a round's figures counted plainly from the raw answers,
// written here from SPEC §6 and the suppression rules (nothing of the scoring is used), and
// the check of the scores API's answer against them.

export const MIN = 5;

export const version = loadFrameworkFiles().find((v) => v.key === '2026.1') as FrameworkVersion;

export interface Respondent {
  id: string;
  sector: string | null;
  audience: string;
  locality: string | null;
}

export interface Answer {
  responseId: string;
  itemKey: string;
  value: number;
}

// ---- The expected figures, straight from the raw answers ----

interface Counts {
  '1': number;
  '2': number;
  '3': number;
  '4': number;
  '5': number;
  DK: number;
  NA: number;
}
const zero = (): Counts => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, DK: 0, NA: 0 });
const kindOf = (value: number): keyof Counts =>
  value === 8 ? 'DK' : value === 9 ? 'NA' : (String(value) as '1');
const plus = (a: Counts, b: Counts): Counts => {
  const out = zero();
  for (const k of Object.keys(out) as (keyof Counts)[]) out[k] = a[k] + b[k];
  return out;
};
const totalOf = (c: Counts) => c['1'] + c['2'] + c['3'] + c['4'] + c['5'] + c.DK + c.NA;
const average = (values: number[]) =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;

/** The stage of the score as shown: one decimal place, halves away from zero. */
function stage(score: number | null): number | null {
  if (score === null) return null;
  const shown = Math.floor(score * 10 + 1e-9 + 0.5) / 10;
  let found: number | null = null;
  for (const s of version.stages) if (shown + 1e-9 >= s.minScore) found = s.number;
  return found;
}

interface PlainItem {
  respondents: number;
  numeric: number;
  mean: number | null;
  counts: Counts;
}

/** Every figure of a set of people, straight from their answers, before any suppression. */
function plainOf(people: Respondent[], all: Answer[]) {
  const ids = new Set(people.map((p) => p.id));
  const mine = all.filter((a) => ids.has(a.responseId));
  const numericBy = (keys: Set<string>) =>
    new Set(mine.filter((a) => keys.has(a.itemKey) && a.value <= 5).map((a) => a.responseId)).size;
  const areaItems = new Set(
    version.areas.flatMap((a) => a.dimensions.flatMap((d) => d.items.map((i) => i.key))),
  );
  const items = new Map<string, PlainItem>();
  for (const item of version.areas.flatMap((a) => a.dimensions.flatMap((d) => d.items))) {
    const list = mine.filter((a) => a.itemKey === item.key);
    const counts = zero();
    for (const a of list) counts[kindOf(a.value)]++;
    const numeric = list.filter((a) => a.value <= 5);
    const mean = average(numeric.map((a) => (item.reverse ? 6 - a.value : a.value)));
    items.set(item.key, { respondents: list.length, numeric: numeric.length, mean, counts });
  }
  const dimensionN = new Map(
    version.areas.flatMap((a) =>
      a.dimensions.map((d) => [d.key, numericBy(new Set(d.items.map((i) => i.key)))] as const),
    ),
  );
  const areaN = new Map(
    version.areas.map(
      (a) =>
        [
          a.key,
          numericBy(new Set(a.dimensions.flatMap((d) => d.items.map((i) => i.key)))),
        ] as const,
    ),
  );
  return { n: numericBy(areaItems), items, dimensionN, areaN };
}

type Plain = ReturnType<typeof plainOf>;

// ---- Comparison with the API's answer ----

export function same(actual: unknown, want: unknown, where: string) {
  if (typeof want === 'number' && typeof actual === 'number')
    assert.ok(Math.abs(actual - want) < 1e-9, `${where}: ${actual} ≠ ${want}`);
  else assert.deepEqual(actual, want, where);
}

interface ApiDimension {
  key: string;
  n: number | null;
  score: number | null;
  stage: number | null;
  counts: Counts | null;
  dontKnowRate: number | null;
  suppressed: boolean;
  items: {
    key: string;
    respondents: number | null;
    mean: number | null;
    counts: Counts | null;
    suppressed: boolean;
  }[];
}

interface ApiArea {
  key: string;
  n: number | null;
  score: number | null;
  stage: number | null;
  counts: Counts | null;
  suppressed: boolean;
  dimensions: ApiDimension[];
}

export interface ApiGroup {
  n: number | null;
  suppressed: boolean;
  areas: ApiArea[];
}

type Area = FrameworkVersion['areas'][number];
type Dimension = Area['dimensions'][number];

/** A dimension's items: what the shown ones add up to, and how many the audit withheld. */
function checkItems(d: Dimension, ad: ApiDimension, plain: Plain, dt: string) {
  const means: number[] = [];
  let counts = zero();
  let secondary = 0;
  d.items.forEach((item, ii) => {
    const ai = ad.items[ii];
    assert.ok(ai !== undefined && ai.key === item.key);
    const p = plain.items.get(item.key);
    if (ai.suppressed) {
      for (const field of ['respondents', 'mean', 'counts'] as const)
        same(ai[field], null, `${dt}/${ai.key} ${field}`);
      if (!ad.suppressed && (p?.numeric ?? 0) >= MIN) secondary++;
      return;
    }
    assert.ok(!ad.suppressed, `${dt}/${ai.key}: shown in a withheld dimension`);
    assert.ok((p?.numeric ?? 0) >= MIN, `${dt}/${ai.key}: shown with ${p?.numeric} numeric`);
    same(ai.respondents, p?.respondents, `${dt}/${ai.key} respondents`);
    same(ai.mean, p?.mean, `${dt}/${ai.key} mean`);
    same(ai.counts, p?.counts, `${dt}/${ai.key} counts`);
    if (p?.mean !== null && p?.mean !== undefined) means.push(p.mean);
    counts = plus(counts, p?.counts ?? zero());
  });
  return { means, counts, secondary };
}

/** A dimension: its figures when shown (undefined when withheld), and the audit's count. */
function checkDimension(
  d: Dimension,
  ad: ApiDimension,
  plain: Plain,
  groupSuppressed: boolean,
  dt: string,
): { shown?: { score: number | null; counts: Counts }; secondary: number } {
  const { means, counts, secondary } = checkItems(d, ad, plain, dt);
  if (ad.suppressed) {
    for (const field of ['n', 'score', 'stage', 'counts', 'dontKnowRate'] as const)
      same(ad[field], null, `${dt} ${field}`);
    return { secondary };
  }
  assert.ok(!groupSuppressed, `${dt}: shown in a withheld group`);
  const dn = plain.dimensionN.get(d.key) ?? 0;
  assert.ok(dn >= MIN, `${dt}: shown with n ${dn}`);
  assert.ok(means.length > 0 || ad.items.some((i) => !i.suppressed), `${dt}: no item shown`);
  same(ad.n, dn, `${dt} n`);
  const score = average(means);
  same(ad.score, score, `${dt} score`);
  same(ad.stage, stage(score), `${dt} stage`);
  same(ad.counts, counts, `${dt} counts`);
  same(ad.dontKnowRate, counts.DK / totalOf(counts), `${dt} dontKnowRate`);
  return { shown: { score, counts }, secondary };
}

/** An area with its dimensions; returns how many figures the audit withheld. */
function checkArea(area: Area, aa: ApiArea, plain: Plain, groupSuppressed: boolean, at: string) {
  const shownScores: number[] = [];
  let areaCounts = zero();
  let secondary = 0;
  area.dimensions.forEach((d, di) => {
    const ad = aa.dimensions[di];
    assert.ok(ad !== undefined && ad.key === d.key);
    const checked = checkDimension(d, ad, plain, groupSuppressed, `${at}/${ad.key}`);
    secondary += checked.secondary;
    if (checked.shown === undefined) return;
    if (checked.shown.score !== null) shownScores.push(checked.shown.score);
    areaCounts = plus(areaCounts, checked.shown.counts);
  });
  if (aa.suppressed) {
    for (const field of ['n', 'score', 'stage', 'counts'] as const)
      same(aa[field], null, `${at} ${field}`);
    return secondary;
  }
  const an = plain.areaN.get(area.key) ?? 0;
  assert.ok(an >= MIN && !groupSuppressed, `${at}: shown with n ${an}`);
  same(aa.n, an, `${at} n`);
  const score = average(shownScores);
  same(aa.score, score, `${at} score`);
  same(aa.stage, stage(score), `${at} stage`);
  same(aa.counts, areaCounts, `${at} counts`);
  return secondary;
}

/**
 * Checks one group of the API's answer against the plain figures: whatever it shows is
 * exactly right and passes the primary rules of SPEC §6 (n of 5 or more; an item with 5 or
 * more numeric answers; a dimension's score from its shown items, an area's from its shown
 * dimensions); whatever it withholds is null. Returns how many figures the primary rules
 * would allow but the API withholds (secondary suppression, checked in disclosure tests).
 */
export function checkGroup(
  actual: ApiGroup,
  people: Respondent[],
  all: Answer[],
  where: string,
): number {
  const plain = plainOf(people, all);
  let secondary = 0;
  if (actual.suppressed) {
    same(actual.n, null, `${where} n`);
    if (plain.n >= MIN) secondary++;
  } else {
    assert.ok(plain.n >= MIN, `${where}: shown with n ${plain.n}`);
    same(actual.n, plain.n, `${where} n`);
  }
  version.areas.forEach((area, ai) => {
    const aa = actual.areas[ai];
    assert.ok(aa !== undefined && aa.key === area.key);
    secondary += checkArea(area, aa, plain, actual.suppressed, `${where} ${aa.key}`);
  });
  return secondary;
}
