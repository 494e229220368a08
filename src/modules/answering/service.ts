import type { Tx } from '../../db/client.ts';
import type { EntryKind } from './entry.ts';
import {
  findStep,
  firstIncomplete,
  hasForeignFields,
  missingErrors,
  modeOf,
  readAbout,
  readPage,
  stepsFor,
  toResponse,
  withPage,
  type Flow,
  type Localised,
} from './flow.ts';
import { createFlowKit, type Body, type FlowKit, type AnsweringDeps } from './kit.ts';
import type { Ui } from './i18n.ts';
import { saveDraft, submitResponse } from './repository.ts';
import { resumeHandlers } from './resume.ts';
import { newResumeCode, newState, resumeHash, type AnsweringState } from './state.ts';
import { stepView, unavailableView, type Outcome } from './views.ts';

// The answering flow, step by step. Each call finds the questionnaire from the link code or
// invitation token, checks it is open today, and works inside the trust's scope.
//
// From an open link, progress travels in the forms until the respondent submits or saves.
// From a personal invitation, opening the link starts (or continues) the invitation's
// draft, and every step keeps its answers there, so the link carries on where it left off
// on any device. The draft is found and encrypted by the link's token alone, and sending
// the answers deletes it in the transaction that stores the response (see draft.ts).

export function createAnsweringService(deps: AnsweringDeps) {
  const kit = createFlowKit(deps);
  return {
    start: (kind: EntryKind, key: string, lang: unknown) => start(kit, kind, key, lang),
    begin: (kind: EntryKind, key: string, body: Body) => begin(kit, kind, key, body),
    about: (kind: EntryKind, key: string, body: Body) => about(kit, kind, key, body),
    page: (kind: EntryKind, key: string, number: string, body: Body) =>
      page(kit, kind, key, number, body),
    go: (kind: EntryKind, key: string, body: Body) => go(kit, kind, key, body),
    submit: (kind: EntryKind, key: string, body: Body) => submit(kit, kind, key, body),
    done: (kind: EntryKind, key: string, lang: unknown) => done(kit, kind, key, lang),
    ...resumeHandlers(kit),
  };
}

export type AnsweringService = ReturnType<typeof createAnsweringService>;

async function save(kit: FlowKit, flow: Flow, tx: Tx, state: AnsweringState): Promise<Outcome> {
  const ui = kit.uiFor(state.l, flow.plain);
  // From an invitation the draft already holds the answers: the link is the way back.
  if (flow.draft !== undefined) return kit.drafts.savedView(flow, ui);
  const code = newResumeCode();
  const stored: AnsweringState = { ...state };
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
      resumeUrl: `${kit.config.baseUrl}${flow.base}/resume?lang=${ui.language.code}`,
      resumePath: `${flow.base}/resume?lang=${ui.language.code}`,
      expires: ui.date(expiresOn),
    },
  };
}

function start(kit: FlowKit, kind: EntryKind, key: string, lang: unknown) {
  return kit.drafts.opening(kind, key, lang, async (flow, _tx, draft) => {
    const ui = kit.uiOf(flow, lang);
    const { version, pages } = kit.localised(flow, ui.language.code);
    return {
      status: 200,
      template: 'start.njk',
      ui,
      data: startData(flow, ui, version, pages, draft !== undefined && begun(draft)),
    };
  });
}

function begin(kit: FlowKit, kind: EntryKind, key: string, body: Body) {
  return kit.drafts.opening(kind, key, body.lang, async (flow, _tx, draft) => {
    const ui = kit.uiOf(flow, body.lang);
    if (hasForeignFields(body, ['lang'])) return kit.problem(flow, ui);
    if (draft !== undefined) {
      // Carries on where the draft left off, in the language now chosen.
      const state = kit.fitting(flow, { ...draft, l: ui.language.code }) ?? draft;
      const steps = stepsFor(flow, kit.localised(flow, state.l).pages);
      return kit.show(flow, state, firstIncomplete(steps, state, flow) ?? 'check');
    }
    const state = newState(flow.questionnaire.id, flow.origin, ui.language.code);
    const steps = stepsFor(flow, kit.localised(flow, state.l).pages);
    const first = steps[0];
    return first === undefined ? kit.problem(flow, ui) : kit.show(flow, state, first);
  });
}

function about(kit: FlowKit, kind: EntryKind, key: string, body: Body) {
  return kit.withFlow(kind, key, undefined, 'open', async (flow, tx) => {
    const state = kit.stateFrom(flow, body);
    if (state === undefined) return kit.problem(flow, kit.uiOf(flow, undefined));
    const ui = kit.uiFor(state.l, flow.plain);
    const { version, pages } = kit.localised(flow, state.l);
    const steps = stepsFor(flow, pages);
    const step = findStep(steps, 'about');
    if (step === undefined || hasForeignFields(body, ['sector', 'roleLevel', 'locality']))
      return kit.problem(flow, ui);
    const mode = modeOf(body);
    const input = readAbout(body, flow, ui, mode);
    const returnToCheck = body.return === 'check';
    if (input.errors.length > 0) {
      const about = {
        s: typeof body.sector === 'string' ? body.sector : undefined,
        r: typeof body.roleLevel === 'string' ? body.roleLevel : undefined,
        loc: typeof body.locality === 'string' ? body.locality : undefined,
      };
      return stepView(flow, ui, version, steps, step, state, kit.seal(state), {
        errors: input.errors,
        about,
        returnToCheck,
      });
    }
    const updated = { ...state, ...input.values };
    if (!(await kit.drafts.keep(flow, tx, updated))) return unavailableView('sent', ui);
    return mode === 'save'
      ? save(kit, flow, tx, updated)
      : kit.next(flow, updated, step, returnToCheck);
  });
}

function page(kit: FlowKit, kind: EntryKind, key: string, number: string, body: Body) {
  return kit.withFlow(kind, key, undefined, 'open', async (flow, tx) => {
    const state = kit.stateFrom(flow, body);
    if (state === undefined) return kit.problem(flow, kit.uiOf(flow, undefined));
    const ui = kit.uiFor(state.l, flow.plain);
    const { version, pages } = kit.localised(flow, state.l);
    const steps = stepsFor(flow, pages);
    const step = findStep(steps, `page-${number}`);
    if (step?.kind !== 'page') return kit.problem(flow, ui);
    const fields = [...step.page.items.map((item) => item.key), 'comment'];
    if (hasForeignFields(body, fields) || Array.isArray(body.comment)) return kit.problem(flow, ui);
    const mode = modeOf(body);
    const input = readPage(body, step.page, ui, mode);
    const returnToCheck = body.return === 'check';
    if (input.errors.length > 0)
      return stepView(flow, ui, version, steps, step, state, kit.seal(state), {
        errors: input.errors,
        sent: input.sent,
        comment: input.comment,
        returnToCheck,
      });
    const updated = withPage(state, step.page, input);
    if (!(await kit.drafts.keep(flow, tx, updated))) return unavailableView('sent', ui);
    return mode === 'save'
      ? save(kit, flow, tx, updated)
      : kit.next(flow, updated, step, returnToCheck);
  });
}

function go(kit: FlowKit, kind: EntryKind, key: string, body: Body) {
  return kit.withFlow(kind, key, undefined, 'open', async (flow) => {
    const state = kit.stateFrom(flow, body);
    if (state === undefined) return kit.problem(flow, kit.uiOf(flow, undefined));
    if (hasForeignFields(body, ['to'])) return kit.problem(flow, kit.uiFor(state.l, flow.plain));
    const to = typeof body.to === 'string' ? body.to : '';
    if (to === 'check') return kit.show(flow, state, 'check');
    const step = findStep(stepsFor(flow, kit.localised(flow, state.l).pages), to);
    if (step === undefined) return kit.problem(flow, kit.uiFor(state.l, flow.plain));
    return kit.show(flow, state, step, body.return === 'check');
  });
}

function submit(kit: FlowKit, kind: EntryKind, key: string, body: Body) {
  return kit.withFlow(kind, key, undefined, 'submit', async (flow, tx) => {
    const state = kit.stateFrom(flow, body);
    if (state === undefined) return kit.problem(flow, kit.uiOf(flow, undefined));
    const ui = kit.uiFor(state.l, flow.plain);
    if (hasForeignFields(body, [])) return kit.problem(flow, ui);
    const { version, pages } = kit.localised(flow, state.l);
    const missing = firstIncomplete(stepsFor(flow, pages), state, flow);
    if (missing !== undefined)
      return stepView(flow, ui, version, stepsFor(flow, pages), missing, state, kit.seal(state), {
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
    return { redirect: `${flow.base}/done?lang=${encodeURIComponent(state.l)}` };
  });
}

function done(kit: FlowKit, kind: EntryKind, key: string, lang: unknown) {
  return kit.withFlow(kind, key, lang, 'done', async (flow) => {
    const ui = kit.uiOf(flow, lang);
    return {
      status: 200,
      template: 'done.njk',
      ui,
      data: { title: ui.t('doneTitle'), trustName: flow.questionnaire.trustName },
    };
  });
}

function startData(
  flow: Flow,
  ui: Ui,
  version: Flow['version'],
  pages: Localised['pages'],
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
function begun(state: AnsweringState): boolean {
  return (
    Object.keys(state.a).length > 0 ||
    Object.keys(state.c).length > 0 ||
    state.s !== undefined ||
    state.r !== undefined ||
    state.loc !== undefined
  );
}
