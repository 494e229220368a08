import type { EntryKind } from './entry.ts';
import { firstIncomplete, hasForeignFields, stepsFor, type Flow } from './flow.ts';
import type { Ui } from './i18n.ts';
import type { Body, FlowKit } from './kit.ts';
import { findDraft } from './repository.ts';
import { normaliseResumeCode, parseState, resumeHash } from './state.ts';
import { errorsView, startUrl, type Outcome } from './views.ts';

// Coming back to saved answers: the respondent types the code they were given.

function resumeView(flow: Flow, ui: Ui, value: string, error: string | null): Outcome {
  const errors = errorsView(ui, error === null ? [] : [{ field: 'code', message: error }]);
  return {
    status: error === null ? 200 : 400,
    template: 'resume.njk',
    ui,
    data: {
      title: ui.t('resumeTitle'),
      action: `${flow.base}/resume`,
      lang: ui.language.code,
      value,
      error: errors.fieldErrors.get('code'),
      errors: error === null ? null : errors,
      startUrl: startUrl(flow, ui),
      backHref: startUrl(flow, ui),
    },
  };
}

export function resumeHandlers(kit: FlowKit) {
  return {
    resumeForm(kind: EntryKind, key: string, lang: unknown) {
      return kit.withFlow(kind, key, lang, 'open', async (flow) =>
        resumeView(flow, kit.uiOf(flow, lang), '', null),
      );
    },

    resume(kind: EntryKind, key: string, body: Body) {
      return kit.withFlow(kind, key, body.lang, 'open', async (flow, tx) => {
        const ui = kit.uiOf(flow, body.lang);
        if (hasForeignFields(body, ['lang', 'code'])) return kit.problem(flow, ui);
        const typed = typeof body.code === 'string' ? body.code.slice(0, 100) : '';
        if (typed === '') return resumeView(flow, ui, typed, ui.t('resumeMissing'));
        const code = normaliseResumeCode(typed);
        if (code === undefined) return resumeView(flow, ui, typed, ui.t('resumeFormat'));
        const draft = await findDraft(tx, flow.questionnaire.id, resumeHash(code));
        if (draft === undefined) return resumeView(flow, ui, typed, ui.t('resumeNotFound'));
        if (draft.expired) return resumeView(flow, ui, typed, ui.t('resumeExpired'));
        const state = kit.fitting(flow, parseState(draft.state));
        if (state === undefined) return resumeView(flow, ui, typed, ui.t('resumeNotFound'));
        const resumed = { ...state, d: draft.id };
        const steps = stepsFor(flow, kit.localised(flow, resumed.l).pages);
        return kit.show(flow, resumed, firstIncomplete(steps, resumed, flow) ?? 'check');
      });
    },
  };
}
