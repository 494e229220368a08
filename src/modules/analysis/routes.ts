import type { FastifyInstance } from 'fastify';
import { analysisPages } from './pages.ts';

/** The analysis of a round: its pages and downloads (the scores API is in api.ts). */
export async function analysisRoutes(app: FastifyInstance) {
  await app.register(analysisPages);
}
