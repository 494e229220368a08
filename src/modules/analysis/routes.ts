import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { flashFor, recordId } from '../../web/http.ts';
import { exportFormat, sendTable, type ExportFormat } from '../../web/table-export.ts';
import { tablePage } from '../../web/table-pages.ts';
import type { Charts } from '../charts/index.ts';
import {
  canDo,
  PLAN_WRITERS,
  roundPage,
  type RoundPage,
  type RoundParams,
} from '../rounds/index.ts';
import {
  areaModel,
  areaTables,
  compareDownload,
  compareTables,
  compareModel,
  heatmapDownload,
  itemsDownload,
  itemsModel,
  itemsTables,
  overviewModel,
  overviewTables,
  scoresDownload,
  tidyDownload,
  type Download,
  type ModelInput,
  type ReleaseState,
} from './models/index.ts';
import { COMMENT_READERS, type AnalysisService } from './service.ts';

// The analysis of a round: the overview of all seven areas, a page per area, the items of
// an area, and this round against an earlier one (the models in models/ build them). Every
// table can be downloaded as CSV or XLSX; every chart has its data table beside it. The
// scores API is in api.ts. Writers (trust admins and contributors) see "Create an action"
// beside each dimension and suggested focus area: a link to the new action form with the
// round, area and dimension filled in.

export interface AnalysisRouteOptions {
  db: Database;
  analysis: AnalysisService;
  charts: Charts;
}

type AreaParams = { Params: { trust: string; round: string; area: string } };
type FormatParams = { Params: { trust: string; round: string; format: string } };
type AreaFormatParams = { Params: { trust: string; round: string; area: string; format: string } };

const FLASH = {
  released: 'The newer responses are now included in the figures',
  waiting: 'The newer responses must wait: see below why',
  collecting: 'Answers are released once collection closes',
  'nothing-new': 'Every response is already included',
};

/** The round of the URL and a model of it, built in one trust transaction. */
async function build<T>(
  o: AnalysisRouteOptions,
  request: FastifyRequest<RoundParams>,
  make: (input: ModelInput, page: RoundPage) => Promise<T>,
): Promise<{ page: RoundPage; model: T }> {
  const page = await roundPage(o.db, request, request.params);
  const model = await o.db.withTrust(page.trust.id, (tx) => make({ tx, scope: page }, page));
  return { page, model };
}

/** What every analysis page shows around its model: the round and the release notice. */
function frame(request: FastifyRequest, page: RoundPage, release: ReleaseState) {
  return {
    base: page.base,
    round: page.round,
    notice: {
      flash: flashFor(request, FLASH),
      collecting: release.collecting,
      pending: release.pending,
      releaseNumber: release.releaseNumber,
      canRelease: canDo(page.trust, ['trust-admin']) && !release.collecting && release.pending > 0,
      action: `${page.base}/analysis/release`,
    },
    newAction: canDo(page.trust, PLAN_WRITERS)
      ? `/trusts/${page.trust.slug}/actions/new?round=${page.round.id}`
      : null,
  };
}

/** A page's tables: none while answers are collected, when the page shows no figures. */
const shownTables = <T>(release: ReleaseState, tables: () => T): T | null =>
  release.collecting ? null : tables();

const analysisCrumb = (page: RoundPage) => ({ text: 'Analysis', href: `${page.base}/analysis` });

function releaseRoute(app: FastifyInstance, o: AnalysisRouteOptions) {
  async function release(request: FastifyRequest<RoundParams>, reply: FastifyReply) {
    const page = await roundPage(o.db, request, request.params, ['trust-admin']);
    const outcome = await o.db.withTrust(page.trust.id, (tx) =>
      o.analysis.release(tx, page, page.actor),
    );
    return reply.redirect(`${page.base}/analysis?done=${outcome.outcome}`, 303);
  }
  app.post<RoundParams>('/trusts/:trust/rounds/:round/analysis/release', release);
}

function overviewPage(app: FastifyInstance, o: AnalysisRouteOptions) {
  async function overview(request: FastifyRequest<RoundParams>, reply: FastifyReply) {
    const { page, model } = await build(o, request, (input) => overviewModel(o, input));
    return reply.page('analysis/views/overview.njk', {
      ...model,
      tables: shownTables(model.release, () => overviewTables(model, page.base)),
      ...frame(request, page, model.release),
      title: `Where the partnership stands: ${page.round.title}`,
      breadcrumbs: page.breadcrumbs,
    });
  }
  // /analysis.csv is every score in long form, so the page's tables are at analysis/tables.
  tablePage<RoundParams>(app, '/trusts/:trust/rounds/:round/analysis', overview, {
    at: '/trusts/:trust/rounds/:round/analysis/tables',
    file: 'analysis',
  });
}

function areaPages(app: FastifyInstance, o: AnalysisRouteOptions) {
  async function area(request: FastifyRequest<AreaParams>, reply: FastifyReply) {
    const { page, model } = await build(o, request, (input, page) =>
      areaModel(o, input, request.params.area, {
        comments: canDo(page.trust, COMMENT_READERS),
      }),
    );
    return reply.page('analysis/views/area.njk', {
      ...model,
      tables: shownTables(model.release, () => areaTables(model)),
      ...frame(request, page, model.release),
      title: `${model.area.colourName}: ${model.area.name}`,
      areaDimensions: (
        page.version.areas.find((a) => a.key === model.area.key)?.dimensions ?? []
      ).map((d) => ({ key: d.key, name: d.name })),
      breadcrumbs: [...page.breadcrumbs, analysisCrumb(page)],
    });
  }
  async function items(request: FastifyRequest<AreaParams>, reply: FastifyReply) {
    const { page, model } = await build(o, request, (input) =>
      itemsModel(o, input, request.params.area),
    );
    return reply.page('analysis/views/items.njk', {
      ...model,
      dimensions: shownTables(model.release, () => itemsTables(model)) ?? [],
      ...frame(request, page, model.release),
      title: `Questions and answers: ${model.area.name}`,
      breadcrumbs: [
        ...page.breadcrumbs,
        analysisCrumb(page),
        { text: model.area.name, href: `${page.base}/analysis/areas/${model.area.key}` },
      ],
    });
  }
  const areaPath = '/trusts/:trust/rounds/:round/analysis/areas/:area';
  tablePage<AreaParams>(app, areaPath, area, { file: 'area' });
  // items.csv is every question in long form, so the page's tables are at items/tables.
  tablePage<AreaParams>(app, `${areaPath}/items`, items, { at: `${areaPath}/items/tables` });
}

/** The `with` of the query string, when it is a string. */
function withOf(request: FastifyRequest): string | undefined {
  const asked = (request.query as Record<string, unknown>).with;
  return typeof asked === 'string' ? asked : undefined;
}

function comparePage(app: FastifyInstance, o: AnalysisRouteOptions) {
  async function compare(request: FastifyRequest<RoundParams>, reply: FastifyReply) {
    const { page, model } = await build(o, request, (input) =>
      compareModel(o, input, { with: withOf(request) }),
    );
    const { problem, ...shown } = model;
    return reply.page('analysis/views/compare.njk', {
      ...shown,
      tables: shownTables(model.release, () => compareTables(model, page.round.title)),
      ...frame(request, page, model.release),
      title: `Compare with another round: ${page.round.title}`,
      breadcrumbs: [...page.breadcrumbs, analysisCrumb(page)],
      errors:
        problem === null
          ? undefined
          : {
              errorList: [{ text: problem, href: '#with' }],
              fieldErrors: { with: { text: problem } },
            },
    });
  }
  // compare.csv is the change table in long form, so the page's tables are at compare/tables.
  const path = '/trusts/:trust/rounds/:round/analysis/compare';
  tablePage<RoundParams>(app, path, compare, { at: `${path}/tables` });
}

/** The download format of the URL; another suffix is not found. */
function formatOf(request: FastifyRequest<{ Params: { format: string } }>): ExportFormat {
  const format = exportFormat(request.params.format);
  if (format === undefined) throw new NotFoundError();
  return format;
}

function send(reply: FastifyReply, format: ExportFormat, download: Download | undefined) {
  if (download === undefined) throw new NotFoundError();
  const tables = format === 'csv' ? download.csv : download.workbook;
  return sendTable(reply, format, download.name, tables);
}

/**
 * /analysis.csv|.xlsx (every dimension, overall and by group), an area's heat map and
 * items, and the comparison.
 */
function downloads(app: FastifyInstance, o: AnalysisRouteOptions) {
  async function scores(request: FastifyRequest<FormatParams>, reply: FastifyReply) {
    const format = formatOf(request);
    const { model } = await build(o, request, (input) => scoresDownload(o, input));
    return send(reply, format, model);
  }
  async function heatmap(request: FastifyRequest<AreaFormatParams>, reply: FastifyReply) {
    const format = formatOf(request);
    const { area } = request.params;
    const { model } = await build(o, request, (input) => heatmapDownload(o, input, area));
    return send(reply, format, model);
  }
  async function items(request: FastifyRequest<AreaFormatParams>, reply: FastifyReply) {
    const format = formatOf(request);
    const { area } = request.params;
    const { model } = await build(o, request, (input) => itemsDownload(o, input, area));
    return send(reply, format, model);
  }
  async function dataset(request: FastifyRequest<FormatParams>, reply: FastifyReply) {
    const format = formatOf(request);
    const { model } = await build(o, request, (input) => tidyDownload(o, input));
    return send(reply, format, model);
  }
  async function compared(request: FastifyRequest<FormatParams>, reply: FastifyReply) {
    const format = formatOf(request);
    const { model } = await build(o, request, (input) => {
      const asked = withOf(request);
      if (asked === undefined) throw new NotFoundError();
      return compareDownload(o, input, recordId(asked));
    });
    return send(reply, format, model);
  }
  const round = '/trusts/:trust/rounds/:round/analysis';
  app.get<FormatParams>(`${round}.:format`, scores);
  app.get<AreaFormatParams>(`${round}/areas/:area/heatmap.:format`, heatmap);
  app.get<AreaFormatParams>(`${round}/areas/:area/items.:format`, items);
  app.get<FormatParams>(`${round}/compare.:format`, compared);
  app.get<FormatParams>(`${round}/dataset.:format`, dataset);
}

/** The analysis of a round: its pages and downloads. */
export async function analysisRoutes(app: FastifyInstance, options: AnalysisRouteOptions) {
  releaseRoute(app, options);
  overviewPage(app, options);
  areaPages(app, options);
  comparePage(app, options);
  downloads(app, options);
}
