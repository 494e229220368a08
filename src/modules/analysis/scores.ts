import type { FrameworkVersion } from '../framework/schema.ts';
import {
  DIVERGENCE_FLAG,
  MIN_GROUP,
  type AgreedPosition,
  type AnswerCounts,
  type AreaScore,
  type DimensionScore,
  type Divergence,
  type GroupOf,
  type GroupScores,
  type ItemScore,
  type RoundScores,
} from './types.ts';
import type { AtomGroup, AuditOptions } from './scoring/disclosure.ts';
import { answeredCount, disclosurePlan, numericCount, type GroupPlan } from './scoring/plan.ts';
import { shownScore } from './scoring/round.ts';

// A round's scores put together from counts (SPEC §6). Pure: the database work is in
// queries.ts, the caching in service.ts.
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
// Suppression (SPEC §6) is decided in one place, scoring/plan.ts with scoring/disclosure.ts:
// a group, area, dimension or item is shown only when at least MIN_GROUP respondents stand
// behind it (for an item, MIN_GROUP numeric answers), and only where no set of fewer than
// MIN_GROUP respondents can be worked out by adding and subtracting figures shown together.
// A shown dimension's score, counts and Don't know rate come from its shown items only, and
// an area's from its shown dimensions, so that a withheld item cannot be worked back from
// the figures around it. Where nothing is withheld the figures are exactly the definitions
// above.

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

/** The latest analysis workshop rating of a dimension (workshops/repository.ts). */
export interface WorkshopPosition {
  score: number | null;
  stage: number | null;
  workshopId: string;
  heldOn: string;
}

export const CHILDREN_FAMILIES = 'children-families';
export const CHILDREN_FAMILIES_LABEL = 'Children and families';
const CHILDREN_FAMILIES_AUDIENCES: readonly string[] = ['children-young-people', 'parents-carers'];

/** Scores this close under a band's edge count as on it (floating-point means). */
const EPSILON = 1e-9;

const COUNT_KEYS = ['1', '2', '3', '4', '5', 'DK', 'NA'] as const;

export function emptyCounts(): AnswerCounts {
  return { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, DK: 0, NA: 0 };
}

export function addCounts(into: AnswerCounts, from: AnswerCounts): void {
  for (const key of COUNT_KEYS) into[key] += from[key];
}

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

function sumOf(tallies: Tally[]): Tally {
  const total = emptyTally();
  for (const t of tallies) addTally(total, t);
  return total;
}

/** The stage number of a score: the highest stage whose minimum score is at most it. */
export function stageOf(version: FrameworkVersion, value: number | null): number | null {
  if (value === null) return null;
  // The stage of the score as shown (one decimal place), so "2.0" is never Fragmented.
  const score = shownScore(value);
  let stage: number | null = null;
  let best = -Infinity;
  for (const s of version.stages)
    if (s.minScore <= score + EPSILON && s.minScore > best) {
      best = s.minScore;
      stage = s.number;
    }
  return stage;
}

const mean = (values: number[]) =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

const answered = answeredCount;
const numeric = numericCount;

/** Mean of the 1–5 answers after reversal; null if there are none. */
export function itemMean(counts: AnswerCounts, reverse: boolean): number | null {
  const total = numeric(counts);
  if (total === 0) return null;
  let sum = 0;
  for (let v = 1; v <= 5; v++) {
    const count = counts[String(v) as '1' | '2' | '3' | '4' | '5'];
    sum += (reverse ? 6 - v : v) * count;
  }
  return sum / total;
}

type Dimension = FrameworkVersion['areas'][number]['dimensions'][number];
type Area = FrameworkVersion['areas'][number];

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
    if (answered(itemCounts) > 0) asked++;
    if (!plan.items.has(item.key)) return withheldItem(item);
    addCounts(counts, itemCounts);
    const m = itemMean(itemCounts, item.reverse);
    if (m !== null) means.push(m);
    return {
      key: item.key,
      reverse: item.reverse,
      respondents: answered(itemCounts),
      mean: m,
      counts: { ...itemCounts },
      suppressed: false,
    };
  });
  const score = mean(means);
  const total = answered(counts);
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
  if (!plan.areas.has(area.key) || shown.length === 0)
    return {
      key: area.key,
      name: area.name,
      colour: area.colour,
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
    key: area.key,
    name: area.name,
    colour: area.colour,
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

export interface GroupLabels {
  /** The trust's sectors in the order to show them. */
  sectors: { key: string; name: string }[];
  /** The trust's localities in the order to show them. */
  localities: string[];
  /** Name of a sector that is no longer one of the trust's (answers may still name it). */
  sectorName?: (key: string) => string;
}

function orderedKeys(known: string[], seen: Iterable<string>): string[] {
  const have = new Set(known);
  const extra = [...new Set(seen)].filter((k) => !have.has(k)).sort();
  return [...known, ...extra];
}

/** A group of SPEC §6 before its figures: what it is, and which atoms it is made of. */
interface GroupDefinition {
  group: Omit<GroupOf, keyof GroupScores>;
  atoms: number[];
}

/**
 * The groups of SPEC §6: each sector, each audience, children and families (children and
 * young people with parents and carers), each sector × audience that has answers, and
 * each locality. The trust's sectors and localities are all listed, answered or not.
 */
function groupDefinitions(
  version: FrameworkVersion,
  atoms: readonly CellTally[],
  labels: GroupLabels,
): GroupDefinition[] {
  const sectorName = new Map(labels.sectors.map((s) => [s.key, s.name]));
  const nameOfSector = (key: string) =>
    sectorName.get(key) ?? (labels.sectorName === undefined ? key : labels.sectorName(key));
  const audienceName = new Map<string, string>(version.audiences.map((a) => [a.key, a.name]));
  const audiences = version.audiences.map((a) => a.key);
  const found: GroupDefinition[] = [];
  const indices = (keep: (atom: CellTally) => boolean) =>
    atoms.flatMap((atom, index) => (keep(atom) ? [index] : []));
  // Sectors, audiences and localities that only answerless responses name add no group.
  const answered = atoms.filter((atom) => atom.items.size > 0);

  const sectorKeys = orderedKeys(
    labels.sectors.map((s) => s.key),
    answered.flatMap((c) => (c.sector === null ? [] : [c.sector])),
  );
  for (const key of sectorKeys)
    found.push({
      group: { kind: 'sector', key, label: nameOfSector(key), sector: key },
      atoms: indices((c) => c.sector === key),
    });
  for (const key of audiences)
    found.push({
      group: { kind: 'audience', key, label: audienceName.get(key) ?? key, audience: key },
      atoms: indices((c) => c.audience === key),
    });
  found.push({
    group: {
      kind: 'audience-group',
      key: CHILDREN_FAMILIES,
      label: CHILDREN_FAMILIES_LABEL,
      audience: CHILDREN_FAMILIES,
    },
    atoms: indices((c) => CHILDREN_FAMILIES_AUDIENCES.includes(c.audience)),
  });
  const audienceOrder = orderedKeys(
    audiences,
    answered.map((c) => c.audience),
  );
  for (const sector of sectorKeys)
    for (const audience of audienceOrder) {
      const members = indices((c) => c.sector === sector && c.audience === audience);
      if (!members.some((a) => (atoms[a]?.items.size ?? 0) > 0)) continue;
      const known = audiences.find((a) => a === audience);
      found.push({
        group: {
          kind: 'sector-audience',
          key: `${sector}/${audience}`,
          label: `${nameOfSector(sector)}: ${audienceName.get(audience) ?? audience}`,
          sector,
          ...(known === undefined ? {} : { audience: known }),
        },
        atoms: members,
      });
    }
  for (const locality of orderedKeys(
    labels.localities,
    answered.flatMap((c) => (c.locality === undefined || c.locality === null ? [] : [c.locality])),
  ))
    found.push({
      group: { kind: 'locality', key: locality, label: locality, locality },
      atoms: indices((c) => c.locality === locality),
    });
  return found;
}

/**
 * The whole and every group of SPEC §6, each with the figures it may show: the plan of
 * scoring/plan.ts decides them for all of them together, so that no figure can be worked
 * out by adding and subtracting others shown (SPEC §6, "No differencing").
 */
export function buildGroups(
  version: FrameworkVersion,
  tallies: RoundTallies,
  labels: GroupLabels,
  options: AuditOptions = {},
): { overall: GroupScores; groups: GroupOf[] } {
  const atoms = tallies.cells;
  const definitions = groupDefinitions(version, atoms, labels);
  const everyone: AtomGroup = { atoms: atoms.map((_, i) => i), whole: true };
  const plans = disclosurePlan(
    version,
    atoms,
    [everyone, ...definitions.map((d) => ({ atoms: d.atoms }))],
    options,
  );
  const planOf = (index: number) => plans[index] ?? NOTHING_SHOWN;
  const overall = groupScores(version, sumOf(atoms), planOf(0));
  const groups: GroupOf[] = definitions.map((d, i) => ({
    ...d.group,
    ...groupScores(version, sumOf(d.atoms.flatMap((a) => atoms[a] ?? [])), planOf(i + 1)),
  }));
  return { overall, groups };
}

/**
 * The whole and the groups of the round as sets of atoms, with their names: '' for the
 * whole, else `${kind}:${key}` (used to compare releases).
 */
export function atomGroups(
  version: FrameworkVersion,
  tallies: RoundTallies,
  labels: GroupLabels,
): { groups: AtomGroup[]; names: string[]; labels: string[] } {
  const definitions = groupDefinitions(version, tallies.cells, labels);
  return {
    labels: ['Everyone', ...definitions.map((d) => d.group.label)],
    groups: [
      { atoms: tallies.cells.map((_, i) => i), whole: true },
      ...definitions.map((d) => ({ atoms: d.atoms })),
    ],
    names: ['', ...definitions.map((d) => `${d.group.kind}:${d.group.key}`)],
  };
}

/** Names (as atomGroups gives them) of the whole and the groups that show their n. */
export function shownGroupNames(scores: { overall: GroupScores; groups: GroupOf[] }): Set<string> {
  const names = new Set<string>();
  if (!scores.overall.suppressed) names.add('');
  for (const g of scores.groups) if (!g.suppressed) names.add(`${g.kind}:${g.key}`);
  return names;
}

const NOTHING_SHOWN: GroupPlan = {
  shown: false,
  areas: new Set(),
  dimensions: new Set(),
  items: new Set(),
};

function dimensionIn(group: GroupScores, key: string): DimensionScore | undefined {
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

/**
 * Per dimension, between sectors and between the four audiences: the largest difference
 * between two shown group scores, flagged at DIVERGENCE_FLAG or more.
 */
export function divergences(version: FrameworkVersion, groups: GroupOf[]): Divergence[] {
  const sectors = groups.filter((g) => g.kind === 'sector');
  const audiences = groups.filter((g) => g.kind === 'audience');
  const between = (key: string, kind: Divergence['between'], set: GroupOf[]): Divergence => {
    let high: Divergence['high'] = null;
    let low: Divergence['low'] = null;
    let shown = 0;
    for (const group of set) {
      const score = dimensionIn(group, key)?.score ?? null;
      if (score === null) continue;
      shown++;
      if (high === null || score > high.score) high = { key: group.key, label: group.label, score };
      if (low === null || score < low.score) low = { key: group.key, label: group.label, score };
    }
    const difference = shown >= 2 && high !== null && low !== null ? high.score - low.score : null;
    return {
      dimensionKey: key,
      between: kind,
      difference,
      high: difference === null ? null : high,
      low: difference === null ? null : low,
      flagged: difference !== null && difference >= DIVERGENCE_FLAG - EPSILON,
    };
  };
  return dimensionsOf(version).flatMap(({ dimension }) => [
    between(dimension.key, 'sectors', sectors),
    between(dimension.key, 'audiences', audiences),
  ]);
}

/**
 * The agreed position per dimension: the analysis workshop's rating where there is one
 * (its score, which may be missing when only a stage was agreed, and its stage, or the
 * stage of its score), otherwise the questionnaire score; the questionnaire score always
 * alongside.
 */
export function agreedPositions(
  version: FrameworkVersion,
  overall: GroupScores,
  workshop: ReadonlyMap<string, WorkshopPosition>,
): AgreedPosition[] {
  return dimensionsOf(version).map(({ dimension }) => {
    const questionnaireScore = dimensionIn(overall, dimension.key)?.score ?? null;
    const rating = workshop.get(dimension.key);
    if (rating !== undefined)
      return {
        dimensionKey: dimension.key,
        score: rating.score,
        stage: rating.stage ?? stageOf(version, rating.score),
        source: 'workshop',
        questionnaireScore,
        workshopId: rating.workshopId,
        heldOn: rating.heldOn,
      };
    return {
      dimensionKey: dimension.key,
      score: questionnaireScore,
      stage: stageOf(version, questionnaireScore),
      source: questionnaireScore === null ? 'none' : 'questionnaire',
      questionnaireScore,
    };
  });
}

/** A round's scores from its tallies; agreed positions from the workshop ratings given. */
export function assembleScores(input: {
  roundId: string;
  version: FrameworkVersion;
  responses: number;
  tallies: RoundTallies;
  labels: GroupLabels;
  workshop?: ReadonlyMap<string, WorkshopPosition>;
  /** For tests only: how the disclosure audit runs. */
  audit?: AuditOptions;
}): RoundScores {
  const { version } = input;
  const { overall, groups } = buildGroups(version, input.tallies, input.labels, input.audit);
  return {
    roundId: input.roundId,
    frameworkVersion: version.key,
    minimumGroupSize: MIN_GROUP,
    responses: input.responses,
    overall,
    groups,
    agreed: agreedPositions(version, overall, input.workshop ?? new Map()),
    divergence: divergences(version, groups),
  };
}

/** The same scores with the agreed positions worked out afresh from workshop ratings. */
export function withAgreed(
  scores: RoundScores,
  version: FrameworkVersion,
  workshop: ReadonlyMap<string, WorkshopPosition>,
): RoundScores {
  return { ...scores, agreed: agreedPositions(version, scores.overall, workshop) };
}
