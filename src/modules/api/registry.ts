import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database, Tx } from '../../db/client.ts';
import {
  ForbiddenError,
  InvariantError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../../kernel/errors.ts';
import { parseWith } from '../../web/forms.ts';
import type { Role } from '../../kernel/roles.ts';
import { authenticateToken, type ApiPrincipal } from './tokens.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: ApiPrincipal;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The trust named in the path, checked against the token (only for /trusts/:trust routes). */
  trust: { id: string; slug: string } | null;
  /** Runs fn inside the trust's row-level-security scope. */
  inTrust<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface ApiRouteDef<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
> {
  method: Method;
  /** Fastify path, e.g. /api/v1/trusts/:trust/localities */
  url: string;
  summary: string;
  description?: string;
  tag: string;
  /** Roles allowed; omitted means any valid token. */
  roles?: readonly Role[];
  params?: P;
  query?: Q;
  body?: B;
  /** Content types the body may have besides JSON (e.g. text/csv). */
  bodyContentType?: string;
  response: R;
  status?: number;
  handler: (
    ctx: ApiContext<z.infer<P>, z.infer<Q>, z.infer<B>>,
  ) => Promise<z.input<R>> | z.input<R>;
}

/** An operation of any schemas, as the list of operations holds it. */
export type ApiOperation = ApiRouteDef<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

/** Declares an API operation once: the same schemas validate requests and document the API. */
export function defineApiRoute<
  P extends z.ZodType = z.ZodObject,
  Q extends z.ZodType = z.ZodObject,
  B extends z.ZodType = z.ZodUnknown,
  R extends z.ZodType = z.ZodUnknown,
>(def: ApiRouteDef<P, Q, B, R>): ApiRouteDef<P, Q, B, R> {
  return def;
}

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
