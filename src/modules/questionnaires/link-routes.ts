import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { formBody } from '../../web/forms.ts';
import { recordId } from '../../web/http.ts';
import {
  ANY_SECTOR,
  createLink,
  createLinksForEverySector,
  linkView,
  qrPng,
  qrSvg,
  setLinkOpen,
  type LinkView,
} from './links.ts';
import { linksBlockedReason } from './dates.ts';
import { POSTER_TEMPLATE, posterContext } from './poster.ts';
import { showQuestionnaire } from './show.ts';
import {
  loadQuestionnaire,
  type LinkParams,
  type QuestionnaireContext,
  type QuestionnaireParams,
  type QuestionnairePagesOptions,
} from './web.ts';

// Open links of a questionnaire: creating, closing and reopening them, QR codes and posters.

export async function linkRoutes(app: FastifyInstance, options: QuestionnairePagesOptions) {
  createRoutes(app, options);
  openRoutes(app, options.db);
  linkFiles(app, options);
  return Promise.resolve();
}

const links = '/trusts/:trust/rounds/:round/questionnaires/:q/links';

/** The link of the URL on the questionnaire, with its sector and address; else a 404. */
async function loadLink(
  options: QuestionnairePagesOptions,
  ctx: QuestionnaireContext,
  raw: string,
): Promise<LinkView> {
  const view = await linkView(options.db, ctx.trust.id, options.config.baseUrl, {
    questionnaireId: ctx.questionnaire.id,
    linkId: recordId(raw),
  });
  if (view === undefined) throw new NotFoundError();
  return view;
}

function createRoutes(app: FastifyInstance, options: QuestionnairePagesOptions) {
  const { db } = options;
  app.post<QuestionnaireParams>(`${links}/all`, async (request, reply) => {
    const ctx = await loadQuestionnaire(db, request, request.params);
    if (linksBlockedReason(ctx.round.status) !== null)
      return showQuestionnaire(options, request, reply, {
        errors: [{ field: 'links-all', message: linksBlockedReason(ctx.round.status) ?? '' }],
        values: {},
      });
    const n = await createLinksForEverySector(
      db,
      ctx.trust.id,
      ctx.actor,
      ctx.questionnaire,
      ctx.round,
    );
    return reply.redirect(`${ctx.qBase}?done=links-created&n=${n}#links`, 303);
  });

  app.post<QuestionnaireParams>(links, async (request, reply) => {
    const ctx = await loadQuestionnaire(db, request, request.params);
    const body = formBody(request.body);
    const sector = typeof body.sector === 'string' ? body.sector : '';
    if (sector === '')
      return showQuestionnaire(options, request, reply, {
        errors: [{ field: 'sector', message: 'Select a sector, or any sector' }],
        values: body,
      });
    const outcome = await createLink(
      db,
      ctx.trust.id,
      ctx.actor,
      ctx.questionnaire,
      ctx.round,
      sector === ANY_SECTOR ? null : sector,
    );
    if (!outcome.ok)
      return showQuestionnaire(options, request, reply, { errors: outcome.errors, values: body });
    return reply.redirect(`${ctx.qBase}?done=link-created#links`, 303);
  });
}

function openRoutes(app: FastifyInstance, db: Database) {
  for (const action of ['close', 'reopen'] as const)
    app.post<LinkParams>(`${links}/:link/${action}`, async (request, reply) => {
      const ctx = await loadQuestionnaire(db, request, request.params);
      const id = recordId(request.params.link);
      const link = await setLinkOpen(
        db,
        ctx.trust.id,
        ctx.actor,
        { q: ctx.questionnaire, round: ctx.round },
        id,
        action === 'reopen',
      );
      if (link === null) throw new NotFoundError();
      return reply.redirect(
        `${ctx.qBase}?done=${action === 'close' ? 'link-closed' : 'link-reopened'}#links`,
        303,
      );
    });
}

/** A link's QR code (SVG and PNG) and its poster. */
function linkFiles(app: FastifyInstance, options: QuestionnairePagesOptions) {
  const { db } = options;
  app.get<LinkParams>(`${links}/:link/qr.svg`, async (request, reply) => {
    const ctx = await loadQuestionnaire(db, request, request.params);
    const { link, url } = await loadLink(options, ctx, request.params.link);
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="questionnaire-${link.code}.svg"`)
      .send(await qrSvg(url));
  });

  app.get<LinkParams>(`${links}/:link/qr.png`, async (request, reply) => {
    const ctx = await loadQuestionnaire(db, request, request.params);
    const { link, url } = await loadLink(options, ctx, request.params.link);
    return reply
      .type('image/png')
      .header('content-disposition', `attachment; filename="questionnaire-${link.code}.png"`)
      .send(await qrPng(url));
  });

  app.get<LinkParams>(`${links}/:link/poster`, async (request, reply) => {
    const ctx = await loadQuestionnaire(db, request, request.params);
    const view = await loadLink(options, ctx, request.params.link);
    return reply.page(POSTER_TEMPLATE, {
      ...posterContext({
        version: ctx.version,
        questionnaire: ctx.questionnaire,
        trustName: ctx.trust.name,
        view,
        qrSrc: `${ctx.qBase}/links/${view.link.id}/qr.svg`,
      }),
      breadcrumbs: [...ctx.breadcrumbs, { text: ctx.questionnaire.title, href: ctx.qBase }],
    });
  });
}
