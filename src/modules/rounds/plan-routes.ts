import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { NotFoundError, type FieldError } from '../../kernel/errors.ts';
import { asArray, formBody, parseWith } from '../../web/forms.ts';
import { flashFor, recordId } from '../../web/http.ts';
import { tablePage } from '../../web/table-pages.ts';
import { dateValues, formErrors, formatPeriod, withDateParts } from '../../web/dates.ts';
import * as repo from './repository.ts';
import { ACTIVITIES, ACTIVITY_LABELS, planFormSchema } from './schemas.ts';
import {
  addPlanTest,
  changePlanTest,
  describePlanTest,
  participantKeys,
  planOptions,
  removePlanTest,
  type PlanOptions,
} from './plan-service.ts';
import { planTable } from './tables.ts';
import { canDo, PLAN_WRITERS, roundPage, type RoundPage, type RoundParams } from './web.ts';

type TestParams = { Params: { trust: string; round: string; test: string } };

const FLASH = {
  added: 'Test added to the plan',
  changed: 'Test changed',
  removed: 'Test removed from the plan',
};

const DATE_FIELDS = ['startsOn', 'endsOn'];

/** The plan of a round: which tests of which areas, when, and who takes part. */
export async function planRoutes(app: FastifyInstance, options: { db: Database }) {
  planPages(app, options.db);
  newTestPages(app, options.db);
  testPages(app, options.db);
  return Promise.resolve();
}

const loadPlan = async (db: Database, page: RoundPage) =>
  db.withTrust(page.trust.id, async (tx) => {
    const options = await planOptions(tx, page.version);
    const rows = await repo.listPlanTests(tx, page.round.id);
    return { options, rows: rows.map((row) => describePlanTest(row, options)) };
  });

function planPages(app: FastifyInstance, db: Database) {
  tablePage<RoundParams>(app, '/trusts/:trust/rounds/:round/plan', async (request, reply) => {
    const page = await roundPage(db, request, request.params);
    const { rows } = await loadPlan(db, page);
    const canEdit = canDo(page.trust, PLAN_WRITERS);
    return reply.page('rounds/views/plan.njk', {
      title: 'Plan the tests',
      breadcrumbs: page.breadcrumbs,
      base: page.base,
      round: page.round,
      plan: planTable(page.base, rows, canEdit),
      canEdit,
      flash: flashFor(request, FLASH),
    });
  });
}

// ---- Adding and changing a test ----

const renderForm = async (
  reply: FastifyReply,
  page: RoundPage,
  options: PlanOptions,
  form: { test?: string; values: Record<string, unknown>; errors?: FieldError[] },
) => {
  const ticked = (field: string) => new Set(asArray(form.values[field]));
  const areas = ticked('areas');
  const participants = ticked('participants');
  const adding = form.test === undefined;
  return reply.code(form.errors ? 400 : 200).page('rounds/views/plan-form.njk', {
    title: adding ? 'Add a test to the plan' : 'Change a test in the plan',
    breadcrumbs: [...page.breadcrumbs, { text: 'Plan the tests', href: `${page.base}/plan` }],
    base: page.base,
    action: adding ? `${page.base}/plan/new` : `${page.base}/plan/${form.test ?? ''}`,
    test: form.test,
    areaItems: options.areas.map((a) => ({
      value: a.key,
      text: `${a.colour}: ${a.name}`,
      checked: areas.has(a.key),
    })),
    activityItems: ACTIVITIES.map((a) => ({
      value: a,
      text: ACTIVITY_LABELS[a],
      checked: form.values.activity === a,
    })),
    audienceItems: options.audiences.map((a) => ({
      value: a.key,
      text: a.name,
      checked: participants.has(a.key),
    })),
    sectorItems: options.sectors.map((s) => ({
      value: s.key,
      text: s.name,
      checked: participants.has(s.key),
    })),
    hasSectors: options.sectors.length > 0,
    values: form.values,
    period: formatPeriod(page.round.startsOn, page.round.endsOn),
    errors: form.errors ? formErrors(form.errors, DATE_FIELDS) : undefined,
  });
};

const parseForm = (request: FastifyRequest, options: PlanOptions) => {
  const body = formBody(request.body);
  const values = {
    ...body,
    areas: asArray(body.areas),
    participants: asArray(body.participants),
  };
  const parsed = parseWith(
    planFormSchema(
      options.areas.map((a) => a.key),
      participantKeys(options),
    ),
    withDateParts(values, DATE_FIELDS),
  );
  return { values, parsed };
};

const editablePage = async (
  db: Database,
  request: FastifyRequest,
  params: RoundParams['Params'],
) => {
  const page = await roundPage(db, request, params, PLAN_WRITERS);
  const options = await db.withTrust(page.trust.id, (tx) => planOptions(tx, page.version));
  return { page, options };
};

function newTestPages(app: FastifyInstance, db: Database) {
  app.get<RoundParams>('/trusts/:trust/rounds/:round/plan/new', async (request, reply) => {
    const { page, options } = await editablePage(db, request, request.params);
    return renderForm(reply, page, options, { values: {} });
  });

  app.post<RoundParams>('/trusts/:trust/rounds/:round/plan/new', async (request, reply) => {
    const { page, options } = await editablePage(db, request, request.params);
    const { values, parsed } = parseForm(request, options);
    const outcome = parsed.ok
      ? await db.withTrust(page.trust.id, (tx) =>
          addPlanTest(tx, page.trust.id, page.actor, page.round, parsed.data),
        )
      : parsed;
    if (!outcome.ok) return renderForm(reply, page, options, { values, errors: outcome.errors });
    return reply.redirect(`${page.base}/plan?done=added`, 303);
  });
}

const findTest = async (db: Database, page: RoundPage, test: string) => {
  const id = recordId(test);
  const row = await db.withTrust(page.trust.id, (tx) => repo.findPlanTest(tx, page.round.id, id));
  if (row === undefined) throw new NotFoundError();
  return row;
};

function testPages(app: FastifyInstance, db: Database) {
  app.get<TestParams>('/trusts/:trust/rounds/:round/plan/:test', async (request, reply) => {
    const { page, options } = await editablePage(db, request, request.params);
    const row = await findTest(db, page, request.params.test);
    return renderForm(reply, page, options, {
      test: row.id,
      values: {
        areas: row.areaKeys,
        activity: row.activity,
        participants: row.participants,
        description: row.description,
        ...dateValues({ startsOn: row.startsOn, endsOn: row.endsOn }),
      },
    });
  });

  app.post<TestParams>('/trusts/:trust/rounds/:round/plan/:test', async (request, reply) => {
    const { page, options } = await editablePage(db, request, request.params);
    const row = await findTest(db, page, request.params.test);
    const { values, parsed } = parseForm(request, options);
    const outcome = parsed.ok
      ? await db.withTrust(page.trust.id, (tx) =>
          changePlanTest(tx, page.trust.id, page.actor, page.round, row, parsed.data),
        )
      : parsed;
    if (!outcome.ok)
      return renderForm(reply, page, options, { test: row.id, values, errors: outcome.errors });
    return reply.redirect(`${page.base}/plan?done=changed`, 303);
  });

  app.post<TestParams>('/trusts/:trust/rounds/:round/plan/:test/remove', async (request, reply) => {
    const { page } = await editablePage(db, request, request.params);
    const row = await findTest(db, page, request.params.test);
    await db.withTrust(page.trust.id, (tx) => removePlanTest(tx, page.trust.id, page.actor, row));
    return reply.redirect(`${page.base}/plan?done=removed`, 303);
  });
}
