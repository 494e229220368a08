import type { FastifyInstance } from 'fastify';
import { allApiRoutes, mountApiRoute, openApiDocument } from './registry.ts';
import '../framework/api.ts';
import '../trusts/api.ts';
import '../users/api.ts';
import '../rounds/api.ts';
import '../questionnaires/api.ts';
import '../workshops/api.ts';
import '../responses/api.ts';
import '../analysis/api.ts';

/** Mounts every declared API route, the OpenAPI document and the readable docs page. */
export async function apiRoutes(app: FastifyInstance) {
  for (const def of allApiRoutes()) mountApiRoute(app, def);
  app.get('/api/v1/openapi.json', async () => openApiDocument(app.deps.config.baseUrl));
  app.get('/api/docs', async (_request, reply) =>
    reply.page('api/views/docs.njk', {
      title: 'API documentation',
      doc: openApiDocument(app.deps.config.baseUrl),
    }),
  );
}
