import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.ts';
import { openApiDocument } from './openapi.ts';
import type { ApiOperation } from '../../web/api-route.ts';
import { addEntityTags } from './etag.ts';
import { mountApiRoute } from './mount.ts';

export interface ApiRoutesOptions {
  db: Database;
  /** Every operation, in the order the OpenAPI document lists them (see src/operations.ts). */
  operations: readonly ApiOperation[];
  baseUrl: string;
  /** Calls an API token may make per minute. */
  rateLimit: number;
}

/** Mounts every API operation, the OpenAPI document and the readable docs page. */
export async function apiRoutes(app: FastifyInstance, options: ApiRoutesOptions) {
  addEntityTags(app);
  const mount = { db: options.db, rateLimit: options.rateLimit };
  for (const def of options.operations) mountApiRoute(app, mount, def);
  const doc = openApiDocument(options.operations, options.baseUrl);
  app.get('/api/v1/openapi.json', async () => doc);
  app.get('/api/docs', async (_request, reply) =>
    reply.page('api/views/docs.njk', { title: 'API documentation', doc }),
  );
  return Promise.resolve();
}
