import { deriveKey, seal, unseal } from '../questionnaires/index.ts';
import { sha256 } from '../people/index.ts';
import { parseState, type AnsweringState } from './state.ts';

// The unfinished answers of a personal invitation are kept in the database, found and
// encrypted by what only the invitation's link holds: its token. The locator is a hash of
// the token with its own prefix (the invitation is found by a different hash), and the
// answers are sealed under a key derived from the token, so the database alone can
// neither tell whose draft it is nor read it.

export interface DraftKey {
  /** What the draft is found by. */
  locator: string;
  key: Buffer;
}

export function draftKey(token: string): DraftKey {
  return {
    locator: sha256(`invitation-draft:${token}`),
    key: deriveKey(token, 'invitation-draft'),
  };
}

export function sealDraft(draft: DraftKey, state: AnsweringState): string {
  return seal(draft.key, JSON.stringify(state), draft.locator);
}

export function openDraft(draft: DraftKey, sealed: string): AnsweringState | undefined {
  const text = unseal(draft.key, sealed, draft.locator);
  if (text === undefined) return undefined;
  try {
    return parseState(JSON.parse(text));
  } catch {
    return undefined;
  }
}
