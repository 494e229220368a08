import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.ts';
import { openApiDocument } from './openapi.ts';
import type { ApiOperation } from '../../web/api-route.ts';
import { mountApiRoute } from './mount.ts';

export interface ApiRoutesOptions {
  db: Database;
  /** Every operation, in the order the OpenAPI document lists them (see src/operations.ts). */
  operations: readonly ApiOperation[];
  baseUrl: string;
}

/** Mounts every API operation, the OpenAPI document and the readable docs page. */
export async function apiRoutes(app: FastifyInstance, options: ApiRoutesOptions) {
  for (const def of options.operations) mountApiRoute(app, options.db, def);
  const doc = openApiDocument(options.operations, options.baseUrl);
  app.get('/api/v1/openapi.json', async () => doc);
  app.get('/api/docs', async (_request, reply) =>
    reply.page('api/views/docs.njk', { title: 'API documentation', doc }),
  );
  return Promise.resolve();
}
