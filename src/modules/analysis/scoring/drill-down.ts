import type { FrameworkVersion } from '../../framework/index.ts';
import type { DrillDownScore } from '../types.ts';
import { groupScores } from './score.ts';
import type { Tally } from './tally.ts';

// A drill-down module's figures (SPEC §3): a deeper questionnaire under one area, its
// questions grouped into practices. Its answers are not part of any area's score; they are
// scored on their own by the very rules of a dimension (score.ts, plan.ts): the drill-down
// is taken as an area whose dimensions are its practices, so an item answered 1–5 by fewer
// than MIN_GROUP people is withheld and left out of its practice's score, a practice that
// fewer than MIN_GROUP people answered is withheld, and the drill-down's score is the mean
// of its shown practices. Only everyone's figures are made (no sectors, audiences or
// localities): each figure counts its own questions' answers and is shown for one group
// alone, so none can be worked out from another by subtraction.

export type DrillDown = FrameworkVersion['drillDowns'][number];

/** The version with the drill-down as its one area and the practices as its dimensions. */
function asVersion(version: FrameworkVersion, drill: DrillDown): FrameworkVersion {
  const area = version.areas.find((a) => a.key === drill.areaKey);
  return {
    ...version,
    areas: [
      {
        key: drill.key,
        colour: area?.colour ?? 'red',
        hex: area?.hex ?? '#000000',
        name: drill.name,
        description: drill.description,
        dimensions: drill.practices,
      },
    ],
    drillDowns: [],
  };
}

/**
 * The drill-down's figures from the tally of its answers: `items` by item key, `dimensionN`
 * by practice key, `areaN` by the drill-down's key, and `n` the respondents with any 1–5
 * answer on its questions.
 */
export function drillDownScore(
  version: FrameworkVersion,
  drill: DrillDown,
  tally: Tally,
): DrillDownScore {
  const scored = groupScores(asVersion(version, drill), tally);
  const whole = scored.areas[0];
  const shown = whole !== undefined && !whole.suppressed && !scored.suppressed;
  return {
    key: drill.key,
    name: drill.name,
    areaKey: drill.areaKey,
    n: shown ? whole.n : null,
    score: shown ? whole.score : null,
    stage: shown ? whole.stage : null,
    counts: shown ? whole.counts : null,
    suppressed: !shown,
    practices: (whole?.dimensions ?? []).map(({ areaKey: _area, ...practice }) => practice),
  };
}
