import { stageAt } from '../../../kernel/stages.ts';
import type { FrameworkVersion } from '../../framework/index.ts';
import type { AnswerCounts, AreaScore, DimensionScore, GroupScores, ItemScore } from '../types.ts';
import { disclosurePlan, NOTHING_SHOWN, type GroupPlan } from './plan.ts';
import { shownScore } from './round.ts';
import { addCounts, answeredCount, emptyCounts, numericCount, type Tally } from './tally.ts';

// The figures of one group of respondents from its tally (SPEC §6), as far as its plan
// (plan.ts) lets it show them.
//
// Definitions
// - An answer is 1–5, Don't know or N/A; a reverse-scored item counts 6 − value. Counts are
//   of the answers as given (before reversal).
// - Item mean: mean of the item's 1–5 answers after reversal; Don't know and N/A are left
//   out of it but counted.
// - Dimension score: mean of the means of its items that have at least one 1–5 answer.
//   Area score: mean of its dimension scores.
// - n of a dimension or area: distinct respondents with at least one 1–5 answer on its
//   items; n of a group: the same over every item of every area.
// - Drill-down items are not part of any score.
//
// Suppression (SPEC §6) is decided in one place, plan.ts with disclosure.ts: a group, area,
// dimension or item is shown only when at least MIN_GROUP respondents stand behind it (for
// an item, MIN_GROUP numeric answers), and only where no set of fewer than MIN_GROUP
// respondents can be worked out by adding and subtracting figures shown together. A shown
// dimension's score, counts and Don't know rate come from its shown items only, and an
// area's from its shown dimensions, so that a withheld item cannot be worked back from the
// figures around it. Where nothing is withheld the figures are exactly the definitions
// above.

type Area = FrameworkVersion['areas'][number];
type Dimension = Area['dimensions'][number];

/** The stage number of a score, or null for no score. */
export function stageOf(version: FrameworkVersion, value: number | null): number | null {
  if (value === null) return null;
  // The stage of the score as shown (one decimal place), so "2.0" is never Fragmented.
  return stageAt(version.stages, shownScore(value));
}

const mean = (values: number[]) =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

/** Mean of the 1–5 answers after reversal; null if there are none. */
export function itemMean(counts: AnswerCounts, reverse: boolean): number | null {
  const total = numericCount(counts);
  if (total === 0) return null;
  let sum = 0;
  for (let v = 1; v <= 5; v++) {
    const count = counts[String(v) as '1' | '2' | '3' | '4' | '5'];
    sum += (reverse ? 6 - v : v) * count;
  }
  return sum / total;
}

const withheldItem = (item: Dimension['items'][number]): ItemScore => ({
  key: item.key,
  reverse: item.reverse,
  respondents: null,
  mean: null,
  counts: null,
  suppressed: true,
});

function suppressedDimension(d: Dimension, areaKey: string): DimensionScore {
  return {
    key: d.key,
    name: d.name,
    areaKey,
    n: null,
    score: null,
    stage: null,
    counts: null,
    dontKnowRate: null,
    suppressed: true,
    itemsShown: null,
    itemsAsked: null,
    items: d.items.map(withheldItem),
  };
}

function dimensionScore(
  version: FrameworkVersion,
  d: Dimension,
  areaKey: string,
  tally: Tally,
  plan: GroupPlan,
): DimensionScore {
  if (!plan.dimensions.has(d.key)) return suppressedDimension(d, areaKey);
  const counts = emptyCounts();
  const means: number[] = [];
  let asked = 0;
  const items: ItemScore[] = d.items.map((item) => {
    const itemCounts = tally.items.get(item.key) ?? emptyCounts();
    if (answeredCount(itemCounts) > 0) asked++;
    if (!plan.items.has(item.key)) return withheldItem(item);
    addCounts(counts, itemCounts);
    const m = itemMean(itemCounts, item.reverse);
    if (m !== null) means.push(m);
    return {
      key: item.key,
      reverse: item.reverse,
      respondents: answeredCount(itemCounts),
      mean: m,
      counts: { ...itemCounts },
      suppressed: false,
    };
  });
  const score = mean(means);
  const total = answeredCount(counts);
  return {
    key: d.key,
    name: d.name,
    areaKey,
    n: tally.dimensionN.get(d.key) ?? 0,
    score,
    stage: stageOf(version, score),
    counts,
    dontKnowRate: total === 0 ? null : counts.DK / total,
    suppressed: false,
    itemsShown: means.length,
    itemsAsked: asked,
    items,
  };
}

function areaScore(
  version: FrameworkVersion,
  area: Area,
  tally: Tally,
  plan: GroupPlan,
): AreaScore {
  const dimensions = area.dimensions.map((d) => dimensionScore(version, d, area.key, tally, plan));
  const shown = dimensions.filter((d) => !d.suppressed);
  const heading = { key: area.key, name: area.name, colour: area.colour };
  if (!plan.areas.has(area.key) || shown.length === 0)
    return {
      ...heading,
      n: null,
      score: null,
      stage: null,
      counts: null,
      suppressed: true,
      dimensions,
    };
  const counts = emptyCounts();
  for (const d of shown) if (d.counts !== null) addCounts(counts, d.counts);
  const score = mean(shown.flatMap((d) => (d.score === null ? [] : [d.score])));
  return {
    ...heading,
    n: tally.areaN.get(area.key) ?? 0,
    score,
    stage: stageOf(version, score),
    counts,
    suppressed: false,
    dimensions,
  };
}

/**
 * Every figure of one group of respondents, as far as its plan lets it show them; without
 * a plan, the group is taken on its own (the primary rules only).
 */
export function groupScores(
  version: FrameworkVersion,
  tally: Tally,
  given?: GroupPlan,
): GroupScores {
  const plan =
    given ?? disclosurePlan(version, [tally], [{ atoms: [0], whole: true }])[0] ?? NOTHING_SHOWN;
  return {
    n: plan.shown ? tally.n : null,
    suppressed: !plan.shown,
    areas: version.areas.map((area) => areaScore(version, area, tally, plan)),
  };
}

/** The group's figures of one dimension, wherever its area is. */
export function dimensionIn(group: GroupScores, key: string): DimensionScore | undefined {
  for (const area of group.areas) {
    const found = area.dimensions.find((d) => d.key === key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every dimension of the version, in framework order. */
export function dimensionsOf(version: FrameworkVersion): { area: Area; dimension: Dimension }[] {
  return version.areas.flatMap((area) => area.dimensions.map((dimension) => ({ area, dimension })));
}
