import { sendCsv } from '../../web/http.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { toCsv } from '../../web/csv.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { hasGlobalRole, requireUser } from '../../web/session.ts';
import { tablePage } from '../../web/table-pages.ts';
import { formatDate } from '../../web/views.ts';
import { isVisibleVersion, listVersions, stageBands } from './repository.ts';
import { areasInRainbowOrder, colourName } from '../../kernel/framework.ts';
import type { Area, FrameworkVersion, Item } from './schema.ts';
import { practiceTables, scaleTable, statementTables, versionsTable } from './tables.ts';
import type { FrameworkVersions } from './versions.ts';

type VersionParams = { Params: { version: string } };
type AreaParams = { Params: { version: string; area: string } };
type DrillParams = { Params: { version: string; key: string } };

const LEADERS_ONLY = 'Leaders and managers only';

const areaLabel = (area: Area) => `${colourName(area.colour)}: ${area.name}`;

const isLeadersOnly = (item: Item) =>
  item.audiences.length === 1 && item.audiences[0] === 'leaders-managers';

function audienceNames(content: FrameworkVersion, item: Item): string {
  return item.audiences
    .map((key) => content.audiences.find((a) => a.key === key)?.name ?? key)
    .join(', ');
}

interface FrameworkDeps {
  db: Database;
  versions: FrameworkVersions;
}

const canSeeDrafts = (request: FastifyRequest) =>
  hasGlobalRole(requireUser(request), 'system-admin');

/** The version named in the URL, if this person may see it; otherwise 404. */
async function visibleVersion(deps: FrameworkDeps, request: FastifyRequest, key: string) {
  const drafts = canSeeDrafts(request);
  const version =
    key.length > 40 ? undefined : await deps.db.asSystem((tx) => deps.versions.get(tx, key));
  if (version === undefined || !isVisibleVersion(version, drafts)) throw new NotFoundError();
  const base = `/framework/${encodeURIComponent(version.key)}`;
  const crumbs = [
    { text: 'Home', href: '/' },
    { text: 'Framework', href: '/framework' },
    { text: version.title, href: base },
  ];
  return { version, content: version.content, base, crumbs };
}

async function visibleVersions(db: Database, request: FastifyRequest) {
  const drafts = canSeeDrafts(request);
  const versions = await db.asSystem(listVersions);
  return {
    drafts,
    versions: versions.filter((v) => isVisibleVersion(v, drafts)).reverse(),
  };
}

async function visibleDrillDown(deps: FrameworkDeps, request: FastifyRequest<DrillParams>) {
  const found = await visibleVersion(deps, request, request.params.version);
  const drill = found.content.drillDowns.find((d) => d.key === request.params.key);
  if (drill === undefined) throw new NotFoundError();
  return { ...found, drill };
}

/** The framework's pages: its versions, each version's areas and drill-down modules. */
export async function frameworkRoutes(app: FastifyInstance, options: FrameworkDeps) {
  versionListPages(app, options.db);
  versionPage(app, options);
  itemsCsv(app, options);
  areaPage(app, options);
  drillDownPages(app, options);
  return Promise.resolve();
}

function versionListPages(app: FastifyInstance, db: Database) {
  tablePage(
    app,
    '/framework',
    async (request, reply) => {
      const { drafts, versions } = await visibleVersions(db, request);
      return reply.page('framework/views/index.njk', {
        title: "The One Children's Workforce framework",
        breadcrumbs: [{ text: 'Home', href: '/' }],
        versions: versionsTable(versions, drafts),
      });
    },
    { at: '/framework/versions' },
  );
}

function versionPage(app: FastifyInstance, deps: FrameworkDeps) {
  app.get<VersionParams>('/framework/:version', async (request, reply) => {
    const { version, content, base, crumbs } = await visibleVersion(
      deps,
      request,
      request.params.version,
    );
    const areas = areasInRainbowOrder(content).map((area) => ({
      key: area.key,
      colour: area.colour,
      label: areaLabel(area),
      description: area.description,
      href: `${base}/areas/${area.key}`,
      dimensions: area.dimensions.map((d) => ({ name: d.name, itemCount: d.items.length })),
    }));
    const drillDowns = content.drillDowns.map((drill) => {
      const area = content.areas.find((a) => a.key === drill.areaKey);
      return {
        name: drill.name,
        description: drill.description,
        href: `${base}/drill-downs/${drill.key}`,
        areaLabel: area === undefined ? drill.areaKey : areaLabel(area),
        areaHref: `${base}/areas/${drill.areaKey}`,
        practiceCount: drill.practices.length,
        questionCount: drill.practices.reduce((n, p) => n + p.items.length, 0),
      };
    });
    return reply.page('framework/views/version.njk', {
      title: version.title,
      breadcrumbs: crumbs.slice(0, 2),
      version,
      content,
      publishedOn: formatDate(version.publishedAt),
      stages: stageBands(content),
      areas,
      drillDowns,
      itemCount: content.areas.reduce(
        (n, a) => n + a.dimensions.reduce((m, d) => m + d.items.length, 0),
        0,
      ),
      base,
    });
  });
}

function itemsCsv(app: FastifyInstance, deps: FrameworkDeps) {
  app.get<VersionParams>('/framework/:version/items.csv', async (request, reply) => {
    const { version, content } = await visibleVersion(deps, request, request.params.version);
    const rows = areasInRainbowOrder(content).flatMap((area) =>
      area.dimensions.flatMap((dimension) =>
        dimension.items.map((item) => [
          areaLabel(area),
          dimension.name,
          item.key,
          item.audiences.join('; '),
          item.reverse ? 'Yes' : 'No',
          item.text,
        ]),
      ),
    );
    const body = toCsv(
      ['Area', 'Dimension', 'Item key', 'Audiences', 'Reverse-scored', 'Text'],
      rows,
    );
    return sendCsv(reply, `framework-${version.key}-items.csv`, body);
  });
}

function areaPage(app: FastifyInstance, deps: FrameworkDeps) {
  tablePage<AreaParams>(app, '/framework/:version/areas/:area', async (request, reply) => {
    const { version, content, base, crumbs } = await visibleVersion(
      deps,
      request,
      request.params.version,
    );
    const areas = areasInRainbowOrder(content);
    const index = areas.findIndex((a) => a.key === request.params.area);
    const area = areas[index];
    if (area === undefined) throw new NotFoundError();
    const link = (a: Area | undefined) =>
      a === undefined ? undefined : { href: `${base}/areas/${a.key}`, labelText: areaLabel(a) };
    const plainAudiences = content.audiences.filter((a) => a.plainLanguage).map((a) => a.name);
    return reply.page('framework/views/area.njk', {
      title: area.name,
      breadcrumbs: crumbs,
      version,
      area,
      colour: colourName(area.colour),
      dimensions: statementTables(content, area),
      scale: content.scale,
      scaleTable: scaleTable(content.scale),
      plainAudiences: plainAudiences.map((name) => `for ${name.toLowerCase()}`).join(', and '),
      previous: link(areas[index - 1]),
      next: link(areas[index + 1]),
      itemsCsv: `${base}/items.csv`,
    });
  });
}

function drillDownPages(app: FastifyInstance, deps: FrameworkDeps) {
  tablePage<DrillParams>(app, '/framework/:version/drill-downs/:key', async (request, reply) => {
    const { version, content, base, crumbs, drill } = await visibleDrillDown(deps, request);
    const area = content.areas.find((a) => a.key === drill.areaKey);
    return reply.page('framework/views/drill-down.njk', {
      title: drill.name,
      breadcrumbs: crumbs,
      version,
      drill,
      area:
        area === undefined
          ? undefined
          : { label: areaLabel(area), href: `${base}/areas/${area.key}` },
      practices: practiceTables(drill, (item) =>
        isLeadersOnly(item) ? LEADERS_ONLY : audienceNames(content, item),
      ),
      csvHref: `${base}/drill-downs/${drill.key}/questions.csv`,
    });
  });

  app.get<DrillParams>(
    '/framework/:version/drill-downs/:key/questions.csv',
    async (request, reply) => {
      const { version, drill } = await visibleDrillDown(deps, request);
      const rows = drill.practices.flatMap((practice) =>
        practice.items.map((item) => [
          practice.name,
          item.key,
          item.audiences.join('; '),
          isLeadersOnly(item) ? 'Yes' : 'No',
          item.reverse ? 'Yes' : 'No',
          item.text,
        ]),
      );
      const body = toCsv(
        [
          'Practice',
          'Question key',
          'Audiences',
          'Leaders and managers only',
          'Reverse-scored',
          'Text',
        ],
        rows,
      );
      return sendCsv(reply, `framework-${version.key}-${drill.key}.csv`, body);
    },
  );
}
