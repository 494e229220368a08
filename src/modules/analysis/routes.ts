import type { FastifyInstance } from 'fastify';
import { analysisPages } from './pages.ts';
import { createAnalysisService } from './service.ts';

/** The analysis of a round: its pages and downloads (the scores API is in api.ts). */
export async function analysisRoutes(app: FastifyInstance) {
  // One service for the pages, so that they share its cache of scores.
  await app.register(analysisPages, { analysis: createAnalysisService() });
}
