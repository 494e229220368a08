// analysis: a round's scores, made from releases of its answers and withheld where they would
// identify anyone, and the pages, downloads and API that show them. Its face offers the pages,
// the API operations and the service (scores, releases; one per application), and the focus
// areas a round suggests (suggestions.ts), for the action plan.

export { analysisRoutes } from './routes.ts';
export { analysisApi } from './api.ts';
export { createAnalysisService } from './service.ts';
export type { AnalysisService } from './service.ts';
export { suggestedFocusAreas } from './models/index.ts';
export { AGREED_GAP_MIN, suggestFocusAreas } from './suggestions.ts';
export type { SuggestedFocusArea, SuggestedSource } from './suggestions.ts';
export type { DrillDownScore, PracticeScore } from './types.ts';
