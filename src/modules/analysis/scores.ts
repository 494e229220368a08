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
// Suppression: a figure is shown only when at least MIN_GROUP respondents stand behind it,
// and it is worked out only from figures that are themselves shown, so that no withheld
// figure can be recovered by subtraction from the others on the same page.
// 1. A group with n < MIN_GROUP shows nothing but its name: every figure, n included, is
//    null and marked suppressed.
// 2. An item answered (in any way, Don't know and N/A included) by fewer than MIN_GROUP of
//    the group's respondents is suppressed.
// 3. A dimension is suppressed, with all its items, when its n < MIN_GROUP or none of its
//    items is shown. A shown dimension's score, counts and Don't know rate come from its
//    shown items only: a dimension score taken over a suppressed item as well would give
//    that item's mean away (score × items − the shown means).
// 4. An area is suppressed when its n < MIN_GROUP or none of its dimensions is shown. A
//    shown area's score is the mean of its shown dimension scores, and its counts the sum
//    of theirs, for the same reason.
// 5. A group that could be subtracted from a shown whole to give away a smaller group is
//    withheld too (protectingGroups).
// So where nothing is suppressed the figures are exactly the definitions above; where
// something is, the figures around it leave it out rather than reveal it.

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

/** Answers of one sector × audience (sector null where the questionnaire did not ask). */
export interface CellTally extends Tally {
  sector: string | null;
  audience: string;
}

export interface LocalityTally extends Tally {
  locality: string;
}

/** What queries.ts reads for a round: tallies that add up to every group. */
export interface RoundTallies {
  /** Sector × audience cells; every respondent with an answer is in exactly one. */
  cells: CellTally[];
  /** Respondents who named a locality, by locality. */
  localities: LocalityTally[];
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
export function stageOf(version: FrameworkVersion, score: number | null): number | null {
  if (score === null) return null;
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

const answered = (c: AnswerCounts) => c['1'] + c['2'] + c['3'] + c['4'] + c['5'] + c.DK + c.NA;
const numeric = (c: AnswerCounts) => c['1'] + c['2'] + c['3'] + c['4'] + c['5'];

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
    items: d.items.map((item) => ({
      key: item.key,
      reverse: item.reverse,
      respondents: null,
      mean: null,
      counts: null,
      suppressed: true,
    })),
  };
}

function dimensionScore(
  version: FrameworkVersion,
  d: Dimension,
  areaKey: string,
  tally: Tally,
  groupShown: boolean,
): DimensionScore {
  const n = tally.dimensionN.get(d.key) ?? 0;
  const shownItems = d.items.filter((item) => {
    const counts = tally.items.get(item.key);
    return counts !== undefined && answered(counts) >= MIN_GROUP;
  });
  if (!groupShown || n < MIN_GROUP || shownItems.length === 0)
    return suppressedDimension(d, areaKey);
  const counts = emptyCounts();
  const means: number[] = [];
  const items: ItemScore[] = d.items.map((item) => {
    const itemCounts = tally.items.get(item.key) ?? emptyCounts();
    const respondents = answered(itemCounts);
    if (respondents < MIN_GROUP)
      return {
        key: item.key,
        reverse: item.reverse,
        respondents: null,
        mean: null,
        counts: null,
        suppressed: true,
      };
    addCounts(counts, itemCounts);
    const m = itemMean(itemCounts, item.reverse);
    if (m !== null) means.push(m);
    return {
      key: item.key,
      reverse: item.reverse,
      respondents,
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
    n,
    score,
    stage: stageOf(version, score),
    counts,
    dontKnowRate: total === 0 ? null : counts.DK / total,
    suppressed: false,
    items,
  };
}

function areaScore(
  version: FrameworkVersion,
  area: Area,
  tally: Tally,
  groupShown: boolean,
): AreaScore {
  const dimensions = area.dimensions.map((d) =>
    dimensionScore(version, d, area.key, tally, groupShown),
  );
  const n = tally.areaN.get(area.key) ?? 0;
  const shown = dimensions.filter((d) => !d.suppressed);
  if (!groupShown || n < MIN_GROUP || shown.length === 0)
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
    n,
    score,
    stage: stageOf(version, score),
    counts,
    suppressed: false,
    dimensions,
  };
}

/**
 * Every figure of one group of respondents, suppressed where it must be; `withheld` hides
 * the whole group whatever its size (see protectingGroups).
 */
export function groupScores(
  version: FrameworkVersion,
  tally: Tally,
  withheld = false,
): GroupScores {
  const shown = tally.n >= MIN_GROUP && !withheld;
  return {
    n: shown ? tally.n : null,
    suppressed: !shown,
    areas: version.areas.map((area) => areaScore(version, area, tally, shown)),
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

/**
 * Groups withheld although they have MIN_GROUP respondents or more, so that a smaller
 * group cannot be worked out by subtraction (complementary suppression). Groups come in
 * partitions of a shown whole: the sectors of everyone (with those who named no sector),
 * the audiences of everyone, the localities of everyone (with those who named none), the
 * audiences within a sector, the sectors within an audience, and the two audiences within
 * children and families. Where the respondents of a whole that no shown part accounts for
 * number 1 to MIN_GROUP − 1, the whole minus its shown parts would give them away, so the
 * smallest shown part is withheld too, until they number MIN_GROUP or more. A withheld
 * sector or audience takes its sector × audience groups with it (they would add up to it
 * again). Repeated until nothing changes. Keys are `${kind}:${key}`; n is the group's n.
 */
export function protectingGroups(
  groups: (Pick<GroupOf, 'kind' | 'key' | 'sector' | 'audience'> & { n: number })[],
  overallN: number,
): Set<string> {
  const id = (g: { kind: string; key: string }) => `${g.kind}:${g.key}`;
  const nOf = new Map(groups.map((g) => [id(g), g.n]));
  const withheld = new Set(groups.filter((g) => g.n < MIN_GROUP).map(id));
  const cells = groups.filter((g) => g.kind === 'sector-audience');
  const ofKind = (kind: GroupOf['kind']) => groups.filter((g) => g.kind === kind).map(id);
  const partitions: { whole: string | null; parts: string[] }[] = [
    { whole: null, parts: ofKind('sector') },
    { whole: null, parts: ofKind('audience') },
    { whole: null, parts: ofKind('locality') },
    ...groups
      .filter((g) => g.kind === 'sector')
      .map((g) => ({ whole: id(g), parts: cells.filter((c) => c.sector === g.key).map(id) })),
    ...groups
      .filter((g) => g.kind === 'audience')
      .map((g) => ({ whole: id(g), parts: cells.filter((c) => c.audience === g.key).map(id) })),
    {
      whole: `audience-group:${CHILDREN_FAMILIES}`,
      parts: CHILDREN_FAMILIES_AUDIENCES.map((a) => `audience:${a}`),
    },
  ];
  const within = new Map<string, string[]>();
  for (const g of groups)
    if (g.kind === 'sector' || g.kind === 'audience')
      within.set(
        id(g),
        cells
          .filter((c) => (g.kind === 'sector' ? c.sector === g.key : c.audience === g.key))
          .map(id),
      );
  for (let changed = true; changed;) {
    changed = false;
    for (const key of [...withheld])
      for (const cell of within.get(key) ?? [])
        if (!withheld.has(cell)) {
          withheld.add(cell);
          changed = true;
        }
    for (const { whole, parts } of partitions) {
      if (whole !== null && withheld.has(whole)) continue;
      const wholeN = whole === null ? overallN : (nOf.get(whole) ?? 0);
      if (wholeN < MIN_GROUP) continue;
      const shown = parts.filter((p) => !withheld.has(p) && nOf.has(p));
      const hidden = wholeN - shown.reduce((sum, p) => sum + (nOf.get(p) ?? 0), 0);
      if (hidden <= 0 || hidden >= MIN_GROUP || shown.length === 0) continue;
      const smallest = shown.reduce((a, b) => ((nOf.get(b) ?? 0) < (nOf.get(a) ?? 0) ? b : a));
      withheld.add(smallest);
      changed = true;
    }
  }
  return withheld;
}

/**
 * The groups of SPEC §6: each sector, each audience, children and families (children and
 * young people with parents and carers), each sector × audience that has answers, and
 * each locality. The trust's sectors and localities are all listed, answered or not.
 */
export function buildGroups(
  version: FrameworkVersion,
  tallies: RoundTallies,
  labels: GroupLabels,
): GroupOf[] {
  const sectorName = new Map(labels.sectors.map((s) => [s.key, s.name]));
  const nameOfSector = (key: string) =>
    sectorName.get(key) ?? (labels.sectorName === undefined ? key : labels.sectorName(key));
  const audienceName = new Map<string, string>(version.audiences.map((a) => [a.key, a.name]));
  const audiences = version.audiences.map((a) => a.key);
  const found: { group: Omit<GroupOf, keyof GroupScores>; tally: Tally }[] = [];
  const add = (group: Omit<GroupOf, keyof GroupScores>, tally: Tally) =>
    found.push({ group, tally });

  const sectorKeys = orderedKeys(
    labels.sectors.map((s) => s.key),
    tallies.cells.flatMap((c) => (c.sector === null ? [] : [c.sector])),
  );
  for (const key of sectorKeys)
    add(
      { kind: 'sector', key, label: nameOfSector(key), sector: key },
      sumOf(tallies.cells.filter((c) => c.sector === key)),
    );
  for (const key of audiences)
    add(
      { kind: 'audience', key, label: audienceName.get(key) ?? key, audience: key },
      sumOf(tallies.cells.filter((c) => c.audience === key)),
    );
  add(
    {
      kind: 'audience-group',
      key: CHILDREN_FAMILIES,
      label: CHILDREN_FAMILIES_LABEL,
      audience: CHILDREN_FAMILIES,
    },
    sumOf(tallies.cells.filter((c) => CHILDREN_FAMILIES_AUDIENCES.includes(c.audience))),
  );
  const audienceOrder = orderedKeys(
    audiences,
    tallies.cells.map((c) => c.audience),
  );
  for (const sector of sectorKeys)
    for (const audience of audienceOrder) {
      const cells = tallies.cells.filter((c) => c.sector === sector && c.audience === audience);
      if (cells.length === 0) continue;
      const known = audiences.find((a) => a === audience);
      add(
        {
          kind: 'sector-audience',
          key: `${sector}/${audience}`,
          label: `${nameOfSector(sector)}: ${audienceName.get(audience) ?? audience}`,
          sector,
          ...(known === undefined ? {} : { audience: known }),
        },
        sumOf(cells),
      );
    }
  for (const locality of orderedKeys(
    labels.localities,
    tallies.localities.map((l) => l.locality),
  ))
    add(
      { kind: 'locality', key: locality, label: locality, locality },
      sumOf(tallies.localities.filter((l) => l.locality === locality)),
    );
  const withheld = protectingGroups(
    found.map((f) => ({ ...f.group, n: f.tally.n })),
    sumOf(tallies.cells).n,
  );
  const groups: GroupOf[] = found.map(({ group, tally }) => ({
    ...group,
    ...groupScores(version, tally, withheld.has(`${group.kind}:${group.key}`)),
  }));
  return groups;
}

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
}): RoundScores {
  const { version } = input;
  const overall = groupScores(version, sumOf(input.tallies.cells));
  const groups = buildGroups(version, input.tallies, input.labels);
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
