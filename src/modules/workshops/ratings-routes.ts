import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { NotFoundError, type FieldError } from '../../kernel/errors.ts';
import { formBody } from '../../web/forms.ts';
import { flashFor, recordId, sendCsv } from '../../web/http.ts';
import { tablePage } from '../../web/table-pages.ts';
import { stageBands, type Area } from '../framework/index.ts';
import { colourName } from '../../kernel/framework.ts';
import { formErrors } from '../../web/dates.ts';
import { canDo, PLAN_WRITERS, roundPage, type RoundPage } from '../rounds/index.ts';
import { formatScore, parseAreaForm, ratingFields } from './ratings.ts';
import * as repo from './repository.ts';
import { kindLabel } from './schemas.ts';
import { ratingTables } from './tables.ts';
import {
  areaRatings,
  participantsTotal,
  ratingsCsv,
  saveAreaRatings,
  trustSectors,
} from './service.ts';

type WorkshopParams = { Params: { trust: string; round: string; workshop: string } };
type AreaParams = { Params: { trust: string; round: string; workshop: string; area: string } };

const FLASH = {
  recorded: 'Workshop recorded',
  changed: 'Workshop details saved',
  ratings: 'Ratings saved',
};

/** A workshop's page with its ratings per area, and the page to record an area's ratings. */
export async function ratingsRoutes(app: FastifyInstance, options: { db: Database }) {
  workshopPages(app, options.db);
  areaPages(app, options.db);
  return Promise.resolve();
}

const load = async (
  db: Database,
  request: FastifyRequest,
  params: WorkshopParams['Params'],
  allowed?: typeof PLAN_WRITERS,
) => {
  const page = await roundPage(db, request, params, allowed);
  const workshopId = recordId(params.workshop);
  const found = await db.withTrust(page.trust.id, async (tx) => {
    const workshop = await repo.findWorkshop(tx, page.round.id, workshopId);
    if (workshop === undefined) return undefined;
    const [ratings, sectors] = await Promise.all([
      repo.listRatings(tx, [workshop.id]),
      trustSectors(tx),
    ]);
    return { workshop, ratings, sectors };
  });
  if (found === undefined) throw new NotFoundError();
  const base = `${page.base}/workshops/${found.workshop.id}`;
  const breadcrumbs = [
    ...page.breadcrumbs,
    { text: 'Focus groups and workshops', href: `${page.base}/workshops` },
  ];
  return { page, ...found, base, breadcrumbs };
};

function workshopPages(app: FastifyInstance, db: Database) {
  tablePage<WorkshopParams>(
    app,
    '/trusts/:trust/rounds/:round/workshops/:workshop',
    async (request, reply) => {
      const { page, workshop, ratings, sectors, base, breadcrumbs } = await load(
        db,
        request,
        request.params,
      );
      const names = new Map(sectors.map((s) => [s.key, s.name]));
      return reply.page('workshops/views/workshop.njk', {
        title: workshop.title,
        breadcrumbs,
        base,
        round: page.round,
        workshop,
        kindText: kindLabel(workshop.kind),
        participants: workshop.participants.map((p) => ({
          name: names.get(p.sectorKey) ?? p.sectorKey,
          count: p.count,
        })),
        total: participantsTotal(workshop),
        areas: ratingTables(areaRatings(page.version, ratings)),
        canEdit: canDo(page.trust, PLAN_WRITERS),
        flash: flashFor(request, FLASH),
      });
    },
  );

  app.get<WorkshopParams>(
    '/trusts/:trust/rounds/:round/workshops/:workshop/ratings.csv',
    async (request, reply) => {
      const { page, workshop, ratings } = await load(db, request, request.params);
      const csv = ratingsCsv(page.version, [workshop], ratings);
      return sendCsv(reply, `${page.trust.slug}-workshop-ratings.csv`, csv);
    },
  );
}

// ---- Recording the ratings of one area ----

const findArea = (page: RoundPage, key: string): Area => {
  const area = page.version.areas.find((a) => a.key === key);
  if (area === undefined) throw new NotFoundError();
  return area;
};

const renderArea = (
  reply: FastifyReply,
  ctx: Awaited<ReturnType<typeof load>>,
  area: Area,
  values: Record<string, unknown>,
  errors?: FieldError[],
) =>
  reply.code(errors ? 400 : 200).page('workshops/views/ratings.njk', {
    title: `Record ratings for ${area.name}`,
    breadcrumbs: [...ctx.breadcrumbs, { text: ctx.workshop.title, href: ctx.base }],
    base: ctx.base,
    workshop: ctx.workshop,
    colour: colourName(area.colour),
    action: `${ctx.base}/areas/${area.key}`,
    dimensions: area.dimensions.map((d) => {
      const fields = ratingFields(d.key);
      const stage = typeof values[fields.stage] === 'string' ? values[fields.stage] : '';
      return {
        key: d.key,
        name: d.name,
        description: d.description,
        fields,
        stages: [
          ...ctx.page.version.stages.map((s) => ({
            value: String(s.number),
            text: s.name,
            checked: stage === String(s.number),
          })),
          { divider: 'or' },
          { value: '', text: 'No stage agreed', checked: stage === '' },
        ],
      };
    }),
    stageBands: stageBands(ctx.page.version),
    values,
    errors: errors ? formErrors(errors) : undefined,
  });

const storedValues = (ratings: repo.RatingRow[], area: Area) => {
  const values: Record<string, string> = {};
  for (const r of ratings) {
    if (!area.dimensions.some((d) => d.key === r.dimensionKey)) continue;
    const fields = ratingFields(r.dimensionKey);
    values[fields.score] = formatScore(r.score);
    values[fields.stage] = r.stage === null ? '' : String(r.stage);
    values[fields.reasons] = r.reasons;
    values[fields.links] = r.evidenceLinks.join('\n');
  }
  return values;
};

function areaPages(app: FastifyInstance, db: Database) {
  app.get<AreaParams>(
    '/trusts/:trust/rounds/:round/workshops/:workshop/areas/:area',
    async (request, reply) => {
      const ctx = await load(db, request, request.params, PLAN_WRITERS);
      const area = findArea(ctx.page, request.params.area);
      return renderArea(reply, ctx, area, storedValues(ctx.ratings, area));
    },
  );

  app.post<AreaParams>(
    '/trusts/:trust/rounds/:round/workshops/:workshop/areas/:area',
    async (request, reply) => {
      const ctx = await load(db, request, request.params, PLAN_WRITERS);
      const area = findArea(ctx.page, request.params.area);
      const body = formBody(request.body);
      const { values, errors } = parseAreaForm(ctx.page.version, area, body);
      if (errors.length > 0) return renderArea(reply, ctx, area, body, errors);
      await db.withTrust(ctx.page.trust.id, (tx) =>
        saveAreaRatings(tx, ctx.page.trust.id, ctx.page.actor, ctx.workshop, area, values),
      );
      return reply.redirect(`${ctx.base}?done=ratings#area-${area.key}`, 303);
    },
  );
}
