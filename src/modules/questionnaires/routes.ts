import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.ts';
import { errorView, formBody } from '../../web/forms.ts';
import { flashFor } from '../../web/http.ts';
import { tableAlias, tablePage } from '../../web/table-pages.ts';
import { blankState, formView, readForm, storedState, type FormState } from './form.ts';
import { invitationRoutes } from './invitation-routes.ts';
import { linkRoutes } from './link-routes.ts';
import { monitoringRoutes } from './monitoring-routes.ts';
import { previewRoutes } from './preview.ts';
import { countResponses, listQuestionnaires, type QuestionnaireRow } from './repository.ts';
import { createQuestionnaire, describe, updateQuestionnaire } from './service.ts';
import type { Language } from '../framework/index.ts';
import { offerableLanguages } from '../translations/index.ts';
import { showQuestionnaire } from './show.ts';
import { questionnairesTable } from './tables.ts';
import {
  ADMIN,
  loadQuestionnaire,
  loadRound,
  type QuestionnaireParams,
  type QuestionnairePagesOptions,
  type RoundContext,
  type RoundParams,
} from './web.ts';

const FLASH = { created: 'Questionnaire set up' };

/** Questionnaires of a round, for the trust admin. */
export async function questionnaireRoutes(
  app: FastifyInstance,
  options: QuestionnairePagesOptions,
) {
  listPages(app, options.db);
  formPages(app, options.db);
  questionnairePages(app, options);
  await app.register(linkRoutes, options);
  await app.register(invitationRoutes, options);
  await app.register(monitoringRoutes, options);
  await app.register(previewRoutes, options);
}

const list = '/trusts/:trust/rounds/:round/questionnaires';
const one = `${list}/:q`;

async function listRows(db: Database, ctx: RoundContext) {
  const rows = await db.withTrust(ctx.trust.id, (tx) => listQuestionnaires(tx, ctx.round.id));
  return rows.map((r) => ({
    ...r.questionnaire,
    described: describe(ctx.version, r.questionnaire),
    openLinks: r.openLinks,
    responses: r.responses,
  }));
}

function listPages(app: FastifyInstance, db: Database) {
  tablePage<RoundParams>(app, list, async (request, reply) => {
    const ctx = await loadRound(db, request, request.params, ADMIN);
    return reply.page('questionnaires/views/list.njk', {
      title: 'Questionnaires',
      breadcrumbs: ctx.breadcrumbs,
      base: ctx.base,
      round: ctx.round,
      questionnaires: questionnairesTable(ctx.base, await listRows(db, ctx)),
      flash: flashFor(request, FLASH),
    });
  });
}

/** The languages a questionnaire of the round may be offered in, besides English. */
const offerableIn = (db: Database, ctx: RoundContext) =>
  db.withTrust(ctx.trust.id, (tx) => offerableLanguages(tx, ctx.round.frameworkVersion));

function renderForm(
  reply: FastifyReply,
  ctx: RoundContext & { offerable: readonly Language[] },
  state: FormState,
  existing: { questionnaire: QuestionnaireRow; locked: boolean } | null,
) {
  const title = existing ? 'Change questionnaire' : 'Set up a questionnaire';
  // A questionnaire's context already ends with the Questionnaires crumb.
  const breadcrumbs = existing
    ? [...ctx.breadcrumbs]
    : [...ctx.breadcrumbs, { text: 'Questionnaires', href: ctx.base }];
  if (existing)
    breadcrumbs.push({
      text: existing.questionnaire.title,
      href: `${ctx.base}/${existing.questionnaire.id}`,
    });
  return reply.code(state.errors.length > 0 ? 400 : 200).page('questionnaires/views/form.njk', {
    title,
    breadcrumbs,
    action: existing ? `${ctx.base}/${existing.questionnaire.id}/edit` : `${ctx.base}/new`,
    cancel: existing ? `${ctx.base}/${existing.questionnaire.id}` : ctx.base,
    locked: existing?.locked ?? false,
    described: existing ? describe(ctx.version, existing.questionnaire, ctx.offerable) : null,
    questionnaire: existing?.questionnaire,
    round: ctx.round,
    form: formView(ctx.version, state, ctx.offerable),
    errors: state.errors.length > 0 ? errorView(state.errors) : undefined,
  });
}

function formPages(app: FastifyInstance, db: Database) {
  const round = async (request: FastifyRequest<RoundParams>) => {
    const ctx = await loadRound(db, request, request.params, ADMIN);
    return { ...ctx, offerable: await offerableIn(db, ctx) };
  };
  const questionnaire = async (request: FastifyRequest<QuestionnaireParams>) => {
    const ctx = await loadQuestionnaire(db, request, request.params);
    return { ...ctx, offerable: await offerableIn(db, ctx) };
  };

  app.get<RoundParams>(`${list}/new`, async (request, reply) => {
    const ctx = await round(request);
    return renderForm(reply, ctx, blankState(ctx.round, ctx.version), null);
  });

  app.post<RoundParams>(`${list}/new`, async (request, reply) => {
    const ctx = await round(request);
    const dates = { ...ctx.round, offerable: ctx.offerable };
    const form = readForm(ctx.version, dates, formBody(request.body), null);
    if (!form.ok) return renderForm(reply, ctx, form, null);
    const q = await createQuestionnaire(db, ctx.trust.id, ctx.actor, ctx.round.id, form.input);
    return reply.redirect(`${ctx.base}/${q.id}?done=created`, 303);
  });

  app.get<QuestionnaireParams>(`${one}/edit`, async (request, reply) => {
    const ctx = await questionnaire(request);
    const q = ctx.questionnaire;
    const locked = (await db.withTrust(ctx.trust.id, (tx) => countResponses(tx, q.id))) > 0;
    return renderForm(reply, ctx, storedState(q), { questionnaire: q, locked });
  });

  app.post<QuestionnaireParams>(`${one}/edit`, async (request, reply) => {
    const ctx = await questionnaire(request);
    const q = ctx.questionnaire;
    const locked = (await db.withTrust(ctx.trust.id, (tx) => countResponses(tx, q.id))) > 0;
    const dates = { ...ctx.round, offerable: ctx.offerable };
    const form = readForm(ctx.version, dates, formBody(request.body), locked ? q : null);
    if (!form.ok) return renderForm(reply, ctx, form, { questionnaire: q, locked });
    const { datesOnly } = await updateQuestionnaire(db, ctx.trust.id, ctx.actor, q, form.input);
    return reply.redirect(`${ctx.qBase}?done=${datesOnly ? 'dates-saved' : 'saved'}`, 303);
  });
}

function questionnairePages(app: FastifyInstance, options: QuestionnairePagesOptions) {
  const show = async (request: FastifyRequest<QuestionnaireParams>, reply: FastifyReply) =>
    showQuestionnaire(options, request, reply);
  tablePage<QuestionnaireParams>(app, one, show);
  // The tables' downloads as they were first offered.
  tableAlias<QuestionnaireParams>(app, `${one}/pages`, show, 'pages');
  tableAlias<QuestionnaireParams>(app, `${one}/links`, show, 'links');
}
