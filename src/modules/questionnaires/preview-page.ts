import type { FastifyReply } from 'fastify';
import type { Database } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import type { AudienceKey } from '../../kernel/framework.ts';
import { createFrameworkVersions } from '../framework/index.ts';
import { ownTranslations } from '../translations/index.ts';
import {
  listLocalities,
  listSectors,
  loadSafeguardingContact,
  orderSectors,
} from '../trusts/index.ts';
import type { Language } from '../framework/index.ts';
import { previewKit, type PreviewFlow, type PreviewOutcome } from './preview-kit.ts';
import { audienceName } from './service.ts';
import type { QuestionnaireContext } from './web.ts';

// One page of the preview: the respondent's own view model for the step, drawn in the
// respondent's template inside the preview's frame (its marker and choices). The flow's base
// is the preview's own address for the audience and language, so every Back and Change link
// and every form of the respondent's page stays inside the preview.

export interface Choice {
  audience: AudienceKey;
  lang: string;
}

/** The preview's pages: the respondent's, and the save-code pages a respondent can reach. */
export const STEP = /^(start|about|check|saved|done|resume|page-\d{1,3})$/;

/** What a save code looks like: shown on the saved page, where a respondent is given theirs. */
const EXAMPLE_CODE = 'ABCD-EFGH-JKMN';

const NOTES: Record<string, string> = {
  saved: 'In a preview no save code is made: the code on this page is only an example.',
  resume:
    'Save codes do not work in a preview. Whatever you enter here, you go back to the start of the preview.',
};

/** The preview's address for a step: /preview/<audience>/<language>, then the step's path. */
export function previewUrl(ctx: QuestionnaireContext, c: Choice, step: string): string {
  const base = `${ctx.qBase}/preview/${c.audience}/${encodeURIComponent(c.lang)}`;
  if (step === 'start') return base;
  const page = /^page-(\d+)$/.exec(step);
  return page === null ? `${base}/${step}` : `${base}/page/${page[1] ?? ''}`;
}

export interface PageOptions {
  returnToCheck: boolean;
  prompt: boolean;
}

export function createPreviewPages(db: Database, baseUrl: string) {
  const kit = previewKit();
  const catalogue = kit.loadUiCatalogue();
  const localiser = kit.createLocaliser(createFrameworkVersions().translate);
  const translations = ownTranslations();
  const speaking = { catalogue, translations };

  /** The steps of the questionnaire in a preview's audience and language. */
  async function stepsOf(ctx: QuestionnaireContext, choice: Choice) {
    const flow = await flowOf(db, speaking, ctx, choice);
    const steps = kit.stepsFor(flow, localiser.localised(flow, choice.lang).pages);
    return { steps, plain: flow.plain };
  }

  async function view(ctx: QuestionnaireContext, choice: Choice, step: string, o: PageOptions) {
    const flow = await flowOf(db, speaking, ctx, choice);
    const ui = catalogue.uiFor(choice.lang, flow.plain, flow.own);
    const localised = localiser.localised(flow, choice.lang);
    const steps = kit.stepsFor(flow, localised.pages);
    // A respondent's progress, new every time: nothing of a preview is kept.
    const progress = { state: kit.newState(ctx.questionnaire.id, 'preview', choice.lang) };
    const target = steps.find((s) => s.to === step);
    const outcome: PreviewOutcome | undefined =
      step === 'start'
        ? kit.startView(flow, ui, localised, false)
        : step === 'check'
          ? kit.checkView(flow, ui, localised.version, steps, progress)
          : step === 'saved'
            ? kit.savedView(flow, ui, { ...progress, code: EXAMPLE_CODE }, baseUrl)
            : step === 'done'
              ? kit.doneView(flow, ui)
              : step === 'resume'
                ? kit.resumeView(flow, ui, '', null)
                : target === undefined
                  ? undefined
                  : kit.stepView(flow, ui, localised.version, steps, target, progress, o);
    if (outcome === undefined) throw new NotFoundError('That page is not in this questionnaire');
    return { outcome: { ...outcome, languages: flow.languages }, ui };
  }

  async function render(
    reply: FastifyReply,
    ctx: QuestionnaireContext,
    choice: Choice,
    step: string,
    options: PageOptions,
  ) {
    const { outcome, ui } = await view(ctx, choice, step, options);
    return reply
      .code(outcome.status)
      .header('cache-control', 'no-store')
      .page('questionnaires/views/preview.njk', {
        ...kit.layoutContext(ui),
        ...outcome.data,
        previewOf: `answering/views/${outcome.template}`,
        preview: frameOf(ctx, choice, step, outcome.languages),
      });
  }

  return { render, stepsOf };
}

/** The respondent's flow, as the answering module builds it, for the preview's choice. */
async function flowOf(
  db: Database,
  speaking: {
    catalogue: ReturnType<ReturnType<typeof previewKit>['loadUiCatalogue']>;
    translations: ReturnType<typeof ownTranslations>;
  },
  ctx: QuestionnaireContext,
  choice: Choice,
) {
  const q = ctx.questionnaire;
  const [[sectors, localities, own], contact] = await Promise.all([
    db.withTrust(ctx.trust.id, (tx) =>
      Promise.all([
        listSectors(tx),
        listLocalities(tx),
        speaking.translations.own(tx, ctx.round.frameworkVersion),
      ]),
    ),
    loadSafeguardingContact(db, ctx.trust.id),
  ]);
  const row = {
    ...q,
    trustName: ctx.trust.name,
    safeguardingContact: contact,
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
  const flow: PreviewFlow & Record<string, unknown> = {
    kind: 'link',
    base: previewUrl(ctx, choice, 'start'),
    entry: { kind: 'link', id: 'preview', trustId: ctx.trust.id },
    draft: undefined,
    origin: 'preview',
    questionnaire: row,
    version: ctx.version,
    languages: speaking.catalogue.offered(q.languages, own),
    own,
    audience: choice.audience,
    plain: ctx.version.audiences.find((a) => a.key === choice.audience)?.plainLanguage ?? false,
    asks: previewKit().whatToAsk(row, choice.audience, null),
  };
  return flow;
}

/** The preview's own frame: its marker, the way back, and the audience and language chosen. */
function frameOf(
  ctx: QuestionnaireContext,
  choice: Choice,
  step: string,
  languages: readonly Language[],
) {
  const q = ctx.questionnaire;
  return {
    exit: ctx.qBase,
    title: q.title,
    action: `${ctx.qBase}/preview`,
    step,
    note: NOTES[step] ?? null,
    audience: audienceName(ctx.version, choice.audience),
    forAudience: audienceName(ctx.version, q.audience),
    otherAudience: choice.audience !== q.audience,
    audienceItems: ctx.version.audiences.map((x) => ({
      value: x.key,
      text: x.key === q.audience ? `${x.name} (this questionnaire’s audience)` : x.name,
      selected: x.key === choice.audience,
    })),
    languageItems: languages.map((l) => ({
      value: l.code,
      text: l.name,
      selected: l.code === choice.lang,
    })),
  };
}
