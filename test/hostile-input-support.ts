import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { parse } from 'node-html-parser';
import { queryRows, type Database } from '../src/db/client.ts';

// Pieces of the hostile-input test: the route table, the forms of the pages, sample JSON
// bodies from the OpenAPI document, and row counts of every table.

export interface RouteEntry {
  method: string;
  /** The route's pattern, e.g. /trusts/:trust/rounds/:round. */
  url: string;
}

/** Every registered route, read from the router's own table, so new routes are covered. */
export function routesOf(app: FastifyInstance): RouteEntry[] {
  const lines = app.printRoutes({ commonPrefix: false }).split('\n');
  const stack: string[] = [];
  const routes: RouteEntry[] = [];
  for (const line of lines) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (match === null) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const url = stack.join('');
    for (const method of (match[3] ?? '').split(', '))
      if (method !== '' && method !== 'HEAD') routes.push({ method, url });
  }
  return routes;
}

export const paramsOf = (url: string): string[] =>
  [...url.matchAll(/:([A-Za-z]+)|(\*)/g)].map((m) => m[1] ?? '*');

/** The pattern with each parameter given by fill (already percent-encoded). */
export function fillRoute(url: string, fill: (param: string) => string): string {
  return url.replace(/:([A-Za-z]+)|\*/g, (whole, name: string | undefined) => fill(name ?? whole));
}

export type Fields = Record<string, string | string[]>;

/** The post forms of a page by action path, each with the values a person would send. */
export function formsOf(html: string, pageUrl: string): Map<string, Fields> {
  const forms = new Map<string, Fields>();
  for (const form of parse(html).querySelectorAll('form')) {
    if ((form.getAttribute('method') ?? 'get').toLowerCase() !== 'post') continue;
    const action = new URL(form.getAttribute('action') ?? pageUrl, 'http://ocw.test').pathname;
    const fields: Fields = {};
    const add = (name: string, value: string) => {
      const had = fields[name];
      fields[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
    };
    for (const input of form.querySelectorAll('input, select, textarea')) {
      const name = input.getAttribute('name');
      if (name === undefined || name === '') continue;
      const tag = input.tagName.toLowerCase();
      const type = (input.getAttribute('type') ?? 'text').toLowerCase();
      if (tag === 'select') {
        const option =
          input.querySelector('option[selected]') ?? input.querySelectorAll('option')[1];
        add(name, option?.getAttribute('value') ?? option?.text ?? '');
      } else if (tag === 'textarea') add(name, input.text || 'Some text');
      else if (type === 'checkbox' || type === 'radio') {
        if (fields[name] === undefined) add(name, input.getAttribute('value') ?? 'on');
      } else if (type !== 'file' && type !== 'submit')
        add(name, input.getAttribute('value') ?? 'Sample');
    }
    forms.set(action, fields);
  }
  return forms;
}

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  minItems?: number;
  description?: string;
}

const NAMED: Record<string, unknown> = {
  frameworkVersion: '2026.1',
  sector: 'health',
  audience: 'frontline',
  emails: ['someone@alpha.test'],
};

/** A plausible value for a JSON schema: what a client would send before one field is spoiled. */
export function sampleOf(schema: JsonSchema | undefined, name = ''): unknown {
  if (name in NAMED) return NAMED[name];
  if (schema === undefined) return 'Sample';
  if (schema.enum !== undefined) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, s]) => [key, sampleOf(s, key)]),
      );
    case 'array':
      return [name === 'areas' ? 'shared-identity' : sampleOf(schema.items)];
    case 'integer':
    case 'number':
      return 3;
    case 'boolean':
      return true;
    default:
      return /YYYY-MM-DD/.test(schema.description ?? '') || /On$/.test(name)
        ? '2026-03-01'
        : 'Sample text';
  }
}

/** Sample JSON bodies of the API's operations, by "METHOD pattern" (fastify's :param form). */
export async function apiBodies(app: FastifyInstance): Promise<Map<string, unknown>> {
  const response = await app.inject({ url: '/api/v1/openapi.json' });
  const doc = JSON.parse(response.body) as {
    paths: Record<
      string,
      Record<
        string,
        { requestBody?: { content?: Record<string, { schema?: JsonSchema } | undefined> } }
      >
    >;
  };
  const bodies = new Map<string, unknown>();
  for (const [path, operations] of Object.entries(doc.paths))
    for (const [method, operation] of Object.entries(operations)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      if (schema === undefined || schema.type !== 'object') continue;
      bodies.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, sampleOf(schema));
    }
  return bodies;
}

/** Rows in every table, counted as the system in one statement. */
export async function tableCounter(db: Database): Promise<() => Promise<Record<string, number>>> {
  const tables = await db.asSystem((tx) =>
    queryRows<{ schema: string; name: string }>(
      tx,
      sql`select table_schema as schema, table_name as name from information_schema.tables
          where table_type = 'BASE TABLE'
            and table_schema not in ('pg_catalog', 'information_schema')
            and table_schema not like 'pg_%'
            and table_schema not like '%drizzle%'
            -- the API's own bookkeeping (rate windows, idempotency keys), not anyone's data
            and table_schema <> 'ocw_api'
          order by 1, 2`,
    ),
  );
  const query = tables
    .map(
      (t) =>
        `select '${t.schema}.${t.name}' as t, count(*)::int as n from "${t.schema}"."${t.name}"`,
    )
    .join(' union all ');
  return async () => {
    const rows = await db.asSystem((tx) => queryRows<{ t: string; n: number }>(tx, sql.raw(query)));
    return Object.fromEntries(rows.map((r) => [r.t, r.n]));
  };
}

/**
 * Percent-encodes as a careless client might: a lone surrogate becomes its (invalid) UTF-8
 * bytes instead of an exception, so that the address reaches the server.
 */
export function encodeLoose(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff)
      out +=
        `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(char);
  }
  return out;
}
