import type { FrameworkVersion } from '../framework/index.ts';
import type { QuestionPage } from '../questionnaires/index.ts';
import { stepPath, type Flow, type Step } from './flow.ts';
import type { Ui } from './i18n.ts';
import type { Progress } from './progress.ts';
import { NO_LOCALITY, type AnsweringState } from './state.ts';
import { answerLabels, fieldId, formValue, frame, ROLE_KEYS, type Outcome } from './views.ts';

// The check answers page: a summary card per step, its answers compact, one Change link
// for the card, and a Change link on each statement left unanswered.

interface Row {
  key: string;
  value: string;
  /** A statement left unanswered: its own Change link, to the statement itself. */
  href?: string;
  hidden?: string;
  missing?: boolean;
  /** The respondent's own words, in whichever direction they were written. */
  own?: boolean;
}

function aboutRows(flow: Flow, ui: Ui, state: AnsweringState): Row[] {
  const q = flow.questionnaire;
  const rows: Row[] = [];
  if (flow.asks.sector)
    rows.push({
      key: ui.t('sectorRow'),
      value: q.sectors.find((s) => s.key === state.s)?.name ?? '',
    });
  if (flow.asks.role) {
    const role = ROLE_KEYS.find(([value]) => value === state.r);
    rows.push({ key: ui.t('roleRow'), value: role === undefined ? '' : ui.t(role[1]) });
  }
  if (flow.asks.locality)
    rows.push({
      key: ui.t('localityRow'),
      value:
        state.loc === NO_LOCALITY
          ? ui.t('localityNone')
          : (q.localities.find((l) => l.id === state.loc)?.name ?? ''),
    });
  return rows;
}

function pageRows(
  page: QuestionPage,
  ui: Ui,
  state: AnsweringState,
  labels: Map<string, string>,
  href: string,
): Row[] {
  const rows: Row[] = page.items.map((item) => {
    const value = state.a[item.key];
    if (value !== undefined) return { key: item.text, value: labels.get(formValue(value)) ?? '' };
    return {
      key: item.text,
      value: ui.t('notAnswered'),
      missing: true,
      href: `${href}?return=check#${fieldId(item.key)}`,
      hidden: ui.t('changeHidden', { question: item.text }),
    };
  });
  const comment = state.c[page.key];
  rows.push(
    comment === undefined
      ? { key: ui.t('commentRow'), value: ui.t('noComment') }
      : { key: ui.t('commentRow'), value: comment, own: true },
  );
  return rows;
}

export function checkView(
  flow: Flow,
  ui: Ui,
  version: FrameworkVersion,
  steps: Step[],
  progress: Progress,
): Outcome {
  const { state } = progress;
  const labels = answerLabels(version, ui);
  const cards = steps.map((step) => {
    const href = `${flow.base}${stepPath(step)}`;
    const heading = step.kind === 'about' ? ui.t('checkAboutHeading') : step.page.name;
    const rows =
      step.kind === 'about'
        ? aboutRows(flow, ui, state)
        : pageRows(step.page, ui, state, labels, href);
    return { heading, href: `${href}?return=check`, rows, anyMissing: rows.some((r) => r.missing) };
  });
  const last = steps.at(-1);
  return {
    status: 200,
    template: 'check.njk',
    ui,
    data: {
      ...frame(flow, ui, `${flow.base}/check`),
      title: ui.t('checkTitle'),
      backHref: last === undefined ? frame(flow, ui).startUrl : `${flow.base}${stepPath(last)}`,
      action: `${flow.base}/submit`,
      cards,
      codeNotice: progress.code === undefined ? null : { code: progress.code, first: false },
    },
  };
}
