// rounds: assessment rounds and their plans of tests: the rules, pages and API. Its face offers
// them, the round as other round pages and operations load it (roundPage, apiRound), and
// reading a trust's rounds.

export { roundRoutes } from './routes.ts';
export { roundsApi } from './api.ts';
export { apiRound, roundParams } from './api-shared.ts';
export { loadRound } from './service.ts';
export { findRound, findRoundByTitle, listRounds } from './repository.ts';
export type { RoundListRow, RoundRow } from './repository.ts';
export { CLOSED_STATUSES } from './schemas.ts';
export type { RoundScope } from './scope.ts';
export { canDo, PLAN_WRITERS, roundPage } from './web.ts';
export type { RoundPage, RoundParams } from './web.ts';
export { roundCounts } from './repository.ts';
export type { RoundCounts } from './repository.ts';
export { roundTasks } from './tasks.ts';
export type { AgreeActionsProgress, Task } from './tasks.ts';
export { statusTag } from './tables.ts';
export { ROUND_WRITERS } from './web.ts';
