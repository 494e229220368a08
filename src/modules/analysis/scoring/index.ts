// What the rest of the analysis uses of the scoring: tallies in, a round's scores out, with
// every figure passed through the disclosure plan (plan.ts, disclosure.ts) on the way.

export { assembleScores } from './assemble.ts';
export { withAgreed, type WorkshopPosition } from './consensus.ts';
export { audit, MIN_GROUP } from './disclosure.ts';
export { drillDownScore, type DrillDown } from './drill-down.ts';
export { atomGroups, CHILDREN_FAMILIES, shownGroupNames, type GroupLabels } from './groups.ts';
export { dimensionsOf, stageOf } from './score.ts';
export { shownScore } from './round.ts';
export {
  addCounts,
  COUNT_KEYS,
  emptyCounts,
  emptyTally,
  type CellTally,
  type Tally,
  type RoundTallies,
} from './tally.ts';
