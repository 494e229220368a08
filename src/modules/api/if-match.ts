import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError, NotFoundError } from '../../kernel/errors.ts';
import type { ApiContext, ApiOperation } from '../../web/api-route.ts';

// If-Match on the API's updates (PUT, PATCH, DELETE): the client sends the ETag it read, and
// the change is made only while the resource still has that tag; else 412 and nothing
// changes. The resource is the GET at the same address, or — for an update of one facet,
// such as PUT …/rounds/:round/details — the GET of the address above it. An update with no
// such GET refuses If-Match with a 400 rather than ignoring it; GETs and POSTs ignore it.
//
// The current tag is what that GET would answer, so it is asked for by an internal request
// (app.inject) with the caller's token: the same roles, trust, pagination and bytes, with no
// second copy of any handler's work. That request is marked by a single-use key that only
// this process knows, so it does not count against the token's rate limit. The check and
// the change run one after another per resource within the process, so two API updates of
// one resource cannot both pass with the same tag (writes through the pages, or on another
// instance, are not held back by this).

const METHODS = new Set(['PUT', 'PATCH', 'DELETE']);
const PROBE_HEADER = 'x-ocw-precondition-probe';

/** The GET an update's If-Match compares with, and whether it is at the address above. */
export interface Twin {
  get: ApiOperation;
  above: boolean;
}

/** A GET that a plain request (no query) reaches. */
function plainGet(operations: readonly ApiOperation[], url: string): ApiOperation | undefined {
  return operations.find(
    (o) => o.method === 'GET' && o.url === url && (o.query?.safeParse({}).success ?? true),
  );
}

/** The resource an update changes, if it has a GET to compare with. */
export function twinOf(def: ApiOperation, operations: readonly ApiOperation[]): Twin | undefined {
  if (!METHODS.has(def.method)) return undefined;
  const same = plainGet(operations, def.url);
  if (same !== undefined) return { get: same, above: false };
  const cut = def.url.lastIndexOf('/');
  const last = def.url.slice(cut + 1);
  if (def.method === 'DELETE' || last.startsWith(':')) return undefined;
  const above = plainGet(operations, def.url.slice(0, cut));
  if (above === undefined || above.response instanceof z.ZodArray) return undefined;
  return { get: above, above: true };
}

/** Whether an If-Match header names this tag (strong comparison, RFC 9110 §13.1.1). */
export function ifMatches(header: string, tag: string): boolean {
  if (header.trim() === '*') return true;
  return header
    .split(',')
    .map((t) => t.trim())
    .some((t) => !t.startsWith('W/') && t === tag);
}

/** Checks If-Match against the resources' current tags, one update of a resource at a time. */
export class Preconditions {
  private readonly probes = new Set<string>();
  private readonly tails = new Map<string, Promise<void>>();

  /** Whether this request is one of ours, asking for a resource's current tag (once only). */
  isProbe(request: FastifyRequest): boolean {
    const key = request.headers[PROBE_HEADER];
    return typeof key === 'string' && this.probes.delete(key);
  }

  /** The status and tag a GET of the address answers now, with the caller's token. */
  async current(request: FastifyRequest, path: string) {
    const key = randomBytes(24).toString('base64url');
    this.probes.add(key);
    try {
      const answer = await request.server.inject({
        method: 'GET',
        url: path,
        headers: { authorization: request.headers.authorization ?? '', [PROBE_HEADER]: key },
      });
      const tag = answer.headers.etag;
      return { status: answer.statusCode, tag: typeof tag === 'string' ? tag : undefined };
    } finally {
      this.probes.delete(key);
    }
  }

  /** Runs fn after every earlier fn of the same key has finished. */
  async serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prior = this.tails.get(key) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = prior.then(() => mine);
    this.tails.set(key, tail);
    await prior;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** The address of the resource an update names: its own, or the one above it. */
function resourcePath(request: FastifyRequest, twin: Twin): string {
  const path = (request.url.split('?', 1)[0] ?? '').replace(/\/+$/, '');
  return twin.above ? path.slice(0, path.lastIndexOf('/')) : path;
}

/** The If-Match header, its repeats joined as one list. */
function ifMatchOf(request: FastifyRequest): string | undefined {
  const header: unknown = request.headers['if-match'];
  return Array.isArray(header) ? header.join(', ') : (header as string | undefined);
}

async function check(pre: Preconditions, request: FastifyRequest, path: string, header: string) {
  const now = await pre.current(request, path);
  if (now.status === 404) throw new NotFoundError('Not found');
  if (now.status !== 200 || now.tag === undefined)
    throw new HttpError(412, 'The current state of this resource could not be read to compare');
  if (!ifMatches(header, now.tag))
    throw new HttpError(
      412,
      `The resource has changed since you read it: its ETag is now ${now.tag}. Read it again (GET ${path}) and send the change with the new ETag in If-Match.`,
    );
}

/** Runs an update: refused with 412 if If-Match names another tag; tags its answer after. */
export async function guarded<T>(
  pre: Preconditions,
  twin: Twin | undefined,
  ctx: ApiContext<unknown, unknown, unknown>,
  run: () => Promise<T>,
): Promise<T> {
  const { request, reply } = ctx;
  // Reads and creations answer as they always have, whatever If-Match says.
  if (!METHODS.has(request.method)) return run();
  const header = ifMatchOf(request);
  if (twin === undefined) {
    if (header !== undefined)
      throw new HttpError(
        400,
        `If-Match is not supported here: ${request.method} has no resource to read at this address whose ETag it could compare`,
        'if_match_unsupported',
      );
    return run();
  }
  const path = resourcePath(request, twin);
  return pre.serialised(path, async () => {
    if (header !== undefined) await check(pre, request, path, header);
    const result = await run();
    if (request.method !== 'DELETE' && !reply.sent && reply.statusCode < 300) {
      const after = await pre.current(request, path);
      if (after.status === 200 && after.tag !== undefined) reply.header('ETag', after.tag);
    }
    return result;
  });
}
