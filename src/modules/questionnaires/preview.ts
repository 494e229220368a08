import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../db/client.ts';
import { AUDIENCE_KEYS, type AudienceKey } from '../../kernel/framework.ts';
import { formBody } from '../../web/forms.ts';
import { previewKit, type PreviewFlow, type PreviewKit, type PreviewStep } from './preview-kit.ts';
import { createFrameworkVersions, LANGUAGES } from '../framework/index.ts';
import { listLocalities, listSectors, orderSectors } from '../trusts/index.ts';
import { questionPages } from './content.ts';
import { audienceName } from './service.ts';
import {
  loadQuestionnaire,
  type QuestionnaireContext,
  type QuestionnaireParams,
  type QuestionnairePagesOptions,
} from './web.ts';

// A preview of a questionnaire for the staff who set it up: every page as a respondent sees it
// (the respondent's own templates, view models and wording), in a chosen audience and language,
// marked as a preview. It reads nothing from a link and writes nothing: the forms only move
// between pages, without JavaScript, and what is entered is dropped.

interface Choice {
  audience: AudienceKey;
  lang: string;
}

const STEP = /^(start|about|check|done|page-\d{1,3})$/;

const choiceOf = (ctx: QuestionnaireContext, raw: Record<string, unknown>): Choice => {
  const q = ctx.questionnaire;
  const audience = AUDIENCE_KEYS.find((a) => a === raw.audience) ?? (q.audience as AudienceKey);
  const lang = q.languages.find((l) => l === raw.lang) ?? 'en';
  return { audience, lang };
};
const href = (ctx: QuestionnaireContext, c: Choice, step: string) =>
  `${ctx.qBase}/preview?audience=${c.audience}&lang=${c.lang}&step=${step}`;

/** The respondent's forms, posted in the preview: each leads to the next page; nothing is kept. */
function formRoutes(
  app: FastifyInstance,
  db: Database,
  versions: ReturnType<typeof createFrameworkVersions>,
  path: string,
) {
  // Where each of the respondent's forms leads; nothing sent is kept.
  const next = (steps: PreviewStep[], from: string): string => {
    const i = steps.findIndex((s) => s.to === from);
    return steps[i + 1]?.to ?? 'check';
  };
  for (const action of ['start', 'about', 'page/:n', 'go', 'submit'])
    app.post<{ Params: QuestionnaireParams['Params'] & { n?: string } }>(
      `${path}/${action}`,
      async (request, reply) => {
        const ctx = await loadQuestionnaire(db, request, request.params);
        const body = formBody(request.body);
        const raw = typeof body.state === 'string' ? body.state : '';
        const [audience, lang] = raw.split('.');
        const choice = choiceOf(ctx, { audience, lang: lang ?? body.lang });
        const flow = await flowOf(db, ctx, choice);
        const steps = previewKit().stepsFor(flow, pagesFor(ctx, choice, versions).pages);
        const back = body.return === 'check' || body.action === 'save';
        const here = action === 'about' ? 'about' : `page-${request.params.n ?? ''}`;
        const to =
          action === 'start'
            ? (steps[0]?.to ?? 'check')
            : action === 'go'
              ? typeof body.to === 'string'
                ? body.to
                : 'start'
              : action === 'submit'
                ? 'done'
                : back
                  ? body.action === 'save'
                    ? here
                    : 'check'
                  : next(steps, here);
        return reply.redirect(href(ctx, choice, STEP.test(to) ? to : 'start'), 303);
      },
    );
}

export async function previewRoutes(app: FastifyInstance, options: QuestionnairePagesOptions) {
  const { db } = options;
  const catalogue = previewKit().loadUiCatalogue();
  const versions = createFrameworkVersions();
  const path = '/trusts/:trust/rounds/:round/questionnaires/:q/preview';

  app.get<QuestionnaireParams>(path, async (request, reply) => {
    const ctx = await loadQuestionnaire(db, request, request.params);
    const query = request.query as Record<string, unknown>;
    const choice = choiceOf(ctx, query);
    const step = typeof query.step === 'string' && STEP.test(query.step) ? query.step : 'start';
    const flow = await flowOf(db, ctx, choice);
    return render(reply, { ctx, choice, flow, step, catalogue, versions, href });
  });

  formRoutes(app, db, versions, path);
  return Promise.resolve();
}

async function flowOf(
  db: Database,
  ctx: QuestionnaireContext,
  choice: Choice,
): Promise<PreviewFlow & Record<string, unknown>> {
  const q = ctx.questionnaire;
  const [sectors, localities] = await db.withTrust(ctx.trust.id, (tx) =>
    Promise.all([listSectors(tx), listLocalities(tx)]),
  );
  const row = {
    ...q,
    trustName: ctx.trust.name,
    used: false,
    entrySector: null,
    frameworkVersion: ctx.round.frameworkVersion,
    roundStatus: ctx.round.status,
    notYetOpen: false,
    pastClosing: false,
    audience: choice.audience,
    sectors: orderSectors(sectors).map((s) => ({ key: s.key, name: s.name })),
    localities,
  };
  return {
    kind: 'link',
    base: `${ctx.qBase}/preview`,
    entry: { kind: 'link', id: 'preview', trustId: ctx.trust.id },
    draft: undefined,
    origin: 'preview',
    questionnaire: row,
    version: ctx.version,
    languages: LANGUAGES.filter((l) => q.languages.includes(l.code)),
    audience: choice.audience,
    plain: ctx.version.audiences.find((a) => a.key === choice.audience)?.plainLanguage ?? false,
    asks: previewKit().whatToAsk(row, choice.audience, null),
  };
}

function pagesFor(
  ctx: QuestionnaireContext,
  choice: Choice,
  versions: ReturnType<typeof createFrameworkVersions>,
) {
  const version = versions.translate(ctx.version, choice.lang);
  const pages = questionPages(version, {
    audience: choice.audience,
    areaKeys: ctx.questionnaire.areaKeys,
    drillDownKey: ctx.questionnaire.drillDownKey,
  });
  return { version, pages };
}

interface RenderArgs {
  ctx: QuestionnaireContext;
  choice: Choice;
  flow: PreviewFlow;
  step: string;
  catalogue: ReturnType<PreviewKit['loadUiCatalogue']>;
  versions: ReturnType<typeof createFrameworkVersions>;
  href: (ctx: QuestionnaireContext, c: Choice, step: string) => string;
}

function render(reply: FastifyReply, a: RenderArgs) {
  const { ctx, choice, flow, step, catalogue } = a;
  const ui = catalogue.uiFor(choice.lang, flow.plain);
  const { version, pages } = pagesFor(ctx, choice, a.versions);
  const steps: PreviewStep[] = previewKit().stepsFor(flow, pages);
  const state = previewKit().newState(ctx.questionnaire.id, 'preview', choice.lang);
  const sealed = `${choice.audience}.${choice.lang}`;
  const target = steps.find((s) => s.to === step);
  let template: string;
  let data: Record<string, unknown>;
  if (step === 'check' || step === 'done' || step === 'start' || target === undefined) {
    if (step === 'check') {
      const view = previewKit().checkView(flow, ui, version, steps, state, sealed);
      [template, data] = [view.template, view.data];
    } else if (step === 'done') {
      [template, data] = ['done.njk', { title: ui.t('doneTitle'), trustName: ctx.trust.name }];
    } else {
      [template, data] = ['start.njk', startData(a, ui, version, pages, steps.length)];
    }
  } else {
    const view = previewKit().stepView(flow, ui, version, steps, target, state, sealed, {
      returnToCheck: false,
    });
    [template, data] = [view.template, view.data];
  }
  return reply.header('cache-control', 'no-store').page('questionnaires/views/preview.njk', {
    ...previewKit().layoutContext(ui),
    ...data,
    state: sealed,
    startUrl: a.href(ctx, choice, 'start'),
    previewOf: `answering/views/${template}`,
    preview: {
      exit: ctx.qBase,
      title: ctx.questionnaire.title,
      action: `${ctx.qBase}/preview`,
      step,
      audience: audienceName(ctx.version, choice.audience),
      forAudience: audienceName(ctx.version, ctx.questionnaire.audience),
      otherAudience: choice.audience !== ctx.questionnaire.audience,
      audienceItems: ctx.version.audiences.map((x) => ({
        value: x.key,
        text:
          x.key === ctx.questionnaire.audience
            ? `${x.name} (this questionnaire’s audience)`
            : x.name,
        selected: x.key === choice.audience,
      })),
      languageItems: LANGUAGES.filter((l) => ctx.questionnaire.languages.includes(l.code)).map(
        (l) => ({ value: l.code, text: l.name, selected: l.code === choice.lang }),
      ),
    },
  });
}

function startData(
  a: RenderArgs,
  ui: ReturnType<RenderArgs['catalogue']['uiFor']>,
  version: QuestionnaireContext['version'],
  pages: ReturnType<typeof questionPages>,
  stepCount: number,
) {
  const { ctx, choice, flow } = a;
  return {
    title: ui.t('startTitle'),
    trustName: ctx.trust.name,
    audienceName: version.audiences.find((x) => x.key === choice.audience)?.name ?? '',
    minutes: Math.max(2, Math.ceil(pages.reduce((n, p) => n + p.items.length, 0) / 5)),
    stepCount: stepCount,
    closesOn: ui.date(ctx.questionnaire.closesOn),
    lang: choice.lang,
    base: flow.base,
    startUrl: a.href(ctx, choice, 'start'),
    viaLink: false,
    started: false,
    languageItems:
      flow.languages.length > 1
        ? flow.languages.map((l) => ({
            text: l.nativeName,
            lang: l.code,
            dir: l.dir,
            href: a.href(ctx, { ...choice, lang: l.code }, 'start'),
            current: l.code === choice.lang,
          }))
        : null,
  };
}
