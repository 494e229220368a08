import { colourName } from '../../kernel/framework.ts';
import type { FrameworkVersion } from '../framework/index.ts';
import { dimensionsOf, shownScore } from './scoring/index.ts';
import type { DimensionScore, Divergence, GroupScores, RoundScores } from './types.ts';

// What a round's scores say, in plain words: strengths and gaps, where to focus, and how
// the round compares with an earlier one. Pure functions of the scores; suppressed figures
// are never used.

export interface DimensionRef {
  dimensionKey: string;
  name: string;
  areaKey: string;
  areaName: string;
  /** e.g. "Blue". */
  colourName: string;
  score: number;
  stage: number | null;
  stageName: string | null;
  n: number | null;
}

export interface FocusArea extends Omit<DimensionRef, 'score'> {
  /** The overall score; null when it is suppressed (a divergent dimension may still be). */
  score: number | null;
  /** Why it is suggested: among the weakest, or groups disagree about it (or both). */
  kinds: ('weakest' | 'divergent')[];
  /** One line in plain English, e.g. "Scored 2.1 (Emerging), the lowest in the Blue area". */
  reason: string;
}

export interface Change {
  key: string;
  name: string;
  now: number | null;
  before: number | null;
  /** now − before as shown (each rounded to one decimal place first); null unless both are known. */
  change: number | null;
}

export interface AreaChange extends Change {
  dimensions: Change[];
}

export interface Comparison {
  areas: AreaChange[];
}

const stageNameOf = (version: FrameworkVersion, stage: number | null) =>
  stage === null ? null : (version.stages.find((s) => s.number === stage)?.name ?? null);

/** A score as pages write it (one decimal place, halves away from zero). */
const one = (n: number) => shownScore(n).toFixed(1);

/**
 * The difference between two scores as they are shown: each rounded to one decimal place
 * first, then subtracted, so that "3.6 → 3.5" is a change of −0.1 and never of 0.0.
 */
export function shownChange(now: number | null, before: number | null): number | null {
  if (now === null || before === null) return null;
  return (Math.round(shownScore(now) * 10) - Math.round(shownScore(before) * 10)) / 10;
}

function allDimensions(group: GroupScores): DimensionScore[] {
  return group.areas.flatMap((a) => a.dimensions);
}

/** Every shown dimension score of the whole round, in framework order. */
function shownDimensions(scores: RoundScores, version: FrameworkVersion): DimensionRef[] {
  const byKey = new Map(allDimensions(scores.overall).map((d) => [d.key, d]));
  return dimensionsOf(version).flatMap(({ area, dimension }) => {
    const d = byKey.get(dimension.key);
    if (d === undefined || d.suppressed || d.score === null) return [];
    return [
      {
        dimensionKey: d.key,
        name: dimension.name,
        areaKey: area.key,
        areaName: area.name,
        colourName: colourName(area.colour),
        score: d.score,
        stage: d.stage,
        stageName: stageNameOf(version, d.stage),
        n: d.n,
      },
    ];
  });
}

/**
 * The highest and lowest scoring dimensions overall (shown scores only). With fewer than
 * twice `count` scores, each side gets half of them, so no dimension is on both lists.
 * Ties keep framework order.
 */
export function strengthsAndGaps(
  scores: RoundScores,
  version: FrameworkVersion,
  count = 3,
): { strengths: DimensionRef[]; gaps: DimensionRef[] } {
  const shown = shownDimensions(scores, version);
  const take = Math.min(count, Math.floor(shown.length / 2));
  const strengths = [...shown].sort((a, b) => b.score - a.score).slice(0, take);
  const gaps = [...shown].sort((a, b) => a.score - b.score).slice(0, take);
  return { strengths, gaps };
}

/** "leaders and managers" from "Leaders and managers"; names with capitals inside stay. */
function lowerFirst(label: string): string {
  const second = label.charAt(1);
  return second !== '' && second === second.toLowerCase()
    ? label.charAt(0).toLowerCase() + label.slice(1)
    : label;
}

function divergenceReason(d: Divergence): string {
  if (d.high === null || d.low === null || d.difference === null) return '';
  const difference = (shownChange(d.high.score, d.low.score) ?? 0).toFixed(1);
  if (d.between === 'audiences')
    return `${d.high.label} scored it ${difference} higher than ${lowerFirst(d.low.label)}`;
  return `Sectors differ by ${difference}: ${d.high.label} scored it ${one(d.high.score)}, ${d.low.label} ${one(d.low.score)}`;
}

/** The `count` weakest shown dimensions, each with where it stands as its reason. */
function weakestDimensions(shown: DimensionRef[], count: number): FocusArea[] {
  const lowestOverall = Math.min(...shown.map((d) => d.score));
  const lowestInArea = new Map<string, number>();
  for (const d of shown)
    lowestInArea.set(d.areaKey, Math.min(d.score, lowestInArea.get(d.areaKey) ?? Infinity));
  return [...shown]
    .sort((a, b) => a.score - b.score)
    .slice(0, count)
    .map((d) => {
      const stage = d.stageName === null ? '' : ` (${d.stageName})`;
      const where =
        d.score === lowestOverall
          ? 'the lowest of all dimensions'
          : d.score === lowestInArea.get(d.areaKey)
            ? `the lowest in the ${d.colourName} area`
            : 'one of the lowest overall';
      return { ...d, kinds: ['weakest'], reason: `Scored ${one(d.score)}${stage}, ${where}` };
    });
}

/** A divergent dimension as a focus area, with its overall score where that is shown. */
function divergentDimension(
  scores: RoundScores,
  version: FrameworkVersion,
  d: Divergence,
): FocusArea | undefined {
  const at = dimensionsOf(version).find(({ dimension }) => dimension.key === d.dimensionKey);
  if (at === undefined) return undefined;
  const score = allDimensions(scores.overall).find((x) => x.key === d.dimensionKey);
  const shownScore = score === undefined || score.suppressed ? null : score.score;
  const stage = shownScore === null ? null : (score?.stage ?? null);
  return {
    dimensionKey: d.dimensionKey,
    name: at.dimension.name,
    areaKey: at.area.key,
    areaName: at.area.name,
    colourName: colourName(at.area.colour),
    score: shownScore,
    stage,
    stageName: stageNameOf(version, stage),
    n: score?.n ?? null,
    kinds: ['divergent'],
    reason: divergenceReason(d),
  };
}

/**
 * Dimensions to focus on: the weakest overall and those on which groups disagree most
 * (flagged divergence), each with a one-line reason, weakest first; a dimension that is
 * both appears once with both reasons (and leaves room for another divergent one). At most
 * `max` (6).
 */
export function focusAreas(
  scores: RoundScores,
  version: FrameworkVersion,
  options: { weakest?: number; divergent?: number; max?: number } = {},
): FocusArea[] {
  const divergentCount = options.divergent ?? 3;
  const weakest = weakestDimensions(shownDimensions(scores, version), options.weakest ?? 3);
  const found = new Map(weakest.map((f) => [f.dimensionKey, f]));
  const divergent = scores.divergence
    .filter((d) => d.flagged && d.difference !== null)
    .sort((a, b) => (b.difference ?? 0) - (a.difference ?? 0));
  let added = 0;
  for (const d of divergent) {
    if (added >= divergentCount) break;
    const have = found.get(d.dimensionKey);
    if (have !== undefined) {
      if (!have.kinds.includes('divergent')) {
        have.kinds.push('divergent');
        have.reason = `${have.reason}. ${divergenceReason(d)}`;
      }
      continue;
    }
    const focus = divergentDimension(scores, version, d);
    if (focus === undefined) continue;
    found.set(d.dimensionKey, focus);
    added++;
  }
  return [...found.values()].slice(0, options.max ?? 6);
}

/**
 * This round against an earlier one, per area and dimension (overall scores). A dimension
 * is matched through this version's mapping when it maps from the earlier version, or by
 * its key when both rounds use the same version; otherwise `before` is null. Areas are
 * matched by key, or else by colour. Suppressed scores stay null.
 */
export function compareScores(
  current: RoundScores,
  currentVersion: FrameworkVersion,
  earlier: RoundScores,
  earlierVersion: FrameworkVersion,
): Comparison {
  const sameVersion = currentVersion.key === earlierVersion.key;
  const mapping =
    currentVersion.mapping?.fromVersion === earlierVersion.key
      ? currentVersion.mapping.dimensions
      : undefined;
  const earlierKey = (key: string): string | undefined =>
    mapping !== undefined ? mapping[key] : sameVersion ? key : undefined;
  const before = new Map(allDimensions(earlier.overall).map((d) => [d.key, d]));
  const shown = (s: { score: number | null; suppressed: boolean } | undefined) =>
    s === undefined || s.suppressed ? null : s.score;
  const change = shownChange;

  return {
    areas: currentVersion.areas.map((area) => {
      const now = current.overall.areas.find((a) => a.key === area.key);
      const earlierArea =
        earlier.overall.areas.find((a) => a.key === area.key) ??
        earlier.overall.areas.find((a) => a.colour === area.colour);
      const areaNow = shown(now);
      const areaBefore = shown(earlierArea);
      return {
        key: area.key,
        name: area.name,
        now: areaNow,
        before: areaBefore,
        change: change(areaNow, areaBefore),
        dimensions: area.dimensions.map((dimension) => {
          const dimNow = shown(now?.dimensions.find((d) => d.key === dimension.key));
          const key = earlierKey(dimension.key);
          const dimBefore = key === undefined ? null : shown(before.get(key));
          return {
            key: dimension.key,
            name: dimension.name,
            now: dimNow,
            before: dimBefore,
            change: change(dimNow, dimBefore),
          };
        }),
      };
    }),
  };
}
