import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUDIENCE_KEYS, type AudienceKey } from '../../kernel/framework.ts';
import { formBody } from '../../web/forms.ts';
import type { PreviewStep } from './preview-kit.ts';
import { createPreviewPages, previewUrl, STEP, type Choice } from './preview-page.ts';
import {
  loadQuestionnaire,
  type QuestionnaireContext,
  type QuestionnaireParams,
  type QuestionnairePagesOptions,
} from './web.ts';

// A preview of a questionnaire for the staff who set it up: every page as a respondent sees it
// (the respondent's own templates, view models and wording), in a chosen audience and language,
// marked as a preview. Its pages mirror the respondent's (start, about, page/<n>, check, saved,
// done, resume) under /preview/<audience>/<language>, so the respondent's links and forms work
// in it. It reads nothing from a link and writes nothing: the forms only move between pages,
// without JavaScript, and what is entered is dropped.

type Params = QuestionnaireParams['Params'] & { audience?: string; lang?: string; n?: string };
type Request = FastifyRequest<{ Params: Params }>;
interface Walk {
  steps: PreviewStep[];
  plain: boolean;
}

const choiceOf = (ctx: QuestionnaireContext, audience: unknown, lang: unknown): Choice => {
  const q = ctx.questionnaire;
  const chosen = AUDIENCE_KEYS.find((a) => a === audience) ?? (q.audience as AudienceKey);
  return { audience: chosen, lang: q.languages.find((l) => l === lang) ?? 'en' };
};

/** The language a page asks for (the start page's language links), else the address's. */
const langOf = (request: Request, body: Record<string, unknown> = {}) => {
  const query = request.query as Record<string, unknown>;
  return body.lang ?? query.lang ?? request.params.lang;
};

/** Where each of the respondent's forms leads in the preview, as the respondent's does. */
function nextStep(flow: Walk, from: string, body: Record<string, unknown>): string {
  if (body.action === 'save') return 'saved';
  const { steps } = flow;
  const here = steps.find((s) => s.to === from);
  // Children and families who leave statements out are told so, once, on the same page.
  if (
    flow.plain &&
    here?.kind === 'page' &&
    body.prompted !== 'yes' &&
    here.page.items.some((item) => typeof body[item.key] !== 'string')
  )
    return 'prompt';
  if (body.return === 'check' || here === undefined) return 'check';
  return steps[here.number]?.to ?? 'check';
}

export async function previewRoutes(app: FastifyInstance, options: QuestionnairePagesOptions) {
  const { db } = options;
  const pages = createPreviewPages(db, options.config.baseUrl);
  const path = '/trusts/:trust/rounds/:round/questionnaires/:q/preview';
  const flow = `${path}/:audience/:lang`;

  const show = async (request: Request, reply: FastifyReply, step: string) => {
    const ctx = await loadQuestionnaire(db, request, request.params);
    const query = request.query as Record<string, unknown>;
    const choice = choiceOf(ctx, request.params.audience ?? query.audience, langOf(request));
    return pages.render(reply, ctx, choice, step, {
      returnToCheck: query.return === 'check',
      prompt: query.unanswered === 'yes',
    });
  };

  // The preview's own address, where staff come in and choose the audience and language.
  app.get<{ Params: Params }>(path, async (request, reply) => {
    const step = (request.query as Record<string, unknown>).step;
    return show(request, reply, typeof step === 'string' && STEP.test(step) ? step : 'start');
  });
  app.get<{ Params: Params }>(flow, (request, reply) => show(request, reply, 'start'));
  for (const step of ['about', 'check', 'saved', 'done', 'resume'])
    app.get<{ Params: Params }>(`${flow}/${step}`, (request, reply) => show(request, reply, step));
  app.get<{ Params: Params }>(`${flow}/page/:n`, (request, reply) =>
    show(request, reply, `page-${request.params.n ?? ''}`),
  );

  const go = async (request: Request, reply: FastifyReply, to: (walk: Walk) => string) => {
    const ctx = await loadQuestionnaire(db, request, request.params);
    const body = formBody(request.body);
    const choice = choiceOf(ctx, request.params.audience, langOf(request, body));
    const step = to(await pages.stepsOf(ctx, choice));
    const here = previewUrl(ctx, choice, `page-${request.params.n ?? ''}`);
    const back = body.return === 'check' ? '&return=check' : '';
    const url =
      step === 'prompt'
        ? `${here}?unanswered=yes${back}`
        : previewUrl(ctx, choice, STEP.test(step) ? step : 'start');
    return reply.redirect(url, 303);
  };
  const post = (
    action: string,
    to: (walk: Walk, body: Record<string, unknown>, n: string) => string,
  ) =>
    app.post<{ Params: Params }>(`${flow}/${action}`, (request, reply) =>
      go(request, reply, (walk) => to(walk, formBody(request.body), request.params.n ?? '')),
    );
  post('start', (walk) => walk.steps[0]?.to ?? 'check');
  post('about', (walk, body) => nextStep(walk, 'about', body));
  post('page/:n', (walk, body, n) => nextStep(walk, `page-${n}`, body));
  post('submit', () => 'done');
  // A save code cannot be used in a preview: the resume form goes back to the start.
  post('resume', () => 'start');
  // Opened from a bookmark or a refresh, as for a respondent: back to the start.
  for (const action of ['start', 'submit'])
    app.get<{ Params: Params }>(`${flow}/${action}`, async (request, reply) => {
      const ctx = await loadQuestionnaire(db, request, request.params);
      const choice = choiceOf(ctx, request.params.audience, request.params.lang);
      return reply.redirect(previewUrl(ctx, choice, 'start'), 303);
    });
  return Promise.resolve();
}
