import type { FrameworkVersion } from '../framework/index.ts';
import { DONT_KNOW, NOT_APPLICABLE } from '../../kernel/answers.ts';
import type { QuestionPage } from '../questionnaires/index.ts';
import type { FieldError } from '../../kernel/errors.ts';
import type { Flow, Step } from './flow.ts';
import type { Ui } from './i18n.ts';
import { NO_LOCALITY, type AnsweringState } from './state.ts';

// View models for the respondent's pages: plain data the templates lay out.

export interface Outcome {
  status: number;
  template: string;
  ui: Ui;
  data: Record<string, unknown>;
}

export type Result = Outcome | { redirect: string };

export const fieldId = (field: string) => field.replace(/\./g, '-');

export function errorsView(ui: Ui, errors: FieldError[]) {
  return {
    errorList: errors.map((e) => ({ text: e.message, href: `#${fieldId(e.field)}` })),
    fieldErrors: new Map(
      errors.map((e) => [e.field, { text: e.message, visuallyHiddenText: ui.t('errorPrefix') }]),
    ),
  };
}

export type Unavailable = 'not-found' | 'closed' | 'not-open' | 'sent' | 'problem';

const UNAVAILABLE: Record<Unavailable, { status: number; title: string; text: string }> = {
  'not-found': { status: 404, title: 'notFoundTitle', text: 'notFoundText' },
  closed: { status: 410, title: 'closedTitle', text: 'closedText' },
  'not-open': { status: 404, title: 'notOpenTitle', text: 'notOpenText' },
  sent: { status: 200, title: 'sentTitle', text: 'sentText' },
  problem: { status: 400, title: 'problemTitle', text: 'problemText' },
};

/** A page saying the questionnaire cannot be answered (or the form could not be read). */
export function unavailableView(
  reason: Unavailable,
  ui: Ui,
  options: { startUrl?: string; opensOn?: string } = {},
): Outcome {
  const page = UNAVAILABLE[reason];
  return {
    status: page.status,
    template: 'unavailable.njk',
    ui,
    data: {
      title: ui.t(page.title),
      text: ui.t(page.text, {
        date: options.opensOn === undefined ? '' : ui.date(options.opensOn),
      }),
      reason,
      startUrl: reason === 'problem' ? options.startUrl : undefined,
    },
  };
}

export function startUrl(flow: Flow, ui: Ui): string {
  return `${flow.base}?lang=${encodeURIComponent(ui.language.code)}`;
}

/** The fields every step of the flow shares: where it posts, the state, the back link. */
function stepFrame(flow: Flow, ui: Ui, sealed: string, back: string | null) {
  return {
    base: flow.base,
    startUrl: startUrl(flow, ui),
    state: sealed,
    back: back === null ? null : { action: `${flow.base}/go`, to: back },
    backHref: back === null ? startUrl(flow, ui) : null,
  };
}

export interface StepOptions {
  errors?: FieldError[];
  /** What the respondent sent, shown again after an error. */
  sent?: Map<string, string>;
  comment?: string;
  about?: { s?: string; r?: string; loc?: string };
  returnToCheck: boolean;
}

function backFrom(steps: Step[], step: Step, returnToCheck: boolean): string | null {
  if (returnToCheck) return 'check';
  const previous = steps[step.number - 2];
  return previous === undefined ? null : previous.to;
}

export function stepView(
  flow: Flow,
  ui: Ui,
  version: FrameworkVersion,
  steps: Step[],
  step: Step,
  state: AnsweringState,
  sealed: string,
  options: StepOptions,
): Outcome {
  const errors = errorsView(ui, options.errors ?? []);
  const common = {
    ...stepFrame(flow, ui, sealed, backFrom(steps, step, options.returnToCheck)),
    progress: ui.t('pageOf', { n: step.number, total: steps.length }),
    returnToCheck: options.returnToCheck,
    errors: errors.errorList.length > 0 ? errors : null,
  };
  const status = errors.errorList.length > 0 ? 400 : 200;
  if (step.kind === 'about') {
    const values = { s: state.s, r: state.r, loc: state.loc, ...options.about };
    return {
      status,
      template: 'about.njk',
      ui,
      data: { ...common, title: ui.t('aboutTitle'), ...aboutFields(flow, ui, values, errors) },
    };
  }
  const page = step.page;
  const comment = options.comment ?? state.c[page.key] ?? '';
  return {
    status,
    template: 'page.njk',
    ui,
    data: {
      ...common,
      title: page.name,
      description: page.description,
      action: `${flow.base}/page/${step.index + 1}`,
      questions: questionsView(page, version, ui, state, options.sent, errors.fieldErrors),
      comment: { value: comment, error: errors.fieldErrors.get('comment') },
    },
  };
}

function aboutFields(
  flow: Flow,
  ui: Ui,
  values: { s?: string | undefined; r?: string | undefined; loc?: string | undefined },
  errors: ReturnType<typeof errorsView>,
) {
  const q = flow.questionnaire;
  return {
    action: `${flow.base}/about`,
    sector: flow.asks.sector
      ? {
          items: [
            { value: '', text: ui.t('sectorChoose') },
            ...q.sectors.map((s) => ({ value: s.key, text: s.name, selected: s.key === values.s })),
          ],
          error: errors.fieldErrors.get('sector'),
        }
      : null,
    role: flow.asks.role
      ? {
          items: [
            ['leaders-managers', 'roleLeader'],
            ['frontline', 'roleFrontline'],
            ['other', 'roleOther'],
          ].map(([value = '', key = '']) => ({
            value,
            text: ui.t(key),
            checked: value === values.r,
          })),
          error: errors.fieldErrors.get('roleLevel'),
        }
      : null,
    locality: flow.asks.locality
      ? {
          items: [
            { value: '', text: ui.t('localityChoose') },
            ...q.localities.map((l) => ({
              value: l.id,
              text: l.name,
              selected: l.id === values.loc,
            })),
            {
              value: NO_LOCALITY,
              text: ui.t('localityNone'),
              selected: values.loc === NO_LOCALITY,
            },
          ],
          error: errors.fieldErrors.get('locality'),
        }
      : null,
  };
}

/** The answer labels of a version for this audience: 1–5, Don't know, Not applicable. */
export function answerLabels(version: FrameworkVersion, plain: boolean): Map<string, string> {
  const labels = plain ? version.scale.plainLabels : version.scale.labels;
  const map = new Map<string, string>(labels.map((text, i) => [String(i + 1), text]));
  map.set('DK', version.scale.dontKnow);
  map.set('NA', version.scale.notApplicable);
  return map;
}

const formValue = (value: number) =>
  value === DONT_KNOW ? 'DK' : value === NOT_APPLICABLE ? 'NA' : String(value);

function questionsView(
  page: QuestionPage,
  version: FrameworkVersion,
  ui: Ui,
  state: AnsweringState,
  sent: Map<string, string> | undefined,
  fieldErrors: Map<string, { text: string }>,
) {
  const labels = [...answerLabels(version, ui.plain)];
  return page.items.map((item) => {
    const stored = state.a[item.key];
    const current = sent?.get(item.key) ?? (stored === undefined ? undefined : formValue(stored));
    const id = fieldId(item.key);
    // Ids as GOV.UK radios number them (the divider counts): id, id-2, … id-7, id-8.
    const items: Record<string, unknown>[] = labels.map(([value, text], i) => {
      const n = i < 5 ? i + 1 : i + 2;
      return { id: n === 1 ? id : `${id}-${n}`, value, text, checked: value === current };
    });
    items.splice(5, 0, { divider: ui.t('or') });
    return {
      id,
      key: item.key,
      text: item.text,
      items,
      error: fieldErrors.get(item.key),
    };
  });
}

/** The check page's rows for "About you". */
function aboutRows(flow: Flow, ui: Ui, state: AnsweringState): Record<string, string>[] {
  const q = flow.questionnaire;
  const rows: Record<string, string>[] = [];
  if (flow.asks.sector)
    rows.push({
      key: ui.t('sectorRow'),
      value: q.sectors.find((s) => s.key === state.s)?.name ?? '',
    });
  if (flow.asks.role) {
    const role = {
      'leaders-managers': 'roleLeader',
      frontline: 'roleFrontline',
      other: 'roleOther',
    };
    rows.push({
      key: ui.t('roleRow'),
      value: state.r === undefined ? '' : ui.t(role[state.r]),
    });
  }
  if (flow.asks.locality)
    rows.push({
      key: ui.t('localityRow'),
      value:
        state.loc === NO_LOCALITY
          ? ui.t('localityNone')
          : (q.localities.find((l) => l.id === state.loc)?.name ?? ''),
    });
  for (const row of rows) row.hidden = row.key ?? '';
  return rows;
}

/** The check page's rows for a page of questions: each answer, then the comment. */
function pageRows(
  page: QuestionPage,
  ui: Ui,
  state: AnsweringState,
  labels: Map<string, string>,
): Record<string, string>[] {
  const rows = page.items.map((item) => {
    const value = state.a[item.key];
    return {
      key: item.text,
      value: value === undefined ? '' : (labels.get(formValue(value)) ?? ''),
      hidden: ui.t('changeHidden', { question: item.text }),
    };
  });
  rows.push({
    key: ui.t('commentRow'),
    value: state.c[page.key] ?? ui.t('noComment'),
    hidden: ui.t('commentRow'),
  });
  return rows;
}

export function checkView(
  flow: Flow,
  ui: Ui,
  version: FrameworkVersion,
  steps: Step[],
  state: AnsweringState,
  sealed: string,
): Outcome {
  const labels = answerLabels(version, ui.plain);
  const sections = steps.map((step) =>
    step.kind === 'about'
      ? { heading: ui.t('checkAboutHeading'), to: step.to, rows: aboutRows(flow, ui, state) }
      : { heading: step.page.name, to: step.to, rows: pageRows(step.page, ui, state, labels) },
  );
  const last = steps.at(-1);
  return {
    status: 200,
    template: 'check.njk',
    ui,
    data: {
      ...stepFrame(flow, ui, sealed, last === undefined ? null : last.to),
      title: ui.t('checkTitle'),
      sections,
    },
  };
}
