import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Tx } from '../../../db/client.ts';
import type { FieldError } from '../../../kernel/errors.ts';
import { formBody } from '../../../web/forms.ts';
import { flashFor } from '../../../web/http.ts';
import { numeric, pageTable } from '../../../web/page-table.ts';
import { tablePage } from '../../../web/table-pages.ts';
import type { FrameworkVersion } from '../../framework/index.ts';
import { listRounds } from '../../rounds/index.ts';
import {
  changeFocusArea,
  createFocusArea,
  moveFocusArea,
  removeFocusArea,
} from '../focus-areas.ts';
import { actionCountsByFocusArea, listFocusAreas, type FocusAreaRow } from '../repository-focus.ts';
import {
  areaLabel,
  focusFormView,
  formErrors,
  formValuesOf,
  formVersion,
  readFocusForm,
} from './focus-form.ts';
import { FOCUS_WRITERS, focusAreaOf, focusPage, sourceText, type FocusPage } from './focus-page.ts';

// The trust's focus areas: the list in the trust's order (with how many actions each has),
// writing and changing one, moving it up or down, and removing it.
//
// Rules decided here:
// - Every role of the trust reads the list; writers see Move up, Move down, Change and
//   Remove, and "Add a focus area". A forbidden POST is a 403.
// - Moving is a POST form (no script); the direction is in the body (direction=up|down),
//   or, from the buttons of the table, in the address. Moving the first up (or the last
//   down) leaves the order as it is.
// - A focus area's actions link to the plan against its round; one without a round shows
//   the number alone.
// - Removing one asks first, and says that its actions stay in the plan, no longer linked.

type TrustParams = { Params: { trust: string } };
type AreaParams = { Params: { trust: string; focusArea: string } };

const FLASH = {
  added: 'Focus area added',
  changed: 'Focus area saved',
  moved: 'Focus area moved',
  removed: 'Focus area removed',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function focusTable(page: FocusPage, areas: FocusAreaRow[], facts: ListFacts) {
  return pageTable({
    key: 'focus-areas',
    caption: 'Focus areas, in the trust’s order',
    testid: 'focus-areas',
    head: [
      'Focus area',
      'Colours and dimensions',
      'Source',
      { text: 'Actions', format: 'numeric' },
    ],
    rows: areas.map((a) => {
      const count = facts.counts.get(a.id)?.all ?? 0;
      const round = a.roundId === null ? undefined : `${page.trustBase}/rounds/${a.roundId}`;
      return [
        a.description === '' ? a.title : { text: a.title, more: [{ text: a.description }] },
        facts.linkedTo(a) || 'None',
        sourceText(a, facts.roundTitles),
        round === undefined
          ? numeric(count)
          : { ...numeric(count), href: `${round}/actions`, text: String(count) },
      ];
    }),
    actions: page.canWrite
      ? areas.map((a, i) => [
          ...(i > 0
            ? [{ text: 'Move up', hidden: a.title, post: `${page.base}/${a.id}/move?direction=up` }]
            : []),
          ...(i < areas.length - 1
            ? [
                {
                  text: 'Move down',
                  hidden: a.title,
                  post: `${page.base}/${a.id}/move?direction=down`,
                },
              ]
            : []),
          { text: 'Change', hidden: a.title, href: `${page.base}/${a.id}/edit` },
          { text: 'Remove', hidden: a.title, href: `${page.base}/${a.id}/remove` },
        ])
      : undefined,
  });
}

interface ListFacts {
  counts: Map<string, { all: number; live: number }>;
  roundTitles: Map<string, string>;
  linkedTo: (area: FocusAreaRow) => string;
}

/** The names of a focus area's colours and dimensions, from the versions of the trust. */
async function namer(tx: Tx, areas: FocusAreaRow[]): Promise<(area: FocusAreaRow) => string> {
  const versions = new Map<string, FrameworkVersion | undefined>();
  for (const a of areas)
    if (a.frameworkVersion !== null && !versions.has(a.frameworkVersion))
      versions.set(a.frameworkVersion, await formVersion(tx, a));
  return (area) => {
    const version =
      area.frameworkVersion === null ? undefined : versions.get(area.frameworkVersion);
    const colours = area.areas.map((key) => {
      const found = version?.areas.find((x) => x.key === key);
      return found === undefined ? key : areaLabel(found);
    });
    const dimensions = area.dimensions.map(
      (key) => version?.areas.flatMap((x) => x.dimensions).find((d) => d.key === key)?.name ?? key,
    );
    return [...colours, ...dimensions].join('; ');
  };
}

function listPage(app: FastifyInstance, db: Database) {
  tablePage<TrustParams>(app, '/trusts/:trust/focus-areas', async (request, reply) => {
    const page = focusPage(request, request.params.trust);
    const { areas, facts } = await db.withTrust(page.trust.id, async (tx) => {
      const areas = await listFocusAreas(tx);
      const rounds = await listRounds(tx);
      return {
        areas,
        facts: {
          counts: await actionCountsByFocusArea(tx),
          roundTitles: new Map(rounds.map((r) => [r.id, r.title])),
          linkedTo: await namer(tx, areas),
        },
      };
    });
    return reply.page('actions/views/focus-list.njk', {
      title: 'Focus areas',
      breadcrumbs: page.breadcrumbs,
      base: page.base,
      canWrite: page.canWrite,
      flash: flashFor(request, FLASH),
      summary: plural(areas.length, 'focus area', 'focus areas'),
      table: focusTable(page, areas, facts),
    });
  });
}

// ---- Writing and changing ----

async function renderForm(
  db: Database,
  reply: FastifyReply,
  page: FocusPage,
  options: {
    area?: FocusAreaRow;
    values: Record<string, unknown>;
    errors?: FieldError[];
  },
) {
  const { area, values, errors } = options;
  const { version, rounds } = await db.withTrust(page.trust.id, async (tx) => ({
    version: await formVersion(tx, area),
    rounds: await listRounds(tx),
  }));
  return reply.code(errors ? 400 : 200).page('actions/views/focus-form.njk', {
    title: area === undefined ? 'Add a focus area' : `Change focus area: ${area.title}`,
    breadcrumbs: [...page.breadcrumbs, { text: 'Focus areas', href: page.base }],
    action: area === undefined ? `${page.base}/new` : `${page.base}/${area.id}/edit`,
    back: page.base,
    ...focusFormView(values, version, rounds),
    errors: errors ? formErrors(errors) : undefined,
  });
}

function formPages(app: FastifyInstance, db: Database) {
  app.get<TrustParams>('/trusts/:trust/focus-areas/new', async (request, reply) => {
    const page = focusPage(request, request.params.trust, FOCUS_WRITERS);
    const query = request.query as Record<string, unknown>;
    const round = typeof query.round === 'string' ? query.round : undefined;
    return renderForm(db, reply, page, { values: round === undefined ? {} : { roundId: round } });
  });

  app.post<TrustParams>('/trusts/:trust/focus-areas/new', async (request, reply) => {
    const page = focusPage(request, request.params.trust, FOCUS_WRITERS);
    const body = formBody(request.body);
    const version = await db.withTrust(page.trust.id, (tx) => formVersion(tx));
    const values = readFocusForm(body, { source: 'own', frameworkVersion: version?.key ?? null });
    const outcome = await db.withTrust(page.trust.id, (tx) =>
      createFocusArea(tx, page.trust.id, page.actor, values),
    );
    if (!outcome.ok) return renderForm(db, reply, page, { values: body, errors: outcome.errors });
    return reply.redirect(`${page.base}?done=added`, 303);
  });

  app.get<AreaParams>('/trusts/:trust/focus-areas/:focusArea/edit', async (request, reply) => {
    const page = focusPage(request, request.params.trust, FOCUS_WRITERS);
    const area = await db.withTrust(page.trust.id, (tx) =>
      focusAreaOf(tx, request.params.focusArea),
    );
    return renderForm(db, reply, page, { area, values: formValuesOf(area) });
  });

  app.post<AreaParams>('/trusts/:trust/focus-areas/:focusArea/edit', async (request, reply) => {
    const page = focusPage(request, request.params.trust, FOCUS_WRITERS);
    const body = formBody(request.body);
    const area = await db.withTrust(page.trust.id, (tx) =>
      focusAreaOf(tx, request.params.focusArea),
    );
    const version = await db.withTrust(page.trust.id, (tx) => formVersion(tx, area));
    const values = readFocusForm(body, {
      source: area.source,
      frameworkVersion: version?.key ?? null,
    });
    const outcome = await db.withTrust(page.trust.id, (tx) =>
      changeFocusArea(tx, page.trust.id, page.actor, area, values),
    );
    if (!outcome.ok)
      return renderForm(db, reply, page, { area, values: body, errors: outcome.errors });
    return reply.redirect(`${page.base}?done=changed`, 303);
  });
}

// ---- Moving and removing ----

function directionOf(request: FastifyRequest): 'up' | 'down' | undefined {
  const body = formBody(request.body);
  const query = request.query as Record<string, unknown>;
  const asked = body.direction ?? query.direction;
  return asked === 'up' || asked === 'down' ? asked : undefined;
}

function moveAndRemove(app: FastifyInstance, db: Database) {
  app.post<AreaParams>('/trusts/:trust/focus-areas/:focusArea/move', async (request, reply) => {
    const page = focusPage(request, request.params.trust, FOCUS_WRITERS);
    const direction = directionOf(request);
    await db.withTrust(page.trust.id, async (tx) => {
      const area = await focusAreaOf(tx, request.params.focusArea);
      if (direction !== undefined)
        await moveFocusArea(tx, page.trust.id, page.actor, area, direction);
    });
    return reply.redirect(`${page.base}${direction === undefined ? '' : '?done=moved'}`, 303);
  });

  app.get<AreaParams>('/trusts/:trust/focus-areas/:focusArea/remove', async (request, reply) => {
    const page = focusPage(request, request.params.trust, FOCUS_WRITERS);
    const { area, counts } = await db.withTrust(page.trust.id, async (tx) => ({
      area: await focusAreaOf(tx, request.params.focusArea),
      counts: await actionCountsByFocusArea(tx),
    }));
    return reply.page('actions/views/focus-remove.njk', {
      title: `Remove focus area: ${area.title}`,
      breadcrumbs: [...page.breadcrumbs, { text: 'Focus areas', href: page.base }],
      area,
      actions: counts.get(area.id)?.all ?? 0,
      action: `${page.base}/${area.id}/remove`,
      back: page.base,
    });
  });

  app.post<AreaParams>('/trusts/:trust/focus-areas/:focusArea/remove', async (request, reply) => {
    const page = focusPage(request, request.params.trust, FOCUS_WRITERS);
    await db.withTrust(page.trust.id, async (tx) => {
      const area = await focusAreaOf(tx, request.params.focusArea);
      await removeFocusArea(tx, page.trust.id, page.actor, area);
    });
    return reply.redirect(`${page.base}?done=removed`, 303);
  });
}

/** The focus area pages (the plan against a round is in round-plan-routes.ts). */
export function focusPages(app: FastifyInstance, db: Database) {
  listPage(app, db);
  formPages(app, db);
  moveAndRemove(app, db);
}
