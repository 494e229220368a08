import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database, Tx } from '../../db/client.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { formBody, parseWith } from '../../web/forms.ts';
import { flashFor } from '../../web/http.ts';
import { tablePage } from '../../web/table-pages.ts';
import { formErrors, formatPeriod, withDateParts } from '../../web/dates.ts';
import { askPastDates, DATE_FIELDS, detailsRoutes } from './details-routes.ts';
import { planRoutes } from './plan-routes.ts';
import * as repo from './repository.ts';
import {
  ROUND_STATUSES,
  roundFormSchema,
  STATUS_HINTS,
  STATUS_LABELS,
  statusSchema,
} from './schemas.ts';
import { changeStatus, createRound, publishedVersions, type ReleaseAnswers } from './service.ts';
import { roundsTable, statusTag } from './tables.ts';
import { roundTasks, type AgreeActionsProgress } from './tasks.ts';
import {
  canDo,
  ROUND_WRITERS,
  roundPage,
  trustPage,
  type RoundParams,
  type TrustPage,
  type TrustParams,
} from './web.ts';

const FLASH = {
  created: 'Round created',
  status: 'Status saved',
  details: 'Title and dates saved',
};

export interface RoundRoutesOptions {
  db: Database;
  /** What changing the status to analysing calls: the analysis service's release. */
  release: ReleaseAnswers;
  /** How far a round's "Agree actions" has got (the action plan counts it). */
  actionsProgress?: (tx: Tx, roundId: string) => Promise<AgreeActionsProgress>;
}

/** Assessment rounds: the list, a new round, and a round's page with its task list. */
export async function roundRoutes(app: FastifyInstance, options: RoundRoutesOptions) {
  const { db } = options;
  listPages(app, db);
  newRoundPages(app, db);
  roundPages(app, options);
  detailsRoutes(app, db);
  await app.register(planRoutes, options);
}

function listPages(app: FastifyInstance, db: Database) {
  tablePage<TrustParams>(app, '/trusts/:trust/rounds', async (request, reply) => {
    const page = trustPage(request, request.params.trust);
    const rounds = await db.withTrust(page.trust.id, repo.listRounds);
    return reply.page('rounds/views/list.njk', {
      title: 'Assessment rounds',
      breadcrumbs: page.breadcrumbs.slice(0, 1),
      base: page.roundsBase,
      canCreate: canDo(page.trust, ROUND_WRITERS),
      rounds: roundsTable(page.roundsBase, rounds),
    });
  });
}

// ---- A new round ----

const renderNew = async (
  db: Database,
  reply: FastifyReply,
  page: TrustPage,
  values: Record<string, unknown>,
  errors?: FieldError[],
) => {
  const versions = await db.withTrust(page.trust.id, publishedVersions);
  return reply.code(errors ? 400 : 200).page('rounds/views/new.njk', {
    title: 'Start a new round',
    breadcrumbs: page.breadcrumbs,
    base: page.roundsBase,
    versions: versions.map((v) => ({
      value: v.key,
      text: `${v.title} (${v.key})`,
      checked: values.frameworkVersion === v.key,
    })),
    values,
    askPastDates: askPastDates(values, errors),
    errors: errors ? formErrors(errors, DATE_FIELDS) : undefined,
  });
};

function newRoundPages(app: FastifyInstance, db: Database) {
  app.get<TrustParams>('/trusts/:trust/rounds/new', async (request, reply) => {
    const page = trustPage(request, request.params.trust, ROUND_WRITERS);
    const versions = await db.withTrust(page.trust.id, publishedVersions);
    // With one published version it is chosen already.
    const only = versions.length === 1 ? versions[0]?.key : undefined;
    return renderNew(db, reply, page, only === undefined ? {} : { frameworkVersion: only });
  });

  app.post<TrustParams>('/trusts/:trust/rounds/new', async (request, reply) => {
    const page = trustPage(request, request.params.trust, ROUND_WRITERS);
    const body = formBody(request.body);
    const versions = await db.withTrust(page.trust.id, publishedVersions);
    const parsed = parseWith(
      roundFormSchema(versions.map((v) => v.key)),
      withDateParts(body, DATE_FIELDS),
    );
    const outcome = parsed.ok
      ? await createRound(db, page.trust.id, page.actor, parsed.data)
      : parsed;
    if (!outcome.ok) return renderNew(db, reply, page, body, outcome.errors);
    return reply.redirect(`${page.roundsBase}/${outcome.value.id}?done=created`, 303);
  });
}

// ---- A round ----

const renderRound = async (
  { db, actionsProgress }: RoundRoutesOptions,
  reply: FastifyReply,
  params: RoundParams['Params'],
  request: Parameters<typeof roundPage>[1],
  options: { errors?: FieldError[]; flash?: string | undefined } = {},
) => {
  const page = await roundPage(db, request, params);
  const { counts, actions } = await db.withTrust(page.trust.id, async (tx) => ({
    counts: await repo.roundCounts(tx, page.round.id),
    actions: await actionsProgress?.(tx, page.round.id),
  }));
  const canAdmin = canDo(page.trust, ROUND_WRITERS);
  return reply.code(options.errors ? 400 : 200).page('rounds/views/round.njk', {
    title: page.round.title,
    breadcrumbs: page.breadcrumbs.slice(0, -1),
    base: page.base,
    round: page.round,
    versionTitle: page.version.title,
    period: formatPeriod(page.round.startsOn, page.round.endsOn),
    tag: statusTag(page.round.status),
    tasks: roundTasks(page.base, page.round.status, counts, actions),
    counts,
    canAdmin,
    statuses: ROUND_STATUSES.map((s) => ({
      value: s,
      text: STATUS_LABELS[s],
      hint: { text: STATUS_HINTS[s] },
      checked: s === page.round.status,
    })),
    errors: options.errors ? formErrors(options.errors) : undefined,
    flash: options.flash,
  });
};

function roundPages(app: FastifyInstance, options: RoundRoutesOptions) {
  const { db, release } = options;
  app.get<RoundParams>('/trusts/:trust/rounds/:round', async (request, reply) =>
    renderRound(options, reply, request.params, request, { flash: flashFor(request, FLASH) }),
  );

  app.post<RoundParams>('/trusts/:trust/rounds/:round/status', async (request, reply) => {
    const page = await roundPage(db, request, request.params, ROUND_WRITERS);
    const parsed = parseWith(statusSchema, formBody(request.body));
    if (!parsed.ok)
      return renderRound(options, reply, request.params, request, { errors: parsed.errors });
    await changeStatus(db, page.trust.id, page.actor, page.round.id, parsed.data.status, {
      release,
    });
    return reply.redirect(`${page.base}?done=status`, 303);
  });
}
