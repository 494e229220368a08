import { InvariantError } from '../kernel/errors.ts';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteGenericInterface,
  RouteHandlerMethod,
} from 'fastify';
import { NotFoundError } from '../kernel/errors.ts';
import { exportTable, tablesIn, type PageTable } from './page-table.ts';
import { exportFormat, sendTable, type ExportFormat } from './table-export.ts';

// Every table a page shows can be downloaded, as CSV or as an Excel workbook, holding the same
// rows as the page. The rule, the same on every page:
//
// - Each table has its own links, "Download this table: CSV or Excel (XLSX)", right under it.
//   Each download holds that table alone: a CSV of its header row and rows; a workbook of one
//   sheet named after it. A figure is a number in the workbook; a withheld figure reads as the
//   page shows it; an actions column (buttons and links) is left out.
// - The download of a page at /a/b is /a/b.csv or /a/b.xlsx (any other suffix is not found),
//   with the page's own query (an audit page number, the round compared with) and, on a page
//   with several tables, ?table=<key>. Without ?table=, a page of several tables downloads all
//   of them: one sheet each, or one CSV section each (see tablesToCsv).
// - A table split over several pages downloads whole (isTableDownload tells the route).
//
// A route takes part by registering its page with tablePage(): the same handler answers the
// page and its downloads, and reply.page() sends the tables of its context instead of the
// page when a download was asked for, so the page and the file cannot differ.

export interface TablePageConfig {
  /** The download address without its suffix, as a route pattern (e.g. /trusts/:trust/users). */
  at: string;
  /** The file name of a download of several tables, without the trust's slug. */
  file: string;
  /** Set on the download routes. */
  download?: boolean;
  /** Set on an older address of one table's download (see tableAlias). */
  table?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    tables?: TablePageConfig;
  }
}

export interface TablePageOptions {
  /**
   * Where the downloads are, when <page>.csv is already another download's address: a route
   * pattern without the suffix.
   */
  at?: string;
  /** The file name of a download of all the page's tables (default: the page's last word). */
  file?: string;
}

type Handler<T extends RouteGenericInterface> = RouteHandlerMethod<
  FastifyInstance['server'],
  FastifyRequest['raw'],
  FastifyReply['raw'],
  T
>;

/** Answers an unknown download format, before anything else, as not found. */
const knownFormat = async (request: FastifyRequest) => {
  const { format } = request.params as { format?: string };
  if (exportFormat(format ?? '') === undefined) throw new NotFoundError();
};

/**
 * Registers a page that shows tables, at `path`, and its downloads at `path`.csv and .xlsx
 * (or `options.at`): the same handler answers both.
 */
export function tablePage<T extends RouteGenericInterface>(
  app: FastifyInstance,
  path: string,
  handler: Handler<T>,
  options: TablePageOptions = {},
) {
  const at = options.at ?? path;
  const file =
    options.file ??
    path
      .split('/')
      .filter((part) => part !== '' && !part.startsWith(':'))
      .at(-1) ??
    'tables';
  app.get<T>(path, { config: { tables: { at, file } } }, handler);
  app.get<T>(
    `${at}.:format`,
    { config: { tables: { at, file, download: true } }, onRequest: knownFormat },
    handler,
  );
}

/**
 * Keeps an older address of one table's download working: `path`.csv and .xlsx answer with the
 * table `key` of the page that `handler` (the page's own handler) builds.
 */
export function tableAlias<T extends RouteGenericInterface>(
  app: FastifyInstance,
  path: string,
  handler: Handler<T>,
  key: string,
) {
  app.get<T>(
    `${path}.:format`,
    {
      config: { tables: { at: path, file: key, download: true, table: key } },
      onRequest: knownFormat,
    },
    handler,
  );
}

/** Whether the request asks for a download of the tables rather than the page. */
export function isTableDownload(request: FastifyRequest): boolean {
  return request.routeOptions.config.tables?.download === true;
}

/** The route pattern filled in with the request's parameters. */
function fill(pattern: string, params: unknown): string {
  const values = (params ?? {}) as Record<string, string | undefined>;
  return pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

/** The query string of the page, without the table, a format or a one-off message. */
function pageQuery(request: FastifyRequest): URLSearchParams {
  const query = new URLSearchParams(request.url.split('?')[1] ?? '');
  for (const name of ['table', 'done']) query.delete(name);
  return query;
}

/** The tables of a page's context that have downloads. */
function downloadable(context: Record<string, unknown>): PageTable[] {
  const tables = tablesIn(context).filter((table) => table.download);
  const keys = new Set<string>();
  for (const table of tables) {
    if (keys.has(table.key))
      throw new InvariantError(`Two tables of the page have the key ${table.key}`);
    keys.add(table.key);
  }
  return tables;
}

/**
 * Gives each downloadable table of the page its download addresses. A page re-shown by a form's
 * route (not registered with tablePage) names its page's download address as `tablesAt`.
 */
export function linkTables(request: FastifyRequest, context: Record<string, unknown>) {
  const at =
    typeof context.tablesAt === 'string'
      ? context.tablesAt
      : request.routeOptions.config.tables === undefined
        ? undefined
        : fill(request.routeOptions.config.tables.at, request.params);
  if (at === undefined) return;
  const tables = downloadable(context);
  for (const table of tables) {
    const query = pageQuery(request);
    if (tables.length > 1) query.set('table', table.key);
    const search = query.size > 0 ? `?${query.toString()}` : '';
    table.downloads = { csv: `${at}.csv${search}`, xlsx: `${at}.xlsx${search}` };
  }
}

/** The download's file name: the table's own, or the trust's slug and the table's key. */
function fileName(request: FastifyRequest, tables: PageTable[], file: string): string {
  const [only] = tables;
  if (tables.length === 1 && only?.file !== undefined) return only.file;
  const { trust } = request.params as { trust?: string };
  const name = tables.length === 1 && only !== undefined ? only.key : file;
  return trust === undefined ? name : `${trust}-${name}`;
}

/**
 * Answers a download route with the tables of the page's context: the one named by ?table=,
 * or all of them. Not found when the page has no such table.
 */
export async function sendPageTables(
  request: FastifyRequest,
  reply: FastifyReply,
  context: Record<string, unknown>,
) {
  const config = request.routeOptions.config.tables;
  const format: ExportFormat | undefined = exportFormat(
    (request.params as { format?: string }).format ?? '',
  );
  if (config === undefined || format === undefined) throw new NotFoundError();
  const asked = config.table ?? (request.query as Record<string, unknown>).table;
  const tables = downloadable(context).filter(
    (table) => asked === undefined || table.key === asked,
  );
  if (tables.length === 0) throw new NotFoundError();
  return sendTable(reply, format, fileName(request, tables, config.file), tables.map(exportTable));
}
