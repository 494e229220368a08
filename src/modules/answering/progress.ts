import type { Tx } from '../../db/client.ts';
import { openDraft } from './draft.ts';
import type { Flow } from './flow.ts';
import {
  findDraft,
  invitationOpened,
  readInvitationDraft,
  saveDraft,
  updateDraft,
} from './repository.ts';
import {
  newResumeCode,
  normaliseResumeCode,
  parseState,
  resumeHash,
  type AnsweringState,
} from './state.ts';

// Where a respondent's progress is kept between steps, so that every step is a form that
// posts, stores and redirects (Back and refresh never resubmit a form).
//
// From an open link: a draft found by the hash of the respondent's save code, made when
// they start. The browser keeps the code in a cookie scoped to the link; if the cookie is
// lost, typing the code brings the answers back. From an invitation: the invitation's own
// sealed draft, found by the link's token (see draft.ts).

/**
 * The cookie that holds an open link's save code, and the respondent's submission key (so
 * that a second "Send answers" after the first, its draft gone, is still confirmed): one
 * per link, only sent to its own pages.
 */
export const CODE_COOKIE = 'ocw_respond';

/** The cookie's value once the answers are sent: nothing but that. */
export const SENT = 'sent';

/** The cookie's value: the save code without hyphens, a dot, the submission key. */
export function cookieValue(code: string, state: AnsweringState): string {
  return `${code.replace(/-/g, '')}.${state.k}`;
}

/** The save code and submission key from the cookie, if it holds them. */
export function readCookie(cookie: string | undefined): { code: string; k: string } | undefined {
  const [raw = '', k = '', ...rest] = (cookie ?? '').split('.');
  const code = normaliseResumeCode(raw);
  if (code === undefined || rest.length > 0 || !/^[A-Za-z0-9_-]{22,64}$/.test(k)) return undefined;
  return { code, k };
}

export interface Progress {
  state: AnsweringState;
  /** An open link's save code, as shown (ABCD-EFGH-JKMN). */
  code?: string;
  /** The day the draft of an open link is kept until. */
  expiresOn?: string;
}

export type Fitting = (flow: Flow, state: AnsweringState | undefined) => AnsweringState | undefined;

/**
 * The progress of the respondent; undefined if it cannot be found (a lost session), or
 * 'sent' for an invitation opened whose draft is gone (its answers were sent meanwhile).
 */
export async function loadProgress(
  tx: Tx,
  flow: Flow,
  fitting: Fitting,
  cookie: string | undefined,
): Promise<Progress | 'sent' | undefined> {
  if (flow.draft !== undefined) {
    const sealed = await readInvitationDraft(tx, flow.draft.locator);
    if (sealed === undefined)
      return (await invitationOpened(tx, flow.entry.id)) ? 'sent' : undefined;
    const state = fitting(flow, openDraft(flow.draft, sealed));
    return state === undefined ? undefined : { state };
  }
  const held = readCookie(cookie);
  if (held === undefined) return undefined;
  const found = await findByCode(tx, flow, fitting, held.code);
  return found === 'expired' ? undefined : found;
}

/** An open link's draft from its save code; 'expired' if it has passed its day. */
export async function findByCode(
  tx: Tx,
  flow: Flow,
  fitting: Fitting,
  code: string,
): Promise<Progress | 'expired' | undefined> {
  const draft = await findDraft(tx, flow.questionnaire.id, resumeHash(code));
  if (draft === undefined) return undefined;
  if (draft.expired) return 'expired';
  const state = fitting(flow, parseState(draft.state));
  if (state === undefined) return undefined;
  return {
    state: { ...state, d: draft.id },
    code: `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`,
    expiresOn: draft.expiresOn,
  };
}

/** Starts the draft of an open link: a new save code, and the state stored under it. */
export async function startDraft(
  tx: Tx,
  flow: Flow,
  state: AnsweringState,
): Promise<{ code: string; state: AnsweringState }> {
  const code = newResumeCode();
  const { id } = await saveDraft(tx, {
    trustId: flow.entry.trustId,
    questionnaireId: flow.questionnaire.id,
    resumeHash: resumeHash(code),
    state,
    replaces: undefined,
  });
  return { code, state: { ...state, d: id } };
}

/** Stores an open link's progress; false if its draft is gone. */
export async function storeLinkProgress(tx: Tx, flow: Flow, state: AnsweringState) {
  if (state.d === undefined) return false;
  const stored: AnsweringState = { ...state };
  delete stored.d;
  return updateDraft(tx, { id: state.d, questionnaireId: flow.questionnaire.id, state: stored });
}
