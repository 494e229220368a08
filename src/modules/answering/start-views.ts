import type { Flow, Localised } from './flow.ts';
import { stepsFor } from './flow.ts';
import type { Ui } from './i18n.ts';
import type { Progress } from './progress.ts';
import { frame, worried, type Outcome } from './views.ts';

// The start, saved and confirmation pages.

export function startView(flow: Flow, ui: Ui, localised: Localised, started: boolean): Outcome {
  const { version, pages } = localised;
  const steps = stepsFor(flow, pages);
  const audienceName = version.audiences.find((a) => a.key === flow.audience)?.name ?? '';
  const items = pages.reduce((n, page) => n + page.items.length, 0);
  return {
    status: 200,
    template: 'start.njk',
    ui,
    data: {
      ...frame(flow, ui),
      title: ui.t('startTitle'),
      audienceName,
      minutes: Math.max(2, Math.ceil(items / 5)),
      stepCount: steps.length,
      closesOn: ui.date(flow.questionnaire.closesOn),
      lang: ui.language.code,
      base: flow.base,
      viaLink: flow.draft !== undefined,
      plain: flow.plain,
      started,
    },
  };
}

export function savedView(flow: Flow, ui: Ui, progress: Progress, baseUrl: string): Outcome {
  const lang = encodeURIComponent(ui.language.code);
  const common = { ...frame(flow, ui, `${flow.base}/saved`), title: ui.t('savedTitle') };
  if (flow.draft !== undefined)
    return {
      status: 200,
      template: 'saved.njk',
      ui,
      data: { ...common, viaLink: true, expires: ui.date(flow.questionnaire.closesOn) },
    };
  return {
    status: 200,
    template: 'saved.njk',
    ui,
    data: {
      ...common,
      code: progress.code,
      resumeUrl: `${baseUrl}${flow.base}/resume?lang=${lang}`,
      resumePath: `${flow.base}/resume?lang=${lang}`,
      expires: ui.date(progress.expiresOn ?? flow.questionnaire.closesOn),
      backHref: `${flow.base}/check`,
    },
  };
}

export function doneView(flow: Flow, ui: Ui): Outcome {
  return {
    status: 200,
    template: 'done.njk',
    ui,
    data: {
      ...frame(flow, ui, `${flow.base}/done`),
      title: ui.t('doneTitle'),
      worried: worried(flow, null),
    },
  };
}
