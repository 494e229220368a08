import type { FrameworkVersion } from '../framework/index.ts';
import { DONT_KNOW, NOT_APPLICABLE } from '../../kernel/answers.ts';
import type { QuestionPage } from '../questionnaires/index.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { stepPath, unansweredOn, type Flow, type Step } from './flow.ts';
import type { Ui } from './i18n.ts';
import type { Progress } from './progress.ts';
import { languageItems } from './switcher.ts';
import { begun, NO_LOCALITY, type AnsweringState } from './state.ts';

// View models for the respondent's pages: plain data the templates lay out.

export interface Outcome {
  status: number;
  template: string;
  ui: Ui;
  data: Record<string, unknown>;
}

/** A page, or a redirect (with the open link's cookie to set, or null to clear it). */
export type Result = Outcome | { redirect: string; cookie?: string | null };

export const fieldId = (field: string) => field.replace(/\./g, '-');

export function errorsView(ui: Ui, errors: FieldError[]) {
  return {
    errorList: errors.map((e) => ({ text: e.message, href: `#${fieldId(e.field)}` })),
    fieldErrors: new Map(
      errors.map((e) => [e.field, { text: e.message, visuallyHiddenText: ui.t('errorPrefix') }]),
    ),
  };
}

/**
 * What every respondent page shows in its header: the trust's name, linking to the start,
 * and the links to the page (at `here`, the flow's start unless given) in other languages.
 */
export function frame(flow: Flow, ui: Ui, here: string = flow.base) {
  return {
    trustName: flow.questionnaire.trustName,
    startUrl: startUrl(flow, ui),
    languageItems: languageItems(flow, ui, here),
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
  options: { startUrl?: string; opensOn?: string; flow?: Flow } = {},
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
      ...(options.flow === undefined ? {} : frame(options.flow, ui)),
    },
  };
}

/** Why a personal invitation's link does not work: unknown, or replaced by a newer email. */
export function invitationNotFoundView(ui: Ui, replaced: boolean): Outcome {
  return {
    status: 404,
    template: 'unavailable.njk',
    ui,
    data: {
      title: ui.t(replaced ? 'replacedTitle' : 'notFoundTitle'),
      text: ui.t(replaced ? 'replacedText' : 'invitationNotFoundText'),
      reason: replaced ? 'replaced' : 'not-found',
    },
  };
}

export function startUrl(flow: Flow, ui: Ui): string {
  return `${flow.base}?lang=${encodeURIComponent(ui.language.code)}`;
}

/** The progress can no longer be found (the browser lost its cookie): how to carry on. */
export function lostView(flow: Flow, ui: Ui): Outcome {
  return {
    status: 200,
    template: 'lost.njk',
    ui,
    data: {
      ...frame(flow, ui),
      title: ui.t(flow.draft === undefined ? 'lostTitle' : 'lostInvitationTitle'),
      viaLink: flow.draft !== undefined,
      action: `${flow.base}/resume`,
      lang: ui.language.code,
      value: '',
      continueUrl: startUrl(flow, ui),
    },
  };
}

export interface StepOptions {
  errors?: FieldError[];
  /** What the respondent sent, shown again after an error. */
  sent?: Map<string, string>;
  comment?: string;
  about?: { s?: string | undefined; r?: string | undefined; loc?: string | undefined };
  returnToCheck: boolean;
  /** Tell the respondent (a child or family) how many statements they left out. */
  prompt?: boolean;
}

function backHref(flow: Flow, ui: Ui, steps: Step[], step: Step, returnToCheck: boolean) {
  if (returnToCheck) return `${flow.base}/check`;
  const previous = steps[step.number - 2];
  return previous === undefined ? startUrl(flow, ui) : `${flow.base}${stepPath(previous)}`;
}

/** An open link's save code: in full on the first page, then as a reminder line. */
function codeNotice(progress: Progress) {
  if (progress.code === undefined) return null;
  return { code: progress.code, first: !begun(progress.state) };
}

/** "If you are worried": on the safeguarding pages, for children and families. */
export function worried(flow: Flow, page: QuestionPage | null) {
  const onPage = page === null || page.colour === 'violet';
  if (!onPage || (!flow.plain && page !== null)) return null;
  return {
    contact: flow.questionnaire.safeguardingContact,
    adult: !flow.plain,
    family: flow.audience === 'parents-carers',
  };
}

export function stepView(
  flow: Flow,
  ui: Ui,
  version: FrameworkVersion,
  steps: Step[],
  step: Step,
  progress: Progress,
  options: StepOptions,
): Outcome {
  const { state } = progress;
  const errors = errorsView(ui, options.errors ?? []);
  const here = `${flow.base}${stepPath(step)}${options.returnToCheck ? '?return=check' : ''}`;
  const common = {
    ...frame(flow, ui, here),
    backHref: backHref(flow, ui, steps, step, options.returnToCheck),
    progress: ui.t('pageOf', { n: step.number, total: steps.length }),
    returnToCheck: options.returnToCheck,
    errors: errors.errorList.length > 0 ? errors : null,
    codeNotice: codeNotice(progress),
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
  const unanswered = options.prompt === true ? unansweredOn(page, state) : 0;
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
      unanswered: unanswered > 0 ? unanswered : null,
      worried: worried(flow, page),
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
  const choose = (key: string) => ({ value: '', text: ui.t(key) });
  return {
    action: `${flow.base}/about`,
    sector: flow.asks.sector
      ? {
          items: [
            choose('sectorChoose'),
            ...q.sectors.map((s) => ({ value: s.key, text: s.name, selected: s.key === values.s })),
          ],
          error: errors.fieldErrors.get('sector'),
        }
      : null,
    role: flow.asks.role
      ? {
          items: ROLE_KEYS.map(([value, key]) => ({
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
            choose('localityChoose'),
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

export const ROLE_KEYS = [
  ['leaders-managers', 'roleLeader'],
  ['frontline', 'roleFrontline'],
  ['other', 'roleOther'],
] as const;

/**
 * The answer labels of a version for this audience: 1–5, then Don't know and Not
 * applicable (for children and families, "Don't know" and "Doesn't apply to me").
 */
export function answerLabels(version: FrameworkVersion, ui: Ui): Map<string, string> {
  const labels = ui.plain ? version.scale.plainLabels : version.scale.labels;
  const map = new Map<string, string>(labels.map((text, i) => [String(i + 1), text]));
  map.set('DK', ui.plain ? ui.t('answerDontKnow') : version.scale.dontKnow);
  map.set('NA', ui.plain ? ui.t('answerNotApplicable') : version.scale.notApplicable);
  return map;
}

export const formValue = (value: number) =>
  value === DONT_KNOW ? 'DK' : value === NOT_APPLICABLE ? 'NA' : String(value);

function questionsView(
  page: QuestionPage,
  version: FrameworkVersion,
  ui: Ui,
  state: AnsweringState,
  sent: Map<string, string> | undefined,
  fieldErrors: Map<string, { text: string }>,
) {
  const labels = [...answerLabels(version, ui)];
  return page.items.map((item) => {
    const stored = state.a[item.key];
    const current = sent?.get(item.key) ?? (stored === undefined ? undefined : formValue(stored));
    const id = fieldId(item.key);
    // Ids as GOV.UK radios number them: id, id-2, … id-7.
    const items = labels.map(([value, text], i) => ({
      id: i === 0 ? id : `${id}-${i + 1}`,
      value,
      text,
      checked: value === current,
      // Don't know and Not applicable stand apart from the scale.
      apart: i === 5,
    }));
    return { id, key: item.key, text: item.text, items, error: fieldErrors.get(item.key) };
  });
}
