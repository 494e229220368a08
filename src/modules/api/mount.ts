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
import { claimKey, fingerprint, idempotencyKey, keepAnswer, releaseKey } from './idempotency.ts';
import { guarded, twinOf, type Preconditions } from './if-match.ts';
import { answerPage, listSpecOf, ownQueryOf, readListQuery, type ListSpec } from './lists.ts';
import { applyRateLimit } from './rate-limit.ts';
import { authenticateToken } from './tokens.ts';

// Mounts one API operation: authenticates the bearer token (counting the call against its
// rate limit), checks the trust in the path and the role, parses params, query and body with
// the operation's schemas, then answers — a POST with an Idempotency-Key at most once, a list
// one page at a time (lists.ts), an update only while If-Match holds (if-match.ts).

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

/** A text or binary body of one of the operation's other content types (not JSON). */
function isRawBody(def: ApiOperation, request: FastifyRequest): boolean {
  if (def.bodyContentType === undefined) return false;
  const body: unknown = request.body;
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return false;
  const type = (request.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  return [def.bodyContentType].flat().includes(type ?? '');
}

/** The request as the operation's handler sees it: authenticated, allowed and parsed. */
async function contextOf(
  { db, rateLimit, preconditions }: MountOptions,
  def: ApiOperation,
  request: FastifyRequest,
  reply: FastifyReply,
  list: ListSpec | undefined,
): Promise<ApiContext<unknown, unknown, unknown>> {
  // The If-Match check's own reading of a resource is part of the caller's one call.
  const probe = preconditions.isProbe(request);
  const { rate, ...principal } = await authenticateToken(
    db,
    request.headers.authorization,
    probe ? undefined : rateLimit,
  );
  if (rate !== undefined) applyRateLimit(reply, rate);
  const params = def.params
    ? parseWith(def.params, request.params)
    : { ok: true as const, data: request.params };
  if (!params.ok) throw new NotFoundError();
  const trust = trustOfPath(request, principal);
  if (def.roles !== undefined && !def.roles.includes(principal.role)) throw new ForbiddenError();
  // A list's filters and page are read apart (lists.ts): the schema sees its own names only.
  const ownQuery = list === undefined ? request.query : ownQueryOf(list, request.query);
  const query = def.query ? parseWith(def.query, ownQuery) : { ok: true as const, data: ownQuery };
  if (!query.ok) invalid(query, 'query');
  const body =
    def.body && !isRawBody(def, request)
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

export interface MountOptions {
  db: Database;
  /** Calls a token may make per minute. */
  rateLimit: number;
  /** The service's public address, for the Link header of lists. */
  baseUrl: string;
  /** Every operation: an update's If-Match compares with the GET of its resource. */
  operations: readonly ApiOperation[];
  preconditions: Preconditions;
}

/** The operation's answer, sent as JSON text (so that it can be kept for a replay). */
function sendAnswer(reply: FastifyReply, status: number, result: unknown) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(result ?? null));
}

/** Runs a POST whose client sent an Idempotency-Key: once, or replays the first answer. */
async function once(
  options: MountOptions,
  ctx: ApiContext<unknown, unknown, unknown>,
  key: string,
  run: () => Promise<unknown>,
) {
  const { db } = options;
  const { reply, request, principal } = ctx;
  const print = fingerprint(request.method, request.url, request.body);
  const replay = await claimKey(db, principal.tokenId, key, print);
  if (replay !== undefined)
    return reply
      .code(replay.status)
      .header('Idempotent-Replayed', 'true')
      .type(replay.contentType)
      .send(replay.body);
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    await releaseKey(db, principal.tokenId, key);
    throw error;
  }
  if (reply.sent) {
    // A streamed answer cannot be kept: the key is let go, as if never used.
    await releaseKey(db, principal.tokenId, key);
    return reply;
  }
  const status = reply.statusCode;
  const body = JSON.stringify(result ?? null);
  await keepAnswer(db, principal.tokenId, key, {
    status,
    contentType: 'application/json; charset=utf-8',
    body,
  });
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

export function mountApiRoute(app: FastifyInstance, options: MountOptions, def: ApiOperation) {
  const list = listSpecOf(def);
  const twin = twinOf(def, options.operations);
  app.route({
    method: def.method,
    url: def.url,
    handler: async (request, reply) => {
      const key =
        def.method === 'POST' ? idempotencyKey(request.headers['idempotency-key']) : undefined;
      const ctx = await contextOf(options, def, request, reply, list);
      const listQuery = list === undefined ? undefined : readListQuery(list, def, request);
      const status = def.status ?? 200;
      if (key !== undefined)
        return once(options, ctx, key, async () => {
          const result: unknown = await def.handler(ctx);
          if (!reply.sent) reply.code(status);
          return result;
        });
      const result: unknown = await guarded(options.preconditions, twin, ctx, async () =>
        def.handler(ctx),
      );
      if (reply.sent) return reply;
      if (list === undefined || listQuery === undefined) return sendAnswer(reply, status, result);
      const page = answerPage(list, listQuery, result, { request, reply, ...options });
      return sendAnswer(reply, status, page);
    },
  });
}
