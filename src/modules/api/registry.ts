import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import {
  ForbiddenError,
  InvariantError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../../kernel/errors.ts';
import { parseWith } from '../../web/forms.ts';
import type { Role } from '../people/roles.ts';
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

type AnyRoute = ApiRouteDef<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

const registry: AnyRoute[] = [];

/** Declares an API route once: the same schemas validate requests and document the API. */
export function defineApiRoute<
  P extends z.ZodType = z.ZodObject,
  Q extends z.ZodType = z.ZodObject,
  B extends z.ZodType = z.ZodUnknown,
  R extends z.ZodType = z.ZodUnknown,
>(def: ApiRouteDef<P, Q, B, R>): ApiRouteDef<P, Q, B, R> {
  registry.push(def);
  return def;
}

export function allApiRoutes(): readonly AnyRoute[] {
  return registry;
}

function invalid(result: { ok: false; errors: FieldError[] }, where: string): never {
  throw new ValidationError(
    result.errors.map((e) => ({ ...e, field: where === 'body' ? e.field : `${where}.${e.field}` })),
  );
}

export function mountApiRoute(app: FastifyInstance, def: AnyRoute) {
  app.route({
    method: def.method,
    url: def.url,
    handler: async (request, reply) => {
      const principal = await authenticateToken(app.deps.db, request.headers.authorization);
      const params = def.params
        ? parseWith(def.params, request.params)
        : { ok: true as const, data: request.params };
      if (!params.ok) throw new NotFoundError();
      const rawParams = request.params as Record<string, string>;
      let trust: ApiContext<unknown, unknown, unknown>['trust'] = null;
      if (rawParams.trust !== undefined) {
        // Another trust's resources do not exist for this token.
        if (principal.trustSlug !== rawParams.trust || principal.trustId === null)
          throw new NotFoundError();
        trust = { id: principal.trustId, slug: principal.trustSlug };
      }
      if (def.roles !== undefined && !def.roles.includes(principal.role))
        throw new ForbiddenError();
      const query = def.query
        ? parseWith(def.query, request.query)
        : { ok: true as const, data: request.query };
      if (!query.ok) invalid(query, 'query');
      const body = def.body
        ? parseWith(def.body, request.body)
        : { ok: true as const, data: request.body };
      if (!body.ok) invalid(body, 'body');
      const ctx: ApiContext<unknown, unknown, unknown> = {
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
          return app.deps.db.withTrust(trust.id, fn);
        },
      };
      const result: unknown = await def.handler(ctx);
      if (reply.sent) return reply;
      return reply.code(def.status ?? 200).send(result);
    },
  });
}

/** Every error is an RFC 9457 problem; `error`, `message` and `errors` are kept for clients. */
const problemSchema = z.object({
  type: z.string().describe('A stable URI per kind of error, e.g. urn:ocw:problem:not-found'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  error: z.string().describe('The kind of error as a code, e.g. not_found'),
  message: z.string().describe('The same as detail'),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: jsonSchema(problemSchema, 'output') } },
});

/** The fields of an object schema (zod types them loosely). */
function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  if (!(schema instanceof z.ZodObject)) return {};
  const shape: unknown = schema.shape;
  return shape as Record<string, z.ZodType>;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' });
}

/** The OpenAPI 3.0 document, generated from the registered routes' schemas. */
export function openApiDocument(baseUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of registry) {
    const path = def.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    const paramShape = shapeOf(def.params);
    for (const name of [...def.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] ?? '')) {
      const schema = paramShape[name] ?? z.string();
      parameters.push({
        name,
        in: 'path',
        required: true,
        schema: jsonSchema(schema, 'input'),
        description: schema.description,
      });
    }
    for (const [name, schema] of Object.entries(shapeOf(def.query))) {
      parameters.push({
        name,
        in: 'query',
        required: !schema.safeParse(undefined).success,
        schema: jsonSchema(schema, 'input'),
      });
    }
    const responses: Record<string, unknown> = {
      [String(def.status ?? 200)]: {
        description: 'Success',
        content: {
          'application/json': { schema: jsonSchema(def.response, 'output') },
        },
      },
      '401': problem('Missing or invalid bearer token'),
      '403': problem("The token's role may not do this"),
      '404': problem('Not found (or belongs to another trust)'),
    };
    if (def.body !== undefined || def.query !== undefined)
      responses['400'] = problem('Invalid request: a list of field errors');
    const operation: Record<string, unknown> = {
      operationId: `${def.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: def.summary,
      tags: [def.tag],
      parameters,
      responses,
      security: [{ bearerAuth: [] }],
    };
    if (def.description !== undefined) operation.description = def.description;
    if (def.roles !== undefined) operation['x-roles'] = def.roles;
    if (def.body !== undefined) {
      const content: Record<string, unknown> = {
        'application/json': { schema: jsonSchema(def.body, 'input') },
      };
      if (def.bodyContentType !== undefined)
        content[def.bodyContentType] = { schema: { type: 'string' } };
      operation.requestBody = { required: true, content };
    }
    paths[path] = { ...(paths[path] ?? {}), [def.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: "One Children's Workforce API",
      version: '1.0.0',
      description:
        'JSON API for trusts and the national body. Authenticate with a bearer token created by a trust admin (Trust set-up → API tokens) or by `npm run ocw -- token create`. A token is scoped to one trust and one role; resources of other trusts answer 404.',
    },
    servers: [{ url: baseUrl }],
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
