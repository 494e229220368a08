import type { Deps } from '../../deps.ts';
import type { Tx } from '../../db/client.ts';
import {
  findStep,
  firstIncomplete,
  hasForeignFields,
  localised,
  missingErrors,
  modeOf,
  readAbout,
  readPage,
  stateFits,
  stepsFor,
  toResponse,
  withPage,
  type Flow,
  type Step,
} from './flow.ts';
import { createEntries, type EntryKind } from './entry.ts';
import { invitationDrafts } from './invitation-drafts.ts';
import { uiFor, type Ui } from './i18n.ts';
import { saveDraft, submitResponse } from './repository.ts';
import {
  newResumeCode,
  newState,
  openState,
  resumeHash,
  sealState,
  type RespondState,
} from './state.ts';
import { checkView, stepView, unavailableView, type Outcome } from './views.ts';

// The answering flow, step by step. Each call finds the questionnaire from the link code or
// invitation token, checks it is open today, and works inside the trust's scope.
//
// From an open link, progress travels in the forms until the respondent submits or saves.
// From a personal invitation, opening the link starts (or continues) the invitation's
// draft, and every step keeps its answers there, so the link carries on where it left off
// on any device. The draft is found and encrypted by the link's token alone, and sending
// the answers deletes it in the transaction that stores the response (see draft.ts).

export type { EntryKind };
export type Body = Record<string, unknown>;

export function createRespondService(deps: Deps) {
  const { db, config } = deps;
  const { withFlow, uiOf } = createEntries(db);
  const seal = (state: RespondState) => sealState(state, config.sessionSecret);

  /** The state from the form, checked against the questionnaire; undefined means restart. */
  function stateFrom(flow: Flow, body: Body): RespondState | undefined {
    return fitting(flow, openState(body.state, config.sessionSecret));
  }

  /** A state (from a form or a saved draft) if it fits the questionnaire as it is now. */
  function fitting(flow: Flow, state: RespondState | undefined): RespondState | undefined {
    if (state === undefined || !flow.languages.some((l) => l.code === state.l)) return undefined;
    return stateFits(state, flow, localised(flow, state.l).pages) ? state : undefined;
  }

  function problem(flow: Flow, ui: Ui): Outcome {
    return unavailableView('problem', ui, {
      startUrl: `${flow.base}?lang=${encodeURIComponent(ui.language.code)}`,
    });
  }

  /** Shows a step (or the check page), with the state it carries. */
  function show(
    flow: Flow,
    state: RespondState,
    target: Step | 'check',
    returnToCheck = false,
  ): Outcome {
    const ui = uiFor(state.l, flow.plain);
    const { version, pages } = localised(flow, state.l);
    const steps = stepsFor(flow, pages);
    const sealed = seal(state);
    if (target === 'check') {
      const missing = firstIncomplete(steps, state, flow);
      if (missing === undefined) return checkView(flow, ui, version, steps, state, sealed);
      target = missing;
    }
    return stepView(flow, ui, version, steps, target, state, sealed, { returnToCheck });
  }

  /** After a step is done: on to the next step, or back to the check page. */
  function next(flow: Flow, state: RespondState, step: Step, returnToCheck: boolean): Outcome {
    const steps = stepsFor(flow, localised(flow, state.l).pages);
    const following = steps[step.number];
    if (returnToCheck || following === undefined) return show(flow, state, 'check');
    return show(flow, state, following);
  }

  const { opening, keep, savedView } = invitationDrafts({ db, withFlow, uiOf, fitting });

  async function save(flow: Flow, tx: Tx, state: RespondState): Promise<Outcome> {
    const ui = uiFor(state.l, flow.plain);
    // From an invitation the draft already holds the answers: the link is the way back.
    if (flow.draft !== undefined) return savedView(flow, ui);
    const code = newResumeCode();
    const stored: RespondState = { ...state };
    delete stored.d;
    const expiresOn = await saveDraft(tx, {
      trustId: flow.entry.trustId,
      questionnaireId: flow.questionnaire.id,
      resumeHash: resumeHash(code),
      state: stored,
      replaces: state.d,
    });
    return {
      status: 200,
      template: 'saved.njk',
      ui,
      data: {
        title: ui.t('savedTitle'),
        code,
        resumeUrl: `${config.baseUrl}${flow.base}/resume?lang=${ui.language.code}`,
        resumePath: `${flow.base}/resume?lang=${ui.language.code}`,
        expires: ui.date(expiresOn),
      },
    };
  }

  return {
    start(kind: EntryKind, key: string, lang: unknown) {
      return opening(kind, key, lang, async (flow, _tx, draft) => {
        const ui = uiOf(flow, lang);
        const { version, pages } = localised(flow, ui.language.code);
        return {
          status: 200,
          template: 'start.njk',
          ui,
          data: startData(flow, ui, version, pages, draft !== undefined && begun(draft)),
        };
      });
    },

    begin(kind: EntryKind, key: string, body: Body) {
      return opening(kind, key, body.lang, async (flow, _tx, draft) => {
        const ui = uiOf(flow, body.lang);
        if (hasForeignFields(body, ['lang'])) return problem(flow, ui);
        if (draft !== undefined) {
          // Carries on where the draft left off, in the language now chosen.
          const state = fitting(flow, { ...draft, l: ui.language.code }) ?? draft;
          const steps = stepsFor(flow, localised(flow, state.l).pages);
          return show(flow, state, firstIncomplete(steps, state, flow) ?? 'check');
        }
        const state = newState(flow.questionnaire.id, flow.origin, ui.language.code);
        const steps = stepsFor(flow, localised(flow, state.l).pages);
        const first = steps[0];
        return first === undefined ? problem(flow, ui) : show(flow, state, first);
      });
    },

    about(kind: EntryKind, key: string, body: Body) {
      return withFlow(kind, key, undefined, 'open', async (flow, tx) => {
        const state = stateFrom(flow, body);
        if (state === undefined) return problem(flow, uiOf(flow, undefined));
        const ui = uiFor(state.l, flow.plain);
        const { version, pages } = localised(flow, state.l);
        const steps = stepsFor(flow, pages);
        const step = findStep(steps, 'about');
        if (step === undefined || hasForeignFields(body, ['sector', 'roleLevel', 'locality']))
          return problem(flow, ui);
        const mode = modeOf(body);
        const input = readAbout(body, flow, ui, mode);
        const returnToCheck = body.return === 'check';
        if (input.errors.length > 0) {
          const about = {
            s: typeof body.sector === 'string' ? body.sector : undefined,
            r: typeof body.roleLevel === 'string' ? body.roleLevel : undefined,
            loc: typeof body.locality === 'string' ? body.locality : undefined,
          };
          return stepView(flow, ui, version, steps, step, state, seal(state), {
            errors: input.errors,
            about,
            returnToCheck,
          });
        }
        const updated = { ...state, ...input.values };
        if (!(await keep(flow, tx, updated))) return unavailableView('sent', ui);
        return mode === 'save' ? save(flow, tx, updated) : next(flow, updated, step, returnToCheck);
      });
    },

    page(kind: EntryKind, key: string, number: string, body: Body) {
      return withFlow(kind, key, undefined, 'open', async (flow, tx) => {
        const state = stateFrom(flow, body);
        if (state === undefined) return problem(flow, uiOf(flow, undefined));
        const ui = uiFor(state.l, flow.plain);
        const { version, pages } = localised(flow, state.l);
        const steps = stepsFor(flow, pages);
        const step = findStep(steps, `page-${number}`);
        if (step?.kind !== 'page') return problem(flow, ui);
        const fields = [...step.page.items.map((item) => item.key), 'comment'];
        if (hasForeignFields(body, fields) || Array.isArray(body.comment)) return problem(flow, ui);
        const mode = modeOf(body);
        const input = readPage(body, step.page, ui, mode);
        const returnToCheck = body.return === 'check';
        if (input.errors.length > 0)
          return stepView(flow, ui, version, steps, step, state, seal(state), {
            errors: input.errors,
            sent: input.sent,
            comment: input.comment,
            returnToCheck,
          });
        const updated = withPage(state, step.page, input);
        if (!(await keep(flow, tx, updated))) return unavailableView('sent', ui);
        return mode === 'save' ? save(flow, tx, updated) : next(flow, updated, step, returnToCheck);
      });
    },

    go(kind: EntryKind, key: string, body: Body) {
      return withFlow(kind, key, undefined, 'open', async (flow) => {
        const state = stateFrom(flow, body);
        if (state === undefined) return problem(flow, uiOf(flow, undefined));
        if (hasForeignFields(body, ['to'])) return problem(flow, uiFor(state.l, flow.plain));
        const to = typeof body.to === 'string' ? body.to : '';
        if (to === 'check') return show(flow, state, 'check');
        const step = findStep(stepsFor(flow, localised(flow, state.l).pages), to);
        if (step === undefined) return problem(flow, uiFor(state.l, flow.plain));
        return show(flow, state, step, body.return === 'check');
      });
    },

    submit(kind: EntryKind, key: string, body: Body) {
      return withFlow(kind, key, undefined, 'submit', async (flow, tx) => {
        const state = stateFrom(flow, body);
        if (state === undefined) return problem(flow, uiOf(flow, undefined));
        const ui = uiFor(state.l, flow.plain);
        if (hasForeignFields(body, [])) return problem(flow, ui);
        const { pages } = localised(flow, state.l);
        const missing = firstIncomplete(stepsFor(flow, pages), state, flow);
        if (missing !== undefined) {
          const { version } = localised(flow, state.l);
          return stepView(flow, ui, version, stepsFor(flow, pages), missing, state, seal(state), {
            errors: missingErrors(missing, state, flow, ui),
            returnToCheck: false,
          });
        }
        const result = await submitResponse(
          tx,
          flow.entry.trustId,
          toResponse(flow, state, pages),
          flow.draft === undefined
            ? { questionnaireId: flow.questionnaire.id, draftId: state.d }
            : { locator: flow.draft.locator },
        );
        if (result === 'sent') return unavailableView('sent', ui);
        return { redirect: `${flow.base}/done?lang=${encodeURIComponent(state.l)}` };
      });
    },

    done(kind: EntryKind, key: string, lang: unknown) {
      return withFlow(kind, key, lang, 'done', async (flow) => {
        const ui = uiOf(flow, lang);
        return {
          status: 200,
          template: 'done.njk',
          ui,
          data: { title: ui.t('doneTitle'), trustName: flow.questionnaire.trustName },
        };
      });
    },

    withFlow,
    uiOf,
    fitting,
    problem,
    show,
  };
}

export type RespondService = ReturnType<typeof createRespondService>;

function startData(
  flow: Flow,
  ui: Ui,
  version: Flow['version'],
  pages: ReturnType<typeof localised>['pages'],
  started: boolean,
) {
  const steps = stepsFor(flow, pages);
  const audienceName = version.audiences.find((a) => a.key === flow.audience)?.name ?? '';
  const items = pages.reduce((n, page) => n + page.items.length, 0);
  return {
    title: ui.t('startTitle'),
    trustName: flow.questionnaire.trustName,
    audienceName,
    minutes: Math.max(2, Math.ceil(items / 5)),
    stepCount: steps.length,
    closesOn: ui.date(flow.questionnaire.closesOn),
    lang: ui.language.code,
    base: flow.base,
    startUrl: `${flow.base}?lang=${ui.language.code}`,
    viaLink: flow.draft !== undefined,
    started,
    languageItems:
      flow.languages.length > 1
        ? flow.languages.map((l) => ({
            text: l.nativeName,
            lang: l.code,
            dir: l.dir,
            href: `${flow.base}?lang=${l.code}`,
            current: l.code === ui.language.code,
          }))
        : null,
  };
}

/** Has anything been answered yet? */
function begun(state: RespondState): boolean {
  return (
    Object.keys(state.a).length > 0 ||
    Object.keys(state.c).length > 0 ||
    state.s !== undefined ||
    state.r !== undefined ||
    state.loc !== undefined
  );
}
