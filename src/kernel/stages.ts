// Stage bands (SPEC §6): a score is at the highest stage whose minimum score it reaches.

/** A stage's number and the lowest score in it, as a framework version gives them. */
export interface StageThreshold {
  number: number;
  minScore: number;
}

/** Scores this close under a stage's minimum count as on it (floating-point means). */
export const STAGE_EDGE_ALLOWANCE = 1e-9;

/** The number of the highest stage whose minimum score is at most `score`; null if none. */
export function stageAt(stages: readonly StageThreshold[], score: number): number | null {
  let stage: number | null = null;
  let best = -Infinity;
  for (const s of stages)
    if (s.minScore <= score + STAGE_EDGE_ALLOWANCE && s.minScore > best) {
      best = s.minScore;
      stage = s.number;
    }
  return stage;
}
