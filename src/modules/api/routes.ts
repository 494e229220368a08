import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.ts';
import { openApiDocument } from './openapi.ts';
import type { ApiOperation } from '../../web/api-route.ts';
import { addEntityTags } from './etag.ts';
import { Preconditions } from './if-match.ts';
import { mountApiRoute } from './mount.ts';

export interface ApiRoutesOptions {
  db: Database;
  /** Every operation, in the order the OpenAPI document lists them (see src/operations.ts). */
  operations: readonly ApiOperation[];
  baseUrl: string;
  /** Calls an API token may make per minute. */
  rateLimit: number;
}

/** The document with each shared parameter written out where it is used, for the page. */
export function withSharedParameters(doc: ReturnType<typeof openApiDocument>) {
  const shared: Record<string, unknown> = doc.components.parameters;
  const resolve = (p: unknown) => {
    const ref = (p as { $ref?: string }).$ref;
    return ref === undefined ? p : shared[ref.replace('#/components/parameters/', '')];
  };
  const paths = Object.fromEntries(
    Object.entries(doc.paths).map(([path, operations]) => [
      path,
      Object.fromEntries(
        Object.entries(operations).map(([method, op]) => {
          const operation = op as { parameters?: unknown[] };
          return [method, { ...operation, parameters: operation.parameters?.map(resolve) }];
        }),
      ),
    ]),
  );
  return { ...doc, paths };
}

/** Mounts every API operation, the OpenAPI document and the readable docs page. */
export async function apiRoutes(app: FastifyInstance, options: ApiRoutesOptions) {
  addEntityTags(app);
  const mount = {
    db: options.db,
    rateLimit: options.rateLimit,
    // The Link of a list's next page is this address followed by the path.
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    operations: options.operations,
    preconditions: new Preconditions(),
  };
  for (const def of options.operations) mountApiRoute(app, mount, def);
  const doc = openApiDocument(options.operations, options.baseUrl);
  const readable = withSharedParameters(doc);
  app.get('/api/v1/openapi.json', async () => doc);
  app.get('/api/docs', async (_request, reply) =>
    reply.page('api/views/docs.njk', { title: 'API documentation', doc: readable }),
  );
  return Promise.resolve();
}
