import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { NotFoundError, type FieldError } from '../../kernel/errors.ts';
import { flashFor, recordId, sendCsv } from '../../web/http.ts';
import { tablePage } from '../../web/table-pages.ts';
import { dateValues, formErrors, formatPeriod } from '../../web/dates.ts';
import {
  canDo,
  PLAN_WRITERS,
  roundPage,
  type RoundPage,
  type RoundParams,
} from '../rounds/index.ts';
import { ratingsRoutes } from './ratings-routes.ts';
import * as repo from './repository.ts';
import type { WorkshopRow } from './repository.ts';
import { parseWorkshopForm } from './form.ts';
import { KIND_LABELS, kindLabel, participantField, WORKSHOP_KINDS } from './schemas.ts';
import { workshopsTable } from './tables.ts';
import {
  changeWorkshop,
  createWorkshop,
  participantsTotal,
  ratingsCsv,
  removeWorkshop,
  trustSectors,
} from './service.ts';

export type WorkshopParams = { Params: { trust: string; round: string; workshop: string } };

const FLASH = { removed: 'Workshop removed' };

/** Focus groups and analysis workshops of a round: the list, recording, changing, removing. */
export async function workshopRoutes(app: FastifyInstance, options: { db: Database }) {
  const { db } = options;
  listPages(app, db);
  newWorkshopPages(app, db);
  editPages(app, db);
  removePages(app, db);
  await app.register(ratingsRoutes, options);
}

const loadList = (db: Database, page: RoundPage) =>
  db.withTrust(page.trust.id, async (tx) => {
    const workshops = await repo.listWorkshops(tx, page.round.id);
    return workshops.map((w) => ({
      ...w,
      kindText: kindLabel(w.kind),
      total: participantsTotal(w),
    }));
  });

function listPages(app: FastifyInstance, db: Database) {
  tablePage<RoundParams>(app, '/trusts/:trust/rounds/:round/workshops', async (request, reply) => {
    const page = await roundPage(db, request, request.params);
    return reply.page('workshops/views/list.njk', {
      title: 'Focus groups and workshops',
      breadcrumbs: page.breadcrumbs,
      base: page.base,
      round: page.round,
      workshops: workshopsTable(page.base, await loadList(db, page)),
      canEdit: canDo(page.trust, PLAN_WRITERS),
      flash: flashFor(request, FLASH),
    });
  });

  app.get<RoundParams>(
    '/trusts/:trust/rounds/:round/workshops/ratings.csv',
    async (request, reply) => {
      const page = await roundPage(db, request, request.params);
      const { workshops, ratings } = await db.withTrust(page.trust.id, async (tx) => {
        const list = await repo.listWorkshops(tx, page.round.id);
        return {
          workshops: list,
          ratings: await repo.listRatings(
            tx,
            list.map((w) => w.id),
          ),
        };
      });
      const csv = ratingsCsv(page.version, workshops, ratings);
      return sendCsv(reply, `${page.trust.slug}-workshop-ratings.csv`, csv);
    },
  );
}

// ---- Recording and changing a workshop ----

const renderForm = async (
  db: Database,
  reply: FastifyReply,
  page: RoundPage,
  form: { workshop?: WorkshopRow; values: Record<string, unknown>; errors?: FieldError[] },
) => {
  const sectors = await db.withTrust(page.trust.id, trustSectors);
  const base = `${page.base}/workshops`;
  const workshop = form.workshop;
  const adding = workshop === undefined;
  const here = adding ? base : `${base}/${workshop.id}`;
  return reply.code(form.errors ? 400 : 200).page('workshops/views/form.njk', {
    title: adding ? 'Record a focus group or workshop' : 'Change the workshop details',
    breadcrumbs: [
      ...page.breadcrumbs,
      { text: 'Focus groups and workshops', href: base },
      ...(adding ? [] : [{ text: workshop.title, href: here }]),
    ],
    action: adding ? `${base}/new` : `${here}/edit`,
    back: here,
    adding,
    kinds: WORKSHOP_KINDS.map((k) => ({
      value: k,
      text: KIND_LABELS[k],
      hint: {
        text:
          k === 'analysis-workshop'
            ? 'Its scores are the agreed position of the partnership for this round'
            : 'A discussion with a group of people, to hear their views',
      },
      checked: form.values.kind === k,
    })),
    sectors: sectors.map((s) => ({ ...s, field: participantField(s.key) })),
    values: form.values,
    period: formatPeriod(page.round.startsOn, page.round.endsOn),
    errors: form.errors ? formErrors(form.errors, ['heldOn']) : undefined,
  });
};

function newWorkshopPages(app: FastifyInstance, db: Database) {
  app.get<RoundParams>('/trusts/:trust/rounds/:round/workshops/new', async (request, reply) => {
    const page = await roundPage(db, request, request.params, PLAN_WRITERS);
    return renderForm(db, reply, page, { values: {} });
  });

  app.post<RoundParams>('/trusts/:trust/rounds/:round/workshops/new', async (request, reply) => {
    const page = await roundPage(db, request, request.params, PLAN_WRITERS);
    const sectors = await db.withTrust(page.trust.id, trustSectors);
    const form = parseWorkshopForm(request, sectors);
    const outcome = form.ok
      ? await db.withTrust(page.trust.id, (tx) =>
          createWorkshop(tx, page.trust.id, page.actor, page.round, form.data),
        )
      : form;
    if (!outcome.ok)
      return renderForm(db, reply, page, { values: form.values, errors: outcome.errors });
    return reply.redirect(`${page.base}/workshops/${outcome.value.id}?done=recorded`, 303);
  });
}

const findWorkshop = async (db: Database, page: RoundPage, id: string) => {
  const workshopId = recordId(id);
  const row = await db.withTrust(page.trust.id, (tx) =>
    repo.findWorkshop(tx, page.round.id, workshopId),
  );
  if (row === undefined) throw new NotFoundError();
  return row;
};

const editable = async (
  db: Database,
  request: FastifyRequest,
  params: WorkshopParams['Params'],
) => {
  const page = await roundPage(db, request, params, PLAN_WRITERS);
  return { page, workshop: await findWorkshop(db, page, params.workshop) };
};

function editPages(app: FastifyInstance, db: Database) {
  app.get<WorkshopParams>(
    '/trusts/:trust/rounds/:round/workshops/:workshop/edit',
    async (request, reply) => {
      const { page, workshop } = await editable(db, request, request.params);
      const values: Record<string, unknown> = {
        kind: workshop.kind,
        title: workshop.title,
        facilitator: workshop.facilitator,
        notes: workshop.notes,
        ...dateValues({ heldOn: workshop.heldOn }),
      };
      for (const p of workshop.participants)
        values[participantField(p.sectorKey)] = String(p.count);
      return renderForm(db, reply, page, { workshop, values });
    },
  );

  app.post<WorkshopParams>(
    '/trusts/:trust/rounds/:round/workshops/:workshop/edit',
    async (request, reply) => {
      const { page, workshop } = await editable(db, request, request.params);
      const sectors = await db.withTrust(page.trust.id, trustSectors);
      const form = parseWorkshopForm(request, sectors);
      const outcome = form.ok
        ? await db.withTrust(page.trust.id, (tx) =>
            changeWorkshop(tx, page.trust.id, page.actor, page.round, workshop, form.data),
          )
        : form;
      if (!outcome.ok)
        return renderForm(db, reply, page, {
          workshop,
          values: form.values,
          errors: outcome.errors,
        });
      return reply.redirect(`${page.base}/workshops/${workshop.id}?done=changed`, 303);
    },
  );
}

function removePages(app: FastifyInstance, db: Database) {
  app.get<WorkshopParams>(
    '/trusts/:trust/rounds/:round/workshops/:workshop/remove',
    async (request, reply) => {
      const { page, workshop } = await editable(db, request, request.params);
      const base = `${page.base}/workshops`;
      return reply.page('workshops/views/remove.njk', {
        title: `Remove ${workshop.title}`,
        breadcrumbs: [
          ...page.breadcrumbs,
          { text: 'Focus groups and workshops', href: base },
          { text: workshop.title, href: `${base}/${workshop.id}` },
        ],
        workshop,
        kindText: kindLabel(workshop.kind).toLowerCase(),
        action: `${base}/${workshop.id}/remove`,
        back: `${base}/${workshop.id}`,
      });
    },
  );

  app.post<WorkshopParams>(
    '/trusts/:trust/rounds/:round/workshops/:workshop/remove',
    async (request, reply) => {
      const { page, workshop } = await editable(db, request, request.params);
      await db.withTrust(page.trust.id, (tx) =>
        removeWorkshop(tx, page.trust.id, page.actor, workshop),
      );
      return reply.redirect(`${page.base}/workshops?done=removed`, 303);
    },
  );
}
