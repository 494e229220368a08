import type { FastifyInstance } from 'fastify';
import { focusPages } from './focus-routes.ts';
import { roundPlanPages, type RoundPlanOptions } from './round-plan-routes.ts';

// The pages of a trust's focus areas and of the plan against a round, as one plugin. They
// read the round's suggestions through the analysis service the application gives them.

export type FocusAreaRouteOptions = RoundPlanOptions;

export async function focusAreaRoutes(app: FastifyInstance, options: FocusAreaRouteOptions) {
  focusPages(app, options.db);
  roundPlanPages(app, options);
}
