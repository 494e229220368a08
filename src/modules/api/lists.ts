import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError, ValidationError } from '../../kernel/errors.ts';
import type { ApiOperation } from '../../web/api-route.ts';
import { applyFilters, filtersOf, filterValue, type Filter } from './filters.ts';
import {
  decodeCursor,
  DEFAULT_LIMIT,
  encodeCursor,
  listDigest,
  MAX_LIMIT,
  pageOf,
  type After,
} from './pagination.ts';

// Every list of the API (a GET whose answer is an array of objects) pages and filters alike,
// after its handler has given the whole list: ?limit= and ?cursor= choose the page, each
// scalar property of the items is an equality filter, and the operation's own query
// parameters (?format=, ?with=…) keep their meaning. The body stays the page's JSON array;
// Link (rel="next") gives the next page and X-Total-Count the items that match.

/** How an operation's list pages and filters, worked out once when it is mounted. */
export interface ListSpec {
  /** The operation's own query parameters. */
  own: ReadonlySet<string>;
  filters: readonly Filter[];
  /** The property that names an item, for cursors; else they count positions. */
  keyField?: string;
}

const KEY_FIELDS = ['id', 'key', 'slug', 'code'];
const PAGING = ['limit', 'cursor'];

/** The items' schema of a list operation; undefined for any other operation. */
export function listItemOf(def: ApiOperation): z.ZodObject | undefined {
  if (def.method !== 'GET' || !(def.response instanceof z.ZodArray)) return undefined;
  const element: unknown = def.response.element;
  return element instanceof z.ZodObject ? element : undefined;
}

export function listSpecOf(def: ApiOperation): ListSpec | undefined {
  const item = listItemOf(def);
  if (item === undefined) return undefined;
  const own = new Set(def.query instanceof z.ZodObject ? Object.keys(def.query.shape) : []);
  const filters = filtersOf(item, new Set([...own, ...PAGING]));
  const keyField = KEY_FIELDS.find((k) => k in item.shape);
  return { own, filters, ...(keyField === undefined ? {} : { keyField }) };
}

type Query = Record<string, unknown>;

/** The query parameters the operation itself reads, for its own query schema. */
export function ownQueryOf(spec: ListSpec, query: unknown): Query {
  const all = (query ?? {}) as Query;
  return Object.fromEntries(Object.entries(all).filter(([name]) => spec.own.has(name)));
}

export interface ListQuery {
  wanted: Map<string, string | number | boolean | null>;
  limit: number;
  after?: After;
  /** Names this list among every other: the operation, its parameters and filters. */
  digest: string;
}

function limitOf(raw: unknown): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT))
    throw new ValidationError([
      {
        field: 'query.limit',
        message: `limit must be a whole number from 1 to ${MAX_LIMIT}`,
      },
    ]);
  return limit;
}

/** The filters, page size and cursor of a request to a list, checked. */
export function readListQuery(
  spec: ListSpec,
  def: ApiOperation,
  request: FastifyRequest,
): ListQuery {
  const query = (request.query ?? {}) as Query;
  const byName = new Map(spec.filters.map((f) => [f.name, f]));
  const unknown = Object.keys(query).filter(
    (name) => !spec.own.has(name) && !PAGING.includes(name) && !byName.has(name),
  );
  if (unknown.length > 0) {
    const allowed = [...spec.own, ...byName.keys(), ...PAGING].join(', ');
    throw new HttpError(
      400,
      `Unknown query parameter ${unknown.join(', ')}: this list takes ${allowed}`,
      'unknown_filter',
    );
  }
  const wanted = new Map<string, string | number | boolean | null>();
  for (const [name, filter] of byName)
    if (query[name] !== undefined) wanted.set(name, filterValue(filter, query[name]));
  const digest = listDigest([
    def.method,
    def.url,
    Object.entries((request.params ?? {}) as Query).sort(),
    Object.entries(ownQueryOf(spec, query)).sort(),
    [...wanted].sort(),
  ]);
  const limit = limitOf(query.limit);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, digest);
  return { wanted, limit, digest, ...(after === undefined ? {} : { after }) };
}

/** The address of the next page: this request's, with the new cursor. */
function nextAddress(request: FastifyRequest, baseUrl: string, cursor: string): string {
  const [path = '', search = ''] = request.url.split('?', 2);
  const params = new URLSearchParams(search);
  params.set('cursor', cursor);
  return `${baseUrl}${path}?${params.toString()}`;
}

/** One page of the handler's whole list, with the Link and X-Total-Count headers set. */
export function answerPage(
  spec: ListSpec,
  list: ListQuery,
  result: unknown,
  at: { request: FastifyRequest; reply: FastifyReply; baseUrl: string },
): unknown {
  if (!Array.isArray(result)) return result;
  // As the client will read the items: dates as text, absent properties left out.
  const items = applyFilters(JSON.parse(JSON.stringify(result)) as unknown[], list.wanted);
  const page = pageOf(items, spec.keyField, list.after, list.limit);
  at.reply.header('X-Total-Count', String(items.length));
  if (page.next !== undefined) {
    const link = nextAddress(at.request, at.baseUrl, encodeCursor(list.digest, page.next));
    at.reply.header('Link', `<${link}>; rel="next"`);
  }
  return page.items;
}
