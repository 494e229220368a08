import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Tx } from '../db/client.ts';
import type { Actor } from '../kernel/audit.ts';
import { NotFoundError } from '../kernel/errors.ts';
import type { Role } from '../kernel/roles.ts';

// What every module's api.ts is made of: an operation declared once with defineApiRoute,
// whose schemas both validate requests and document the API, and the actor and trust of a
// call (apiActor, apiTrust). The api module mounts the operations (authenticating the token
// first) and writes the OpenAPI document from them.

/** Who is calling: the bearer token, with its role and trust. */
export interface ApiPrincipal {
  tokenId: string;
  name: string;
  role: Role;
  trustId: string | null;
  trustSlug: string | null;
}

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
  /**
   * Content types the body may have besides JSON (e.g. text/csv). Such a body (text, or bytes
   * for a binary type) reaches the handler as it came, unchecked by `body`: read it from
   * ctx.request.body.
   */
  bodyContentType?: string | readonly string[];
  response: R;
  /**
   * The content types of the answer when it is not (only) JSON: an image, a page, or a file
   * chosen by ?format. The OpenAPI document lists these instead of application/json, unless
   * application/json is one of them; a handler that answers so sends the reply itself.
   */
  produces?: readonly string[];
  status?: number;
  /**
   * A worked example for the OpenAPI document: the request body (for operations with one) and
   * the answer. A test parses each with the operation's schemas, so an example cannot drift.
   */
  example?: { request?: z.input<B>; response: z.input<R> };
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

/** Who acts, as the audit log names them: the token, by its name. */
export function apiActor(ctx: ApiContext<unknown, unknown, unknown>): Actor {
  return { userId: null, label: `API token: ${ctx.principal.name}` };
}

/** The trust of a /trusts/:trust operation, checked against the token; 404 without one. */
export function apiTrust(ctx: ApiContext<unknown, unknown, unknown>): { id: string; slug: string } {
  if (ctx.trust === null) throw new NotFoundError();
  return ctx.trust;
}
