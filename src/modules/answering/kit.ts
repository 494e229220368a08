import type { Config } from '../../config.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { FrameworkVersions } from '../framework/index.ts';
import type { TrustTranslations } from '../translations/index.ts';
import { createEntries, type EntryKind, type Need } from './entry.ts';
import {
  createLocaliser,
  type Localise,
  firstIncomplete,
  stateFits,
  stepPath,
  stepsFor,
  type Flow,
  type Step,
} from './flow.ts';
import { loadUiCatalogue, type Ui } from './i18n.ts';
import { invitationDrafts } from './invitation-drafts.ts';
import { loadProgress, SENT, storeLinkProgress, type Progress } from './progress.ts';
import type { AnsweringState } from './state.ts';
import { lostView, unavailableView, type Outcome, type Result } from './views.ts';

// What every step of the answering flow shares: the entry to the questionnaire, its text in
// the respondent's language, the progress kept between steps, and the way to the next step.

export type Body = Record<string, unknown>;

export interface AnsweringDeps {
  db: Database;
  config: Pick<Config, 'baseUrl' | 'sessionSecret' | 'secureCookies'>;
  versions: FrameworkVersions;
  /** The trusts' own translations, used over the product's for their questionnaires. */
  translations: Pick<TrustTranslations, 'own'>;
}

/** What a respondent's request brings: where it is, its form, its save-code cookie. */
export interface Visit {
  kind: EntryKind;
  key: string;
  lang?: unknown;
  /** A language chosen with the switcher (a page opened with ?lang=): kept with the progress. */
  switchTo?: unknown;
  body?: Body;
  query?: Record<string, unknown>;
  cookie?: string | undefined;
}

export function createFlowKit(deps: AnsweringDeps) {
  const { db, config, versions, translations } = deps;
  const catalogue = loadUiCatalogue();
  /** The Ui of a language of the flow (the trust's own translation in it, if any). */
  const uiFor = (code: string, flow: Flow) => catalogue.uiFor(code, flow.plain, flow.own);
  const localised = createLocaliser(versions.translate);
  const entries = { db, versions, catalogue, localised, translations };
  const { withFlow, uiOf } = createEntries(entries);

  const fitting = fittingIn(localised);

  /** Runs fn with the respondent's progress, or shows how to get it back if it is lost. */
  function withProgress(
    visit: Visit,
    need: Need,
    lost: ((flow: Flow, tx: Tx) => Promise<Result | undefined>) | undefined,
    fn: (flow: Flow, tx: Tx, progress: Progress, ui: Ui) => Promise<Result>,
  ): Promise<Result> {
    return withFlow(visit.kind, visit.key, visit.lang, need, async (flow, tx) => {
      const progress = await loadProgress(tx, flow, fitting, visit.cookie);
      if (progress === 'sent') return unavailableView('sent', uiOf(flow, visit.lang), { flow });
      if (progress === undefined && visit.cookie === SENT && flow.draft === undefined)
        return { redirect: `${flow.base}/done` };
      if (progress === undefined)
        return (await lost?.(flow, tx)) ?? lostView(flow, uiOf(flow, visit.lang));
      const chosen = await switchLanguage({ flow, tx, progress, fitting, store }, visit.switchTo);
      return fn(flow, tx, chosen, uiFor(chosen.state.l, flow));
    });
  }

  /** The respondent's progress in a flow already found, if there is any. */
  async function withProgressIn(flow: Flow, tx: Tx, cookie: string | undefined) {
    const progress = await loadProgress(tx, flow, fitting, cookie);
    return progress === 'sent' ? undefined : progress;
  }

  /** Keeps the progress; false if it is gone (an invitation's answers sent meanwhile). */
  function store(flow: Flow, tx: Tx, state: AnsweringState): Promise<boolean> {
    return flow.draft === undefined
      ? storeLinkProgress(tx, flow, state)
      : drafts.keep(flow, tx, state);
  }

  const stepsOf = (flow: Flow, state: AnsweringState): Step[] =>
    stepsFor(flow, localised(flow, state.l).pages);

  const drafts = invitationDrafts({ db, withFlow, uiOf, fitting });

  return {
    config,
    uiFor,
    uiOf,
    withFlow,
    withProgress,
    withProgressIn,
    localised,
    fitting,
    problem,
    store,
    stepsOf,
    urlOf,
    resumeUrl: (flow: Flow, state: AnsweringState) => resumeUrl(flow, stepsOf(flow, state), state),
    nextUrl: (flow: Flow, state: AnsweringState, step: Step, returnToCheck: boolean) =>
      nextUrl(flow, stepsOf(flow, state), step, returnToCheck),
    drafts,
  };
}

export type FlowKit = ReturnType<typeof createFlowKit>;

/**
 * fitting(flow, state): a state (from a saved draft) if it fits the questionnaire as it is
 * now. One in a language no longer offered (its translation removed) carries on in the
 * questionnaire's first language.
 */
function fittingIn(localised: Localise) {
  return (flow: Flow, found: AnsweringState | undefined): AnsweringState | undefined => {
    const first = flow.languages[0];
    if (found === undefined || first === undefined) return undefined;
    const offered = flow.languages.some((l) => l.code === found.l);
    const state = offered ? found : { ...found, l: first.code };
    return stateFits(state, flow, localised(flow, state.l).pages) ? state : undefined;
  };
}

/** The progress in the language the switcher chose, if it is another the flow offers. */
async function switchLanguage(
  at: {
    flow: Flow;
    tx: Tx;
    progress: Progress;
    fitting: (flow: Flow, state: AnsweringState) => AnsweringState | undefined;
    store: (flow: Flow, tx: Tx, state: AnsweringState) => Promise<boolean>;
  },
  code: unknown,
): Promise<Progress> {
  const { flow, tx, progress, fitting, store } = at;
  const chosen = flow.languages.find((l) => l.code === code);
  if (chosen === undefined || chosen.code === progress.state.l) return progress;
  const state = fitting(flow, { ...progress.state, l: chosen.code });
  if (state === undefined || !(await store(flow, tx, state))) return progress;
  return { ...progress, state };
}

function problem(flow: Flow, ui: Ui): Outcome {
  return unavailableView('problem', ui, {
    startUrl: `${flow.base}?lang=${encodeURIComponent(ui.language.code)}`,
  });
}

/** The address of a step (or the check page), coming back to check answers if asked. */
function urlOf(flow: Flow, target: Step | 'check', returnToCheck = false): string {
  if (target === 'check') return `${flow.base}/check`;
  return `${flow.base}${stepPath(target)}${returnToCheck ? '?return=check' : ''}`;
}

/** Where to carry on: the first step not done, or the check page. */
function resumeUrl(flow: Flow, steps: Step[], state: AnsweringState): string {
  return urlOf(flow, firstIncomplete(steps, state, flow) ?? 'check');
}

/** After a step is done: on to the next step, or back to the check page. */
function nextUrl(flow: Flow, steps: Step[], step: Step, returnToCheck: boolean): string {
  const following = steps[step.number];
  if (returnToCheck || following === undefined) return urlOf(flow, 'check');
  return urlOf(flow, following);
}
