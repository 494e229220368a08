import { LRUCache } from 'lru-cache';
import type { Database, Tx } from '../../db/client.ts';
import { audienceKey } from '../../kernel/framework.ts';
import type { FrameworkVersions } from '../framework/index.ts';
import type { TrustTranslations } from '../translations/index.ts';
import { sha256 } from '../people/index.ts';
import { draftKey, type DraftKey } from './draft.ts';
import { whatToAsk, type Flow, type Localise } from './flow.ts';
import type { Ui, UiCatalogue } from './i18n.ts';
import {
  findInvitation,
  findLink,
  isReplacedInvitation,
  loadQuestionnaire,
  type EntryRef,
} from './repository.ts';
import { invitationNotFoundView, unavailableView, type Result } from './views.ts';

// From a link code or invitation token to the questionnaire, checked to be open today.
// The entry is found as the system (the code is all we have); everything after runs in
// the trust's own transaction. An invitation whose link was opened and whose draft is gone
// has had its answers sent.

export type EntryKind = 'link' | 'invitation';

const CODE = /^[A-Za-z0-9_-]{1,100}$/;

/** How far into the flow a request is: a step of the flow, the submission, or the thank-you. */
export type Need = 'open' | 'submit' | 'done';

export interface EntriesDeps {
  db: Database;
  versions: FrameworkVersions;
  catalogue: UiCatalogue;
  localised: Localise;
  translations: Pick<TrustTranslations, 'own'>;
}

/** Why a questionnaire that exists cannot be answered now, or undefined if it can. */
function closedView(flow: Flow, ui: Ui, need: Need): Result | undefined {
  if (need === 'done') return undefined;
  const questionnaire = flow.questionnaire;
  const closed =
    questionnaire.pastClosing ||
    questionnaire.roundStatus === 'analysing' ||
    questionnaire.roundStatus === 'reported';
  if (questionnaire.used && flow.kind === 'link') return unavailableView('closed', ui, { flow });
  if (questionnaire.notYetOpen)
    return unavailableView('not-open', ui, { opensOn: questionnaire.opensOn, flow });
  if (closed) return unavailableView('closed', ui, { flow });
  // Checked after the dates: once closed, drafts are purged, so "sent" would be a guess.
  if (questionnaire.used) return unavailableView('sent', ui, { flow });
  return undefined;
}

/** Finds links and invitations, remembering which trust each belongs to. */
function createEntryFinder(db: Database) {
  // Which trust a link or invitation belongs to never changes; whether it is still open is
  // read afresh on every request, in the trust's own transaction.
  const entries = new LRUCache<string, EntryRef>({ max: 10_000 });

  /** The link or invitation, remembered by the hash the database holds (no token in memory). */
  return async function findEntry(kind: EntryKind, key: string) {
    const tokenHash = kind === 'invitation' ? sha256(key) : undefined;
    const cacheKey = tokenHash === undefined ? `link:${key}` : `invitation:${tokenHash}`;
    let entry = entries.get(cacheKey);
    if (entry === undefined) {
      entry = await db.asSystem((tx) =>
        tokenHash === undefined ? findLink(tx, key) : findInvitation(tx, tokenHash),
      );
      if (entry !== undefined) entries.set(cacheKey, entry);
    }
    return { entry, forget: () => entries.delete(cacheKey) };
  };
}

/** The flow of a questionnaire that exists and can be answered by its audience. */
async function loadFlow(
  deps: EntriesDeps,
  tx: Tx,
  at: { kind: EntryKind; key: string; entry: EntryRef; draft: DraftKey | undefined },
): Promise<Flow | undefined> {
  const { kind, key, entry, draft } = at;
  const questionnaire = await loadQuestionnaire(tx, entry, draft?.locator);
  const version =
    questionnaire === undefined
      ? undefined
      : await deps.versions.content(tx, questionnaire.frameworkVersion);
  const audience = audienceKey.safeParse(questionnaire?.audience);
  if (questionnaire === undefined || version === undefined || !audience.success) return undefined;
  const own = await deps.translations.own(tx, questionnaire.frameworkVersion);
  return {
    kind,
    base: kind === 'link' ? `/q/${key}` : `/i/${key}`,
    entry,
    draft,
    origin: kind === 'link' ? `l:${entry.id}` : 'i',
    questionnaire,
    version,
    languages: deps.catalogue.offered(questionnaire.languages, own),
    own,
    audience: audience.data,
    plain: version.audiences.find((a) => a.key === audience.data)?.plainLanguage ?? false,
    asks: whatToAsk(questionnaire, audience.data, questionnaire.entrySector),
  };
}

export function createEntries(deps: EntriesDeps) {
  const { db, catalogue, localised } = deps;
  const findEntry = createEntryFinder(db);

  /** Finds the entry, then runs fn in the trust's scope if the questionnaire may be used. */
  async function withFlow(
    kind: EntryKind,
    key: string,
    lang: unknown,
    need: Need,
    fn: (flow: Flow, tx: Tx) => Promise<Result>,
  ): Promise<Result> {
    const english = catalogue.uiFor('en', false);
    if (!CODE.test(key))
      return kind === 'link'
        ? unavailableView('not-found', english)
        : invitationNotFoundView(english, false);
    const { entry, forget } = await findEntry(kind, key);
    if (entry === undefined && kind === 'link') return unavailableView('not-found', english);
    // An invitation's link that a reminder replaced says so (the newer email has the link).
    if (entry === undefined)
      return invitationNotFoundView(
        english,
        await db.asSystem((tx) => isReplacedInvitation(tx, sha256(key))),
      );
    const draft = kind === 'invitation' ? draftKey(key) : undefined;
    return db.withTrust(entry.trustId, async (tx) => {
      const flow = await loadFlow(deps, tx, { kind, key, entry, draft });
      if (flow === undefined) {
        forget();
        return unavailableView('not-found', english);
      }
      const ui = uiOf(flow, lang);
      // A questionnaire whose areas hold no question for its audience cannot be answered.
      if (localised(flow, ui.language.code).pages.length === 0)
        return unavailableView('not-found', ui, { flow });
      return closedView(flow, ui, need) ?? fn(flow, tx);
    });
  }

  function uiOf(flow: Flow, lang: unknown): Ui {
    const chosen = flow.languages.find((l) => l.code === lang) ?? flow.languages[0];
    return catalogue.uiFor(chosen?.code ?? 'en', flow.plain, flow.own);
  }

  return { withFlow, uiOf };
}

export type Entries = ReturnType<typeof createEntries>;
