import type { Tx } from '../../db/client.ts';
import {
  findStep,
  firstIncomplete,
  missingErrors,
  toResponse,
  unansweredOn,
  type Flow,
} from './flow.ts';
import { hasForeignFields, modeOf, readAbout, readPage, withPage } from './form-input.ts';
import { createFlowKit, type AnsweringDeps, type Body, type FlowKit, type Visit } from './kit.ts';
import { cookieValue, readCookie, startDraft, type Progress } from './progress.ts';
import { submitResponse, submittedWith } from './repository.ts';
import { resumeHandlers } from './resume.ts';
import { begun, newState, type AnsweringState } from './state.ts';
import { startView, savedView, doneView } from './start-views.ts';
import { checkView } from './check-view.ts';
import { lostView, stepView, unavailableView, type Outcome, type Result } from './views.ts';

// The answering flow, step by step. Each call finds the questionnaire from the link code or
// invitation token, checks it is open today, and works inside the trust's scope.
//
// Every step is shown by GET and sent by POST, which stores the progress and redirects to
// the next step (Post/Redirect/Get): Back and refresh never send a form again. Progress is
// kept as progress.ts describes: an open link's draft under the respondent's save code, or
// a personal invitation's sealed draft. Sending the answers deletes the draft in the
// transaction that stores the response.

export function createAnsweringService(deps: AnsweringDeps) {
  const kit = createFlowKit(deps);
  return {
    start: (visit: Visit) => start(kit, visit),
    begin: (visit: Visit) => begin(kit, visit),
    step: (visit: Visit, to: string) => step(kit, visit, to),
    about: (visit: Visit) => about(kit, visit),
    page: (visit: Visit, number: string) => page(kit, visit, number),
    check: (visit: Visit) => check(kit, visit),
    submit: (visit: Visit) => submit(kit, visit),
    saved: (visit: Visit) => saved(kit, visit),
    done: (visit: Visit) =>
      kit.withFlow(visit.kind, visit.key, visit.lang, 'done', async (flow) =>
        doneView(flow, kit.uiOf(flow, visit.lang)),
      ),
    lost: (visit: Visit) =>
      kit.withFlow(visit.kind, visit.key, visit.lang, 'open', async (flow) =>
        lostView(flow, kit.uiOf(flow, visit.lang)),
      ),
    secureCookies: deps.config.secureCookies,
    ...resumeHandlers(kit),
  };
}

export type AnsweringService = ReturnType<typeof createAnsweringService>;

const redirect = (to: string, cookie?: string | null): Result =>
  cookie === undefined ? { redirect: to } : { redirect: to, cookie };

function start(kit: FlowKit, visit: Visit) {
  const { kind, key, lang } = visit;
  return kit.drafts.opening(kind, key, lang, async (flow, tx, draft) => {
    const ui = kit.uiOf(flow, lang);
    let state = draft;
    if (state === undefined) {
      const progress = await kit.withProgressIn(flow, tx, visit.cookie);
      state = progress?.state;
    }
    return startView(
      flow,
      ui,
      kit.localised(flow, ui.language.code),
      state !== undefined && begun(state),
    );
  });
}

function begin(kit: FlowKit, visit: Visit) {
  const body = visit.body ?? {};
  return kit.drafts.opening(visit.kind, visit.key, body.lang, async (flow, tx, draft) => {
    const ui = kit.uiOf(flow, body.lang);
    if (hasForeignFields(body, ['lang'])) return kit.problem(flow, ui);
    const found = draft ?? (await kit.withProgressIn(flow, tx, visit.cookie))?.state;
    if (found !== undefined) {
      // Carries on where the answers left off, in the language now chosen.
      const state = kit.fitting(flow, { ...found, l: ui.language.code }) ?? found;
      if (!(await kit.store(flow, tx, state))) return unavailableView('sent', ui);
      return redirect(kit.resumeUrl(flow, state));
    }
    const fresh = newState(flow.questionnaire.id, flow.origin, ui.language.code);
    const { code, state } = await startDraft(tx, flow, fresh);
    return redirect(kit.resumeUrl(flow, state), cookieValue(code, state));
  });
}

function step(kit: FlowKit, visit: Visit, to: string) {
  return kit.withProgress(visit, 'open', undefined, async (flow, _tx, progress, ui) => {
    const { version } = kit.localised(flow, progress.state.l);
    const steps = kit.stepsOf(flow, progress.state);
    const found = findStep(steps, to);
    if (found === undefined) return kit.problem(flow, ui);
    const query = visit.query ?? {};
    return stepView(flow, ui, version, steps, found, progress, {
      returnToCheck: query.return === 'check',
      prompt: query.unanswered === 'yes',
    });
  });
}

/** The step's answers are kept: on to the next step, the same page (a prompt), or saved. */
async function carryOn(
  kit: FlowKit,
  flow: Flow,
  tx: Tx,
  ui: ReturnType<FlowKit['uiFor']>,
  state: AnsweringState,
  to: string,
): Promise<Result> {
  if (!(await kit.store(flow, tx, state))) return unavailableView('sent', ui);
  return redirect(to);
}

function about(kit: FlowKit, visit: Visit) {
  const body = visit.body ?? {};
  return kit.withProgress(visit, 'open', undefined, async (flow, tx, progress, ui) => {
    const { state } = progress;
    const steps = kit.stepsOf(flow, state);
    const found = findStep(steps, 'about');
    if (found === undefined || hasForeignFields(body, ['sector', 'roleLevel', 'locality']))
      return kit.problem(flow, ui);
    const mode = modeOf(body);
    const input = readAbout(body, flow, ui, mode);
    const returnToCheck = body.return === 'check';
    if (input.errors.length > 0) {
      const sent = (value: unknown) => (typeof value === 'string' ? value : undefined);
      const { version } = kit.localised(flow, state.l);
      return stepView(flow, ui, version, steps, found, progress, {
        errors: input.errors,
        about: { s: sent(body.sector), r: sent(body.roleLevel), loc: sent(body.locality) },
        returnToCheck,
      });
    }
    const updated = { ...state, ...input.values };
    const to =
      mode === 'save' ? `${flow.base}/saved` : kit.nextUrl(flow, updated, found, returnToCheck);
    return carryOn(kit, flow, tx, ui, updated, to);
  });
}

function page(kit: FlowKit, visit: Visit, number: string) {
  const body = visit.body ?? {};
  return kit.withProgress(visit, 'open', undefined, async (flow, tx, progress, ui) => {
    const { state } = progress;
    const { version } = kit.localised(flow, state.l);
    const steps = kit.stepsOf(flow, state);
    const found = findStep(steps, `page-${number}`);
    if (found?.kind !== 'page') return kit.problem(flow, ui);
    const fields = [...found.page.items.map((item) => item.key), 'comment'];
    if (hasForeignFields(body, fields) || Array.isArray(body.comment)) return kit.problem(flow, ui);
    const mode = modeOf(body);
    const input = readPage(body, found.page, ui, mode, flow.plain);
    const returnToCheck = body.return === 'check';
    if (input.errors.length > 0)
      return stepView(flow, ui, version, steps, found, progress, {
        errors: input.errors,
        sent: input.sent,
        comment: input.comment,
        returnToCheck,
      });
    if (mode === 'save')
      return carryOn(
        kit,
        flow,
        tx,
        ui,
        withPage(state, found.page, input, false),
        `${flow.base}/saved`,
      );
    const answered = withPage(state, found.page, input, false);
    // Children and families may leave statements out: they are told how many, once.
    if (flow.plain && unansweredOn(found.page, answered) > 0 && body.prompted !== 'yes') {
      const back = returnToCheck ? '&return=check' : '';
      return carryOn(
        kit,
        flow,
        tx,
        ui,
        answered,
        `${kit.urlOf(flow, found)}?unanswered=yes${back}`,
      );
    }
    const updated = withPage(state, found.page, input, flow.plain);
    return carryOn(kit, flow, tx, ui, updated, kit.nextUrl(flow, updated, found, returnToCheck));
  });
}

function check(kit: FlowKit, visit: Visit) {
  return kit.withProgress(visit, 'open', undefined, async (flow, _tx, progress, ui) => {
    const { state } = progress;
    const steps = kit.stepsOf(flow, state);
    const missing = firstIncomplete(steps, state, flow);
    if (missing !== undefined) return redirect(kit.urlOf(flow, missing));
    return checkView(flow, ui, kit.localised(flow, state.l).version, steps, progress);
  });
}

/** Sent again after the answers were stored (a double click): confirmed, not lost. */
async function alreadySent(flow: Flow, tx: Tx, visit: Visit): Promise<Result | undefined> {
  const held = readCookie(visit.cookie);
  if (held === undefined || !(await submittedWith(tx, flow.questionnaire.id, held.k)))
    return undefined;
  return redirect(`${flow.base}/done`, null);
}

function submit(kit: FlowKit, visit: Visit) {
  const body = visit.body ?? {};
  const lost = (flow: Flow, tx: Tx) => alreadySent(flow, tx, visit);
  return kit.withProgress(visit, 'submit', lost, async (flow, tx, progress, ui) => {
    const { state } = progress;
    if (hasForeignFields(body, [])) return kit.problem(flow, ui);
    const { version, pages } = kit.localised(flow, state.l);
    const steps = kit.stepsOf(flow, state);
    const missing = firstIncomplete(steps, state, flow);
    if (missing !== undefined && flow.plain) return redirect(kit.urlOf(flow, missing));
    if (missing !== undefined)
      return stepView(flow, ui, version, steps, missing, progress, {
        errors: missingErrors(missing, state, flow, ui),
        returnToCheck: false,
      });
    const result = await submitResponse(
      tx,
      flow.entry.trustId,
      toResponse(flow, state, pages),
      flow.draft === undefined
        ? { questionnaireId: flow.questionnaire.id, draftId: state.d }
        : { locator: flow.draft.locator },
    );
    if (result === 'sent') return unavailableView('sent', ui);
    const done = `${flow.base}/done?lang=${encodeURIComponent(state.l)}`;
    return redirect(done, flow.draft === undefined ? null : undefined);
  });
}

function saved(kit: FlowKit, visit: Visit) {
  return kit.withProgress(
    visit,
    'open',
    undefined,
    async (flow, _tx, progress: Progress, ui): Promise<Outcome> =>
      savedView(flow, ui, progress, kit.config.baseUrl),
  );
}

export type { Body };
