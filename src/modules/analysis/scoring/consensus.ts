import type { FrameworkVersion } from '../../framework/index.ts';
import type { AgreedPosition, Divergence, GroupOf, GroupScores, RoundScores } from '../types.ts';
import { dimensionIn, dimensionsOf, stageOf } from './score.ts';

// Where the partnership agrees and where it does not (SPEC §6): the agreed position of each
// dimension, and how far the sectors' and the audiences' shown scores lie apart.

/** A dimension whose group scores differ by at least this much is flagged as divergent. */
export const DIVERGENCE_FLAG = 1.0;

/** Differences this close under the flag count as on it (floating-point means). */
const EPSILON = 1e-9;

/** The latest analysis workshop rating of a dimension (workshops/repository.ts). */
export interface WorkshopPosition {
  score: number | null;
  stage: number | null;
  workshopId: string;
  heldOn: string;
}

/** The largest difference between two shown scores of the dimension among the groups. */
function divergence(key: string, between: Divergence['between'], set: GroupOf[]): Divergence {
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
    between,
    difference,
    high: difference === null ? null : high,
    low: difference === null ? null : low,
    flagged: difference !== null && difference >= DIVERGENCE_FLAG - EPSILON,
  };
}

/**
 * Per dimension, between sectors and between the four audiences: the largest difference
 * between two shown group scores, flagged at DIVERGENCE_FLAG or more.
 */
export function divergences(version: FrameworkVersion, groups: GroupOf[]): Divergence[] {
  const sectors = groups.filter((g) => g.kind === 'sector');
  const audiences = groups.filter((g) => g.kind === 'audience');
  return dimensionsOf(version).flatMap(({ dimension }) => [
    divergence(dimension.key, 'sectors', sectors),
    divergence(dimension.key, 'audiences', audiences),
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

/** The same scores with the agreed positions worked out afresh from workshop ratings. */
export function withAgreed(
  scores: RoundScores,
  version: FrameworkVersion,
  workshop: ReadonlyMap<string, WorkshopPosition>,
): RoundScores {
  return { ...scores, agreed: agreedPositions(version, scores.overall, workshop) };
}
