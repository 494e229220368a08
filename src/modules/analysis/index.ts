// analysis: a round's scores, made from releases of its answers and withheld where they would
// identify anyone, and the pages, downloads and API that show them. Its face offers the pages,
// the API operations and the service (scores, releases; one per application).

export { analysisRoutes } from './routes.ts';
export { analysisApi } from './api.ts';
export { createAnalysisService } from './service.ts';
export type { AnalysisService } from './service.ts';
