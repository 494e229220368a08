import type { FrameworkVersion } from '../../framework/index.ts';
import type { AnswerCounts } from '../types.ts';
import {
  audit,
  MIN_GROUP,
  newMemo,
  type AtomGroup,
  type AuditOptions,
  type EliminationMemo,
} from './disclosure.ts';
import { answeredCount, numericCount } from './tally.ts';

// Which figures each group shows (SPEC §6), decided once for the whole round from the
// atoms' tallies, level by level: a group's n, then each area's n within the shown groups,
// each dimension's n within the groups showing its area, then each item's answers within
// the groups showing its dimension. At each level the primary rule (at least MIN_GROUP
// respondents behind the figure; for an item, at least MIN_GROUP numeric answers) picks the
// candidates, and the audit withholds more until no small set can be derived across all
// the groups shown together. Last, a dimension none of whose items is shown, and an area
// none of whose dimensions is, are withheld too.

/** What queries.ts counts per atom (a Tally of tally.ts, read only). */
export interface AtomCounts {
  items: ReadonlyMap<string, AnswerCounts>;
  dimensionN: ReadonlyMap<string, number>;
  areaN: ReadonlyMap<string, number>;
  n: number;
}

/** The figures one group may show. */
export interface GroupPlan {
  shown: boolean;
  areas: Set<string>;
  dimensions: Set<string>;
  items: Set<string>;
}

/** The plan of a group that shows nothing. */
export const NOTHING_SHOWN: GroupPlan = {
  shown: false,
  areas: new Set(),
  dimensions: new Set(),
  items: new Set(),
};

type Area = FrameworkVersion['areas'][number];
type Dimension = Area['dimensions'][number];

/** The groups that may show one measure, from the candidates; shared by every level. */
type Decide = (
  candidates: readonly number[],
  primary: readonly number[],
  weights: readonly (readonly number[])[],
) => number[];

function decider(
  atoms: readonly AtomCounts[],
  groups: readonly AtomGroup[],
  options: AuditOptions,
  memo: EliminationMemo,
): Decide {
  const total = (g: number, weight: readonly number[]) => {
    let sum = 0;
    for (const a of groups[g]?.atoms ?? []) sum += weight[a] ?? 0;
    return sum;
  };
  return (candidates, primary, weights) =>
    audit(
      groups,
      candidates.filter((g) => total(g, primary) >= MIN_GROUP),
      { weights },
      atoms.length,
      options,
      memo,
    );
}

/** The groups among `shownArea` that show the dimension, with the items each shows. */
function planDimension(
  dimension: Dimension,
  atoms: readonly AtomCounts[],
  shownArea: readonly number[],
  decide: Decide,
  plans: GroupPlan[],
): Set<number> {
  const wD = atoms.map((t) => t.dimensionN.get(dimension.key) ?? 0);
  const shownDimension = decide(shownArea, wD, [wD]);
  const withItem = new Set<number>();
  for (const item of dimension.items) {
    const counts = atoms.map((t) => t.items.get(item.key));
    const wAny = counts.map((c) => (c === undefined ? 0 : answeredCount(c)));
    const wNum = counts.map((c) => (c === undefined ? 0 : numericCount(c)));
    for (const g of decide(shownDimension, wNum, [wAny, wNum])) {
      plans[g]?.items.add(item.key);
      withItem.add(g);
    }
  }
  const withDimension = new Set<number>();
  for (const g of shownDimension)
    if (withItem.has(g)) {
      plans[g]?.dimensions.add(dimension.key);
      withDimension.add(g);
    }
  return withDimension;
}

function planArea(
  area: Area,
  atoms: readonly AtomCounts[],
  shownGroups: readonly number[],
  decide: Decide,
  plans: GroupPlan[],
): void {
  const wA = atoms.map((t) => t.areaN.get(area.key) ?? 0);
  const shownArea = decide(shownGroups, wA, [wA]);
  const withDimension = new Set<number>();
  for (const dimension of area.dimensions)
    for (const g of planDimension(dimension, atoms, shownArea, decide, plans)) withDimension.add(g);
  for (const g of shownArea) if (withDimension.has(g)) plans[g]?.areas.add(area.key);
}

export function disclosurePlan(
  version: FrameworkVersion,
  atoms: readonly AtomCounts[],
  groups: readonly AtomGroup[],
  options: AuditOptions = {},
): GroupPlan[] {
  const plans: GroupPlan[] = groups.map(() => ({
    shown: false,
    areas: new Set(),
    dimensions: new Set(),
    items: new Set(),
  }));
  const decide = decider(atoms, groups, options, newMemo());
  const wN = atoms.map((t) => t.n);
  const shownGroups = decide(
    groups.map((_, i) => i),
    wN,
    [wN],
  );
  for (const g of shownGroups) if (plans[g] !== undefined) plans[g].shown = true;
  for (const area of version.areas) planArea(area, atoms, shownGroups, decide, plans);
  return plans;
}
