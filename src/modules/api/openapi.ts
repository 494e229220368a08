import { z } from 'zod';
import type { ApiOperation } from '../../web/api-route.ts';
import {
  MANNER_HEADERS,
  MANNER_PARAMETERS,
  mannerParameters,
  mannerResponses,
} from './openapi-manners.ts';

// The OpenAPI 3.0 document of the API, made from the same list of operations (and their
// schemas) that the API mounts.

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

/** The path and query parameters of an operation. */
function parametersOf(def: ApiOperation, operations: readonly ApiOperation[]): unknown[] {
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
  parameters.push(...mannerParameters(def, operations));
  if (def.method === 'POST') parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
  if (def.method === 'GET') parameters.push({ $ref: '#/components/parameters/IfNoneMatch' });
  return parameters;
}

const RATE_HEADERS = {
  RateLimit: { $ref: '#/components/headers/RateLimit' },
  'RateLimit-Policy': { $ref: '#/components/headers/RateLimitPolicy' },
};

/** Headers, parameters and answers that every operation shares. */
const COMPONENTS = {
  securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
  headers: {
    RateLimit: {
      description: 'Calls left in this window and seconds until the next: "per-token";r=1199;t=42',
      schema: { type: 'string' },
    },
    RateLimitPolicy: {
      description: 'Calls a token may make per window of seconds: "per-token";q=1200;w=60',
      schema: { type: 'string' },
    },
    ETag: {
      description: 'Entity tag of the answer, for If-None-Match',
      schema: { type: 'string' },
    },
    ...MANNER_HEADERS,
  },
  parameters: {
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'A unique key (e.g. a UUID) per request: a retry with the same key and body is answered with the first answer (Idempotent-Replayed: true) and does nothing twice. Kept for 24 hours.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    },
    IfNoneMatch: {
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'The ETag of an earlier answer: 304 Not Modified while nothing has changed',
      schema: { type: 'string' },
    },
    ...MANNER_PARAMETERS,
  },
};

/** The content of a successful answer: JSON, the types the operation produces, or none. */
function contentOf(def: ApiOperation): { content?: Record<string, unknown> } {
  if (def.status === 204) return {};
  const json = {
    schema: jsonSchema(def.response, 'output'),
    ...(def.example === undefined ? {} : { example: def.example.response }),
  };
  const types = def.produces ?? ['application/json'];
  const file = (type: string) =>
    type.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' };
  return {
    content: Object.fromEntries(
      types.map((type) => [
        type,
        type === 'application/json'
          ? json
          : { schema: { ...file(type), description: def.response.description } },
      ]),
    ),
  };
}

function responsesOf(def: ApiOperation, operations: readonly ApiOperation[]) {
  const manners = mannerResponses(def, operations);
  const status = def.status ?? 200;
  const responses: Record<string, unknown> = {
    [String(status)]: {
      description: status === 204 ? 'Done: no content' : (manners.success ?? 'Success'),
      headers: {
        ...RATE_HEADERS,
        ...(def.method === 'GET' ? { ETag: { $ref: '#/components/headers/ETag' } } : {}),
        ...manners.headers,
      },
      ...contentOf(def),
    },
    '401': problem('Missing or invalid bearer token'),
    '403': problem("The token's role may not do this"),
    '404': problem('Not found (or belongs to another trust)'),
    '429': {
      ...problem("The token's calls in this minute are used up; wait Retry-After seconds"),
      headers: { ...RATE_HEADERS, 'Retry-After': { schema: { type: 'integer' } } },
    },
  };
  if (def.method === 'GET') responses['304'] = { description: 'Not modified since the ETag sent' };
  if (def.method === 'POST') {
    responses['409'] ??= problem(
      'Conflict, or a request with this Idempotency-Key is still running',
    );
    responses['422'] = problem('This Idempotency-Key was used with a different request');
  }
  if (def.body !== undefined || def.query !== undefined)
    responses['400'] = problem('Invalid request: a list of field errors');
  for (const [status, { description }] of Object.entries(manners.responses))
    responses[status] = problem(description);
  return responses;
}

function operationOf(
  def: ApiOperation,
  path: string,
  operations: readonly ApiOperation[],
): Record<string, unknown> {
  const operation: Record<string, unknown> = {
    operationId: `${def.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: def.summary,
    tags: [def.tag],
    parameters: parametersOf(def, operations),
    responses: responsesOf(def, operations),
    security: [{ bearerAuth: [] }],
  };
  if (def.description !== undefined) operation.description = def.description;
  if (def.roles !== undefined) operation['x-roles'] = def.roles;
  if (def.body !== undefined) {
    const content: Record<string, unknown> = {
      'application/json': {
        schema: jsonSchema(def.body, 'input'),
        ...(def.example?.request === undefined ? {} : { example: def.example.request }),
      },
    };
    for (const type of [def.bodyContentType ?? []].flat())
      content[type] = {
        schema: type.startsWith('text/')
          ? { type: 'string' }
          : { type: 'string', format: 'binary' },
      };
    operation.requestBody = { required: true, content };
  }
  return operation;
}

/** The OpenAPI 3.0 document of the operations, in their order. */
export function openApiDocument(operations: readonly ApiOperation[], baseUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of operations) {
    const path = def.url.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] = {
      ...(paths[path] ?? {}),
      [def.method.toLowerCase()]: operationOf(def, path, operations),
    };
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
    components: COMPONENTS,
    paths,
  };
}
