import { LRUCache } from 'lru-cache';
import {
  forAudience,
  translateVersion,
  withAudienceWording,
  type Language,
  type FrameworkVersion,
} from '../framework/index.ts';
import type { AudienceKey } from '../../kernel/framework.ts';
import { questionPages, type QuestionPage } from '../questionnaires/index.ts';
import type { FieldError } from '../../kernel/errors.ts';
import type { NewResponse } from '../responses/index.ts';
import type { DraftKey } from './draft.ts';
import type { OwnTexts, Ui } from './i18n.ts';
import type { EntryRef, QuestionnaireRow } from './repository.ts';
import { NO_LOCALITY, type AnsweringState } from './state.ts';

// The rules of the answering flow: which steps a questionnaire has, what a complete step
// is, and the response a finished state stores (form-input.ts reads the forms). No database
// and no HTML here.

export interface Flow {
  kind: 'link' | 'invitation';
  /** URL the flow's pages hang off: /q/<code> or /i/<token>. */
  base: string;
  entry: EntryRef;
  /** For an invitation: what finds and opens its draft (from the link's token). */
  draft: DraftKey | undefined;
  /** What a state must carry to be used here: `l:<link id>` or `i`. */
  origin: string;
  questionnaire: QuestionnaireRow;
  version: FrameworkVersion;
  languages: Language[];
  /** The trust's own translations of the version, used over the product's in their languages. */
  own?: OwnTexts;
  audience: AudienceKey;
  plain: boolean;
  asks: { sector: boolean; role: boolean; locality: boolean };
}

export type Step =
  | { kind: 'about'; number: number; to: 'about' }
  | { kind: 'page'; number: number; to: `page-${number}`; index: number; page: QuestionPage };

const PRACTITIONERS: readonly string[] = ['leaders-managers', 'frontline'];

export function whatToAsk(
  questionnaire: QuestionnaireRow,
  audience: string,
  fixedSector: string | null,
): Flow['asks'] {
  return {
    sector: questionnaire.askSector && fixedSector === null && questionnaire.sectors.length > 0,
    role: questionnaire.askRoleLevel && PRACTITIONERS.includes(audience),
    locality: questionnaire.askLocality && questionnaire.localities.length > 0,
  };
}

export interface Localised {
  version: FrameworkVersion;
  pages: QuestionPage[];
}

/** localised(flow, language): the version's text and question pages in a language. */
export function createLocaliser(
  translate: (version: FrameworkVersion, language: string) => FrameworkVersion,
) {
  // Remembered: the versions questionnaires use never change.
  const cache = new LRUCache<string, Localised>({ max: 1000 });
  return function localised(flow: Flow, language: string): Localised {
    const q = flow.questionnaire;
    const own = flow.own?.get(language);
    const key = [
      flow.version.key,
      language,
      own?.checksum ?? '',
      flow.audience,
      q.areaKeys.join(','),
      q.drillDownKey,
    ].join('|');
    let found = cache.get(key);
    if (found === undefined) {
      // Children and families see the areas in their own words (the framework module's, or
      // the trust's own translation of them).
      const version =
        own === undefined
          ? forAudience(translate(flow.version, language), language, flow.audience)
          : withAudienceWording(
              translateVersion(flow.version, own.parts.translation),
              own.parts.wording,
              flow.audience,
            );
      const pages = questionPages(version, {
        audience: flow.audience,
        areaKeys: q.areaKeys,
        drillDownKey: q.drillDownKey,
      });
      found = { version, pages };
      cache.set(key, found);
    }
    return found;
  };
}

export type Localise = ReturnType<typeof createLocaliser>;

export function stepsFor(flow: Flow, pages: QuestionPage[]): Step[] {
  const steps: Step[] = [];
  if (flow.asks.sector || flow.asks.role || flow.asks.locality)
    steps.push({ kind: 'about', number: 1, to: 'about' });
  pages.forEach((page, index) =>
    steps.push({ kind: 'page', number: steps.length + 1, to: `page-${index + 1}`, index, page }),
  );
  return steps;
}

/** The step named by a form's `to` field ("about", "page-3"). */
export function findStep(steps: Step[], to: string): Step | undefined {
  return steps.find((step) => step.to === to);
}

/** Where a step is shown: /about, /page/3 (after the flow's base). */
export function stepPath(step: Step): string {
  return step.kind === 'about' ? '/about' : `/page/${step.index + 1}`;
}

/** Does a state (signed, but checked anyway) fit this questionnaire as it is now? */
export function stateFits(state: AnsweringState, flow: Flow, pages: QuestionPage[]): boolean {
  if (state.q !== flow.questionnaire.id || state.o !== flow.origin) return false;
  if (!flow.languages.some((language) => language.code === state.l)) return false;
  const items = new Set(pages.flatMap((page) => page.items.map((item) => item.key)));
  if (Object.keys(state.a).some((key) => !items.has(key))) return false;
  const pageKeys = new Set(pages.map((page) => page.key));
  if (Object.keys(state.c).some((key) => !pageKeys.has(key))) return false;
  if ((state.p ?? []).some((key) => !pageKeys.has(key))) return false;
  const q = flow.questionnaire;
  if (state.s !== undefined && !(flow.asks.sector && q.sectors.some((s) => s.key === state.s)))
    return false;
  if (state.r !== undefined && !flow.asks.role) return false;
  if (
    state.loc !== undefined &&
    !(
      flow.asks.locality &&
      (state.loc === NO_LOCALITY || q.localities.some((l) => l.id === state.loc))
    )
  )
    return false;
  return true;
}

export function stepComplete(step: Step, state: AnsweringState, flow: Flow): boolean {
  if (step.kind === 'about')
    return (
      (!flow.asks.sector || state.s !== undefined) &&
      (!flow.asks.role || state.r !== undefined) &&
      (!flow.asks.locality || state.loc !== undefined)
    );
  // Children and families may leave statements out: a page they continued from is done.
  if (flow.plain && (state.p ?? []).includes(step.page.key)) return true;
  return step.page.items.every((item) => Object.hasOwn(state.a, item.key));
}

/** How many statements of a page have no answer. */
export function unansweredOn(page: QuestionPage, state: AnsweringState): number {
  return page.items.filter((item) => !Object.hasOwn(state.a, item.key)).length;
}

export function firstIncomplete(
  steps: Step[],
  state: AnsweringState,
  flow: Flow,
): Step | undefined {
  return steps.find((step) => !stepComplete(step, state, flow));
}

/** What is still to answer on a step, as the messages the step's page shows. */
export function missingErrors(step: Step, state: AnsweringState, flow: Flow, ui: Ui): FieldError[] {
  if (step.kind === 'page')
    return step.page.items
      .filter((item) => !Object.hasOwn(state.a, item.key))
      .map((item) => ({ field: item.key, message: ui.t('answerError', { statement: item.text }) }));
  const errors: FieldError[] = [];
  if (flow.asks.sector && state.s === undefined)
    errors.push({ field: 'sector', message: ui.t('sectorError') });
  if (flow.asks.role && state.r === undefined)
    errors.push({ field: 'roleLevel', message: ui.t('roleError') });
  if (flow.asks.locality && state.loc === undefined)
    errors.push({ field: 'locality', message: ui.t('localityError') });
  return errors;
}

/** The response to store: only what the analysis needs, nothing that identifies anyone. */
export function toResponse(flow: Flow, state: AnsweringState, pages: QuestionPage[]): NewResponse {
  const q = flow.questionnaire;
  const answers = pages.flatMap((page) =>
    page.items.flatMap((item) => {
      const value = state.a[item.key];
      return value === undefined ? [] : [{ itemKey: item.key, value }];
    }),
  );
  const comments = pages.flatMap((page) => {
    const body = state.c[page.key];
    return body === undefined ? [] : [{ areaKey: page.key, body }];
  });
  const locality =
    flow.asks.locality && state.loc !== undefined
      ? (q.localities.find((l) => l.id === state.loc)?.name ?? null)
      : null;
  return {
    roundId: q.roundId,
    questionnaireId: q.id,
    audience: q.audience,
    sectorKey: q.entrySector ?? (flow.asks.sector ? (state.s ?? null) : null),
    roleLevel: flow.asks.role ? (state.r ?? null) : null,
    locality,
    language: state.l,
    source: 'online',
    submissionKey: state.k,
    answers,
    comments,
  };
}
