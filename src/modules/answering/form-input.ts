import type { FieldError } from '../../kernel/errors.ts';
import { parseAnswer, type AnswerValue } from '../../kernel/answers.ts';
import type { QuestionPage } from '../questionnaires/index.ts';
import type { Flow } from './flow.ts';
import type { Ui } from './i18n.ts';
import { NO_LOCALITY, ROLE_LEVELS, type AnsweringState, type RoleLevel } from './state.ts';

// Reading the respondent's forms: "About you" and a question page, into a state; a forged
// field, or a value the page did not offer, is never taken.

/** Fields any flow form may carry besides its questions. */
const COMMON_FIELDS = ['_csrf', 'action', 'return', 'prompted'];

/** True if the form carries a field that none of our pages sends (a forged form). */
export function hasForeignFields(body: Record<string, unknown>, fields: Iterable<string>): boolean {
  const allowed = new Set([...COMMON_FIELDS, ...fields]);
  return Object.keys(body).some((key) => !allowed.has(key));
}

export type Mode = 'continue' | 'save';

export function modeOf(body: Record<string, unknown>): Mode {
  return body.action === 'save' ? 'save' : 'continue';
}

const one = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export interface AboutInput {
  values: { s?: string; r?: RoleLevel; loc?: string };
  errors: FieldError[];
}

/** Reads the "About you" form; saving for later allows gaps, but never a value not offered. */
export function readAbout(
  body: Record<string, unknown>,
  flow: Flow,
  ui: Ui,
  mode: Mode,
): AboutInput {
  const values: AboutInput['values'] = {};
  const errors: FieldError[] = [];
  const q = flow.questionnaire;
  if (flow.asks.sector) {
    const sector = one(body.sector);
    if (sector !== undefined && q.sectors.some((s) => s.key === sector)) values.s = sector;
    else if (sector !== undefined || mode === 'continue')
      errors.push({ field: 'sector', message: ui.t('sectorError') });
  }
  if (flow.asks.role) {
    const role = one(body.roleLevel);
    const known = ROLE_LEVELS.find((level) => level === role);
    if (known !== undefined) values.r = known;
    else if (role !== undefined || mode === 'continue')
      errors.push({ field: 'roleLevel', message: ui.t('roleError') });
  }
  if (flow.asks.locality) {
    const locality = one(body.locality);
    if (
      locality !== undefined &&
      (locality === NO_LOCALITY || q.localities.some((l) => l.id === locality))
    )
      values.loc = locality;
    else if (locality !== undefined || mode === 'continue')
      errors.push({ field: 'locality', message: ui.t('localityError') });
  }
  return { values, errors };
}

export const COMMENT_LIMIT = 1000;

export interface PageInput {
  answers: Map<string, AnswerValue>;
  /** What was sent for each item, to show again after an error. */
  sent: Map<string, string>;
  comment: string;
  errors: FieldError[];
}

/**
 * Reads one page of questions. Practitioners answer each statement to continue; children
 * and families (optional) may leave any out. A comment is optional for everyone.
 */
export function readPage(
  body: Record<string, unknown>,
  page: QuestionPage,
  ui: Ui,
  mode: Mode,
  optional = false,
): PageInput {
  const answers = new Map<string, AnswerValue>();
  const sent = new Map<string, string>();
  const errors: FieldError[] = [];
  for (const item of page.items) {
    const raw = body[item.key];
    const value = typeof raw === 'string' ? parseAnswer(raw) : undefined;
    if (typeof raw === 'string') sent.set(item.key, raw);
    if (value !== undefined) answers.set(item.key, value);
    else if (raw !== undefined || (mode === 'continue' && !optional))
      errors.push({ field: item.key, message: ui.t('answerError', { statement: item.text }) });
  }
  const rawComment = typeof body.comment === 'string' ? body.comment : '';
  const comment = rawComment.replace(/\r\n?/g, '\n').trim();
  if (comment.length > COMMENT_LIMIT)
    errors.push({ field: 'comment', message: ui.t('commentTooLong') });
  return { answers, sent, comment, errors };
}

/** A copy of the state with a page's answers and comment in it (and the page done, if so). */
export function withPage(
  state: AnsweringState,
  page: QuestionPage,
  input: PageInput,
  done: boolean,
): AnsweringState {
  const a = { ...state.a };
  for (const [key, value] of input.answers) a[key] = value;
  const c = Object.fromEntries(Object.entries(state.c).filter(([key]) => key !== page.key));
  if (input.comment !== '') c[page.key] = input.comment;
  const seen = state.p ?? [];
  const p = done && !seen.includes(page.key) ? [...seen, page.key] : seen;
  return { ...state, a, c, ...(p.length > 0 ? { p } : {}) };
}
