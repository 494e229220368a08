import { sendCsv } from '../../web/http.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { toCsv } from '../../web/csv.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { hasGlobalRole, requireUser } from '../../web/session.ts';
import { formatDate } from '../../web/views.ts';
import { isVisibleVersion, listVersions, stageBands } from './repository.ts';
import { areasInRainbowOrder, colourName } from '../../kernel/framework.ts';
import type { Area, FrameworkVersion, Item } from './schema.ts';
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
  app.get('/framework', async (request, reply) => {
    const { drafts, versions } = await visibleVersions(db, request);
    return reply.page('framework/views/index.njk', {
      title: "The One Children's Workforce framework",
      breadcrumbs: [{ text: 'Home', href: '/' }],
      versions,
      showStatus: drafts,
    });
  });

  app.get('/framework/versions.csv', async (request, reply) => {
    const { versions } = await visibleVersions(db, request);
    const body = toCsv(
      ['Key', 'Title', 'Status', 'Published', 'In use'],
      versions.map((v) => [
        v.key,
        v.title,
        v.status,
        v.publishedAt?.toISOString().slice(0, 10),
        v.lockedAt === null ? 'No' : 'Yes',
      ]),
    );
    return sendCsv(reply, 'framework-versions.csv', body);
  });
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
  app.get<AreaParams>('/framework/:version/areas/:area', async (request, reply) => {
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
    const dimensions = area.dimensions.map((dimension) => ({
      key: dimension.key,
      name: dimension.name,
      description: dimension.description,
      audiences: content.audiences.map((audience) => ({
        name: audience.name,
        rows: dimension.items
          .filter((item) => item.audiences.includes(audience.key))
          .map((item) => [
            { text: item.key },
            { text: item.text },
            { text: item.reverse ? 'Reverse-scored' : 'Standard' },
          ]),
      })),
    }));
    const plainAudiences = content.audiences.filter((a) => a.plainLanguage).map((a) => a.name);
    return reply.page('framework/views/area.njk', {
      title: area.name,
      breadcrumbs: crumbs,
      version,
      area,
      colour: colourName(area.colour),
      dimensions,
      scale: content.scale,
      plainAudiences: plainAudiences.map((name) => `for ${name.toLowerCase()}`).join(', and '),
      previous: link(areas[index - 1]),
      next: link(areas[index + 1]),
      itemsCsv: `${base}/items.csv`,
    });
  });
}

function drillDownPages(app: FastifyInstance, deps: FrameworkDeps) {
  app.get<DrillParams>('/framework/:version/drill-downs/:key', async (request, reply) => {
    const { version, content, base, crumbs, drill } = await visibleDrillDown(deps, request);
    const area = content.areas.find((a) => a.key === drill.areaKey);
    const practices = drill.practices.map((practice) => ({
      name: practice.name,
      description: practice.description,
      rows: practice.items.map((item, i) => [
        { text: String(i + 1) },
        { text: item.key },
        { text: item.text },
        { text: isLeadersOnly(item) ? LEADERS_ONLY : audienceNames(content, item) },
      ]),
    }));
    return reply.page('framework/views/drill-down.njk', {
      title: drill.name,
      breadcrumbs: crumbs,
      version,
      drill,
      area:
        area === undefined
          ? undefined
          : { label: areaLabel(area), href: `${base}/areas/${area.key}` },
      practices,
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
