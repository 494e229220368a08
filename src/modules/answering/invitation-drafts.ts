import type { Database, Tx } from '../../db/client.ts';
import { openDraft, sealDraft } from './draft.ts';
import type { Entries, EntryKind } from './entry.ts';
import type { Flow } from './flow.ts';
import type { Ui } from './i18n.ts';
import {
  markInvitationOpened,
  openInvitationDraft,
  updateInvitationDraft,
  type EntryRef,
} from './repository.ts';
import { newState, type AnsweringState } from './state.ts';
import { unavailableView, type Outcome, type Result } from './views.ts';

// The draft of a personal invitation through the flow: started (or continued) when the
// link is opened, kept up to date by every step, and the way back after "save and come
// back later". The invitation is marked opened only after its draft exists.

export function invitationDrafts(deps: {
  db: Database;
  withFlow: Entries['withFlow'];
  uiOf: Entries['uiOf'];
  fitting: (flow: Flow, state: AnsweringState | undefined) => AnsweringState | undefined;
}) {
  const { db, withFlow, uiOf, fitting } = deps;

  /** From an invitation: keeps the state in its draft; false if the answers were sent. */
  async function keep(flow: Flow, tx: Tx, state: AnsweringState): Promise<boolean> {
    if (flow.draft === undefined) return true;
    const sealed = sealDraft(flow.draft, state);
    return updateInvitationDraft(tx, flow.draft.locator, sealed, flow.questionnaire.closesOn);
  }

  /**
   * Opens a flow at its start. From an invitation, its draft is started if it has none
   * (and its state returned), or 'sent' if the answers were sent; once that transaction
   * has committed, the invitation is marked opened in a transaction of its own, so that
   * "opened and no draft" always means "sent".
   */
  async function opening(
    kind: EntryKind,
    key: string,
    lang: unknown,
    fn: (flow: Flow, tx: Tx, draft: AnsweringState | undefined) => Promise<Result>,
  ): Promise<Result> {
    const opened: { entry?: EntryRef } = {};
    const result = await withFlow(kind, key, lang, 'open', async (flow, tx) => {
      if (flow.draft === undefined) return fn(flow, tx, undefined);
      const ui = uiOf(flow, lang);
      const fresh = newState(flow.questionnaire.id, flow.origin, ui.language.code);
      const sealed = await openInvitationDraft(tx, {
        trustId: flow.entry.trustId,
        questionnaireId: flow.questionnaire.id,
        invitationId: flow.entry.id,
        locator: flow.draft.locator,
        sealed: sealDraft(flow.draft, fresh),
        expiresOn: flow.questionnaire.closesOn,
      });
      if (sealed === undefined) return unavailableView('sent', ui);
      opened.entry = flow.entry;
      // A draft that no longer fits the questionnaire (changed since) starts afresh.
      return fn(flow, tx, fitting(flow, openDraft(flow.draft, sealed)) ?? fresh);
    });
    const entry = opened.entry;
    if (entry !== undefined)
      await db.withTrust(entry.trustId, (tx) => markInvitationOpened(tx, entry.id));
    return result;
  }

  /** "Saved": no code to keep, the link in the email carries on. */
  function savedView(flow: Flow, ui: Ui): Outcome {
    return {
      status: 200,
      template: 'saved.njk',
      ui,
      data: {
        title: ui.t('savedTitle'),
        viaLink: true,
        expires: ui.date(flow.questionnaire.closesOn),
      },
    };
  }

  return { opening, keep, savedView };
}
