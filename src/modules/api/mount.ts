import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import {
  ForbiddenError,
  InvariantError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../../kernel/errors.ts';
import { parseWith } from '../../web/forms.ts';
import type { ApiContext, ApiOperation, ApiPrincipal } from '../../web/api-route.ts';
import { authenticateToken } from './tokens.ts';

// Mounts one API operation: authenticates the bearer token, checks the trust in the path and
// the role, parses params, query and body with the operation's schemas, then answers.

function invalid(result: { ok: false; errors: FieldError[] }, where: string): never {
  throw new ValidationError(
    result.errors.map((e) => ({ ...e, field: where === 'body' ? e.field : `${where}.${e.field}` })),
  );
}

/** The trust named in the path, checked against the token (null for routes without one). */
function trustOfPath(request: FastifyRequest, principal: ApiPrincipal) {
  const rawParams = request.params as Record<string, string>;
  if (rawParams.trust === undefined) return null;
  // Another trust's resources do not exist for this token.
  if (principal.trustSlug !== rawParams.trust || principal.trustId === null)
    throw new NotFoundError();
  return { id: principal.trustId, slug: principal.trustSlug };
}

/** The request as the operation's handler sees it: authenticated, allowed and parsed. */
async function contextOf(
  db: Database,
  def: ApiOperation,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<ApiContext<unknown, unknown, unknown>> {
  const principal = await authenticateToken(db, request.headers.authorization);
  const params = def.params
    ? parseWith(def.params, request.params)
    : { ok: true as const, data: request.params };
  if (!params.ok) throw new NotFoundError();
  const trust = trustOfPath(request, principal);
  if (def.roles !== undefined && !def.roles.includes(principal.role)) throw new ForbiddenError();
  const query = def.query
    ? parseWith(def.query, request.query)
    : { ok: true as const, data: request.query };
  if (!query.ok) invalid(query, 'query');
  const body = def.body
    ? parseWith(def.body, request.body)
    : { ok: true as const, data: request.body };
  if (!body.ok) invalid(body, 'body');
  return {
    params: params.data,
    query: query.data,
    body: body.data,
    principal,
    request,
    reply,
    trust,
    inTrust: (fn) => {
      if (trust === null)
        throw new InvariantError(`${def.url} has no :trust, so it has no trust scope`);
      return db.withTrust(trust.id, fn);
    },
  };
}

export function mountApiRoute(app: FastifyInstance, db: Database, def: ApiOperation) {
  app.route({
    method: def.method,
    url: def.url,
    handler: async (request, reply) => {
      const result: unknown = await def.handler(await contextOf(db, def, request, reply));
      if (reply.sent) return reply;
      return reply.code(def.status ?? 200).send(result);
    },
  });
}
