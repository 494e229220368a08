import type { Flow } from './flow.ts';
import { hasForeignFields } from './form-input.ts';
import type { Ui } from './i18n.ts';
import type { FlowKit, Visit } from './kit.ts';
import { cookieValue, findByCode } from './progress.ts';
import { normaliseResumeCode } from './state.ts';
import { errorsView, frame, startUrl, type Outcome, type Result } from './views.ts';

// Coming back to saved answers: the respondent types their save code, and the browser
// keeps it again (in the cookie) for the rest of the questionnaire.

export function resumeView(flow: Flow, ui: Ui, value: string, error: string | null): Outcome {
  const errors = errorsView(ui, error === null ? [] : [{ field: 'code', message: error }]);
  return {
    status: error === null ? 200 : 400,
    template: 'resume.njk',
    ui,
    data: {
      ...frame(flow, ui, `${flow.base}/resume`),
      title: ui.t('resumeTitle'),
      action: `${flow.base}/resume`,
      lang: ui.language.code,
      value,
      error: errors.fieldErrors.get('code'),
      errors: error === null ? null : errors,
      backHref: startUrl(flow, ui),
    },
  };
}

export function resumeHandlers(kit: FlowKit) {
  return {
    resumeForm(visit: Visit) {
      return kit.withFlow(visit.kind, visit.key, visit.lang, 'open', async (flow) =>
        resumeView(flow, kit.uiOf(flow, visit.lang), '', null),
      );
    },

    resume(visit: Visit) {
      const body = visit.body ?? {};
      return kit.withFlow(
        visit.kind,
        visit.key,
        body.lang,
        'open',
        async (flow, tx): Promise<Result> => {
          const ui = kit.uiOf(flow, body.lang);
          if (hasForeignFields(body, ['lang', 'code'])) return kit.problem(flow, ui);
          const typed = typeof body.code === 'string' ? body.code.slice(0, 100) : '';
          if (typed.trim() === '') return resumeView(flow, ui, typed, ui.t('resumeMissing'));
          const code = normaliseResumeCode(typed);
          if (code === undefined) return resumeView(flow, ui, typed, ui.t('resumeFormat'));
          const found = await findByCode(tx, flow, kit.fitting, code);
          if (found === undefined) return resumeView(flow, ui, typed, ui.t('resumeNotFound'));
          if (found === 'expired') return resumeView(flow, ui, typed, ui.t('resumeExpired'));
          return {
            redirect: kit.resumeUrl(flow, found.state),
            cookie: cookieValue(code, found.state),
          };
        },
      );
    },
  };
}
