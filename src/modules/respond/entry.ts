import type { Database, Tx } from '../../db/client.ts';
import { audienceKey } from '../framework/schema.ts';
import { sha256 } from '../people/passwords.ts';
import { draftKey } from './draft.ts';
import { localised, whatToAsk, type Flow } from './flow.ts';
import { offeredLanguages, uiFor, type Ui } from './i18n.ts';
import {
  findInvitation,
  findLink,
  frameworkVersion,
  loadQuestionnaire,
  type EntryRef,
} from './repository.ts';
import { unavailableView, type Result } from './views.ts';

// From a link code or invitation token to the questionnaire, checked to be open today.
// The entry is found as the system (the code is all we have); everything after runs in
// the trust's own transaction. An invitation whose link was opened and whose draft is gone
// has had its answers sent.

export type EntryKind = 'link' | 'invitation';

const CODE = /^[A-Za-z0-9_-]{1,100}$/;

/** How far into the flow a request is: a step of the flow, the submission, or the thank-you. */
export type Need = 'open' | 'submit' | 'done';

export function createEntries(db: Database) {
  // Which trust a link or invitation belongs to never changes; whether it is still open is
  // read afresh on every request, in the trust's own transaction.
  const entries = new Map<string, EntryRef>();

  /** Finds the entry, then runs fn in the trust's scope if the questionnaire may be used. */
  async function withFlow(
    kind: EntryKind,
    key: string,
    lang: unknown,
    need: Need,
    fn: (flow: Flow, tx: Tx) => Promise<Result>,
  ): Promise<Result> {
    const english = uiFor('en', false);
    if (!CODE.test(key)) return unavailableView('not-found', english);
    // Remembered by the hash the database holds, so no token is kept in memory.
    const tokenHash = kind === 'invitation' ? sha256(key) : undefined;
    const cacheKey = tokenHash === undefined ? `link:${key}` : `invitation:${tokenHash}`;
    let entry = entries.get(cacheKey);
    if (entry === undefined) {
      entry = await db.asSystem((tx) =>
        tokenHash === undefined ? findLink(tx, key) : findInvitation(tx, tokenHash),
      );
      if (entry === undefined) return unavailableView('not-found', english);
      if (entries.size >= 10_000) entries.clear();
      entries.set(cacheKey, entry);
    }
    const found: EntryRef = entry;
    const draft = kind === 'invitation' ? draftKey(key) : undefined;
    return db.withTrust(found.trustId, async (tx) => {
      const questionnaire = await loadQuestionnaire(tx, found, draft?.locator);
      const version =
        questionnaire === undefined
          ? undefined
          : await frameworkVersion(tx, questionnaire.frameworkVersion);
      const audience = audienceKey.safeParse(questionnaire?.audience);
      if (questionnaire === undefined || version === undefined || !audience.success) {
        entries.delete(cacheKey);
        return unavailableView('not-found', english);
      }
      const flow: Flow = {
        kind,
        base: kind === 'link' ? `/q/${key}` : `/i/${key}`,
        entry: found,
        draft,
        origin: kind === 'link' ? `l:${found.id}` : 'i',
        questionnaire,
        version,
        languages: offeredLanguages(questionnaire.languages),
        audience: audience.data,
        plain: version.audiences.find((a) => a.key === audience.data)?.plainLanguage ?? false,
        asks: whatToAsk(questionnaire, audience.data, questionnaire.entrySector),
      };
      const ui = uiOf(flow, lang);
      // A questionnaire whose areas hold no question for its audience cannot be answered.
      if (localised(flow, ui.language.code).pages.length === 0)
        return unavailableView('not-found', ui);
      if (need !== 'done') {
        const closed =
          questionnaire.pastClosing ||
          questionnaire.roundStatus === 'analysing' ||
          questionnaire.roundStatus === 'reported';
        if (questionnaire.used && kind === 'link') return unavailableView('closed', ui);
        if (questionnaire.notYetOpen)
          return unavailableView('not-open', ui, { opensOn: questionnaire.opensOn });
        if (closed) return unavailableView('closed', ui);
        // Checked after the dates: once closed, drafts are purged, so "sent" would be a guess.
        if (questionnaire.used) return unavailableView('sent', ui);
      }
      return fn(flow, tx);
    });
  }

  function uiOf(flow: Flow, lang: unknown): Ui {
    const chosen = flow.languages.find((l) => l.code === lang) ?? flow.languages[0];
    return uiFor(chosen?.code ?? 'en', flow.plain);
  }

  return { withFlow, uiOf };
}
