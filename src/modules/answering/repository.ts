import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import {
  drafts,
  invitationDrafts,
  invitations,
  questionnaireLinks,
} from '../../db/schema/index.ts';
import { insertedRow } from '../../kernel/errors.ts';
import { storeResponses, type NewResponse } from '../responses/index.ts';

// Reads and writes of the answering flow. findLink and findInvitation run as the system
// (the code or token is all we have); everything else runs in the trust's scope.

/** Where a respondent came in. These facts never change, so they may be remembered. */
export interface EntryRef {
  kind: 'link' | 'invitation';
  /** The link's id, or the invitation's (used only to record the day it was opened). */
  id: string;
  trustId: string;
}

export async function findLink(tx: Tx, code: string): Promise<EntryRef | undefined> {
  const [row] = await tx
    .select({ id: questionnaireLinks.id, trustId: questionnaireLinks.trustId })
    .from(questionnaireLinks)
    .where(eq(questionnaireLinks.code, code));
  return row === undefined ? undefined : { kind: 'link', ...row };
}

export async function findInvitation(tx: Tx, tokenHash: string): Promise<EntryRef | undefined> {
  const [row] = await tx
    .select({ id: invitations.id, trustId: invitations.trustId })
    .from(invitations)
    .where(eq(invitations.tokenHash, tokenHash));
  return row === undefined ? undefined : { kind: 'invitation', ...row };
}

/** Was this the hash of an invitation's earlier link, replaced by a reminder's new one? */
export async function isReplacedInvitation(tx: Tx, tokenHash: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(eq(invitations.replacedTokenHash, tokenHash));
  return row !== undefined;
}

export interface QuestionnaireRow {
  trustName: string;
  /** The trust's own contact for anyone worried about their safety, if it has set one. */
  safeguardingContact: string | null;
  /** A closed link, or an invitation opened and its draft gone (the answers were sent). */
  used: boolean;
  /** The sector the link or invitation is for, if any. */
  entrySector: string | null;
  id: string;
  roundId: string;
  audience: string;
  title: string;
  areaKeys: string[];
  drillDownKey: string | null;
  opensOn: string;
  closesOn: string;
  askSector: boolean;
  askRoleLevel: boolean;
  askLocality: boolean;
  languages: string[];
  frameworkVersion: string;
  roundStatus: string;
  notYetOpen: boolean;
  pastClosing: boolean;
  sectors: { key: string; name: string }[];
  localities: { id: string; name: string }[];
}

/**
 * The questionnaire behind a link or invitation, with its round, whether it is open today,
 * whether the link is closed (or the invitation's answers sent), and the trust's sectors
 * and localities. Undefined if the link or invitation no longer exists. For an invitation,
 * `locator` finds its draft: opened with no draft means the answers were sent.
 */
export async function loadQuestionnaire(
  tx: Tx,
  entry: EntryRef,
  locator: string | undefined,
): Promise<QuestionnaireRow | undefined> {
  const source =
    entry.kind === 'link'
      ? sql`select questionnaire_id, sector_key, closed_at is not null as used
              from questionnaire_links where id = ${entry.id}`
      : sql`select questionnaire_id, sector_key,
              (opened_on is not null and not exists
                (select 1 from invitation_drafts d where d.locator = ${locator ?? ''})) as used
              from invitations where id = ${entry.id}`;
  const [row] = await queryRows<QuestionnaireRow>(
    tx,
    sql`select t.name as "trustName", t.safeguarding_contact as "safeguardingContact", e.used, e.sector_key as "entrySector",
          q.id, q.round_id as "roundId", q.audience, q.title, q.area_keys as "areaKeys",
          q.drill_down_key as "drillDownKey", q.opens_on::text as "opensOn",
          q.closes_on::text as "closesOn", q.ask_sector as "askSector",
          q.ask_role_level as "askRoleLevel", q.ask_locality as "askLocality", q.languages,
          r.framework_version as "frameworkVersion", r.status as "roundStatus",
          (q.opens_on > current_date) as "notYetOpen", (q.closes_on < current_date) as "pastClosing",
          coalesce((select json_agg(json_build_object('key', s.key, 'name', s.name) order by s.name)
            from trust_sectors s), '[]'::json) as "sectors",
          coalesce((select json_agg(json_build_object('id', l.id, 'name', l.name) order by l.name)
            from localities l), '[]'::json) as "localities"
        from (${source}) e
          join questionnaires q on q.id = e.questionnaire_id
          join rounds r on r.id = q.round_id
          join trusts t on t.id = q.trust_id`,
  );
  return row;
}

export const DRAFT_DAYS = 30;

/** Saves answers to come back to; the earlier draft they came from (if any) is replaced. */
export async function saveDraft(
  tx: Tx,
  values: {
    trustId: string;
    questionnaireId: string;
    resumeHash: string;
    state: unknown;
    replaces: string | undefined;
  },
): Promise<{ id: string; expiresOn: string }> {
  await tx.delete(drafts).where(lt(drafts.expiresAt, sql`now()`));
  if (values.replaces !== undefined)
    await tx
      .delete(drafts)
      .where(
        and(eq(drafts.id, values.replaces), eq(drafts.questionnaireId, values.questionnaireId)),
      );
  const [row] = await tx
    .insert(drafts)
    .values({
      trustId: values.trustId,
      questionnaireId: values.questionnaireId,
      resumeHash: values.resumeHash,
      state: values.state,
      expiresAt: sql`now() + make_interval(days => ${DRAFT_DAYS})`,
    })
    .returning({
      id: drafts.id,
      expiresOn: sql<string>`(${drafts.expiresAt} at time zone 'Europe/London')::date::text`,
    });
  return insertedRow(row, 'a draft');
}

/** Keeps the answers of a draft as they are now, for another DRAFT_DAYS. */
export async function updateDraft(
  tx: Tx,
  values: { id: string; questionnaireId: string; state: unknown },
): Promise<boolean> {
  const rows = await tx
    .update(drafts)
    .set({
      state: values.state,
      expiresAt: sql`now() + make_interval(days => ${DRAFT_DAYS})`,
    })
    .where(and(eq(drafts.id, values.id), eq(drafts.questionnaireId, values.questionnaireId)))
    .returning({ id: drafts.id });
  return rows.length === 1;
}

export async function findDraft(
  tx: Tx,
  questionnaireId: string,
  hash: string,
): Promise<{ id: string; state: unknown; expired: boolean; expiresOn: string } | undefined> {
  const [row] = await tx
    .select({
      id: drafts.id,
      state: drafts.state,
      expired: sql<boolean>`${drafts.expiresAt} < now()`,
      expiresOn: sql<string>`(${drafts.expiresAt} at time zone 'Europe/London')::date::text`,
    })
    .from(drafts)
    .where(and(eq(drafts.resumeHash, hash), eq(drafts.questionnaireId, questionnaireId)));
  if (row?.expired === true) await tx.delete(drafts).where(eq(drafts.id, row.id));
  return row;
}

/** Has a response with this submission key been stored for the questionnaire? */
export async function submittedWith(tx: Tx, questionnaireId: string, submissionKey: string) {
  const rows = await queryRows<{ one: number }>(
    tx,
    sql`select 1 as one from responses
        where questionnaire_id = ${questionnaireId} and submission_key = ${submissionKey}`,
  );
  return rows.length > 0;
}

export type SubmitResult = 'stored' | 'repeat' | 'sent';

/**
 * Stores one response in the caller's transaction. A repeat of a submission already
 * stored (double click, retry) stores nothing and counts as done. From an invitation, the
 * draft is deleted in the same transaction (its row lock makes a concurrent second submit
 * find nothing): if it is already gone, the answers were sent and nothing is stored. The
 * invitation itself is not touched, so no transaction ties it to the response.
 */
export async function submitResponse(
  tx: Tx,
  trustId: string,
  response: NewResponse,
  from: { questionnaireId: string; draftId: string | undefined } | { locator: string },
): Promise<SubmitResult> {
  if ('locator' in from) {
    if ((await takeInvitationDraft(tx, from.locator)) === undefined) return 'sent';
  } else if (from.draftId !== undefined)
    await tx
      .delete(drafts)
      .where(and(eq(drafts.id, from.draftId), eq(drafts.questionnaireId, from.questionnaireId)));
  const stored = await storeResponses(tx, trustId, [response]);
  return stored === 1 ? 'stored' : 'repeat';
}

// ---- Drafts of personal invitations (see draft.ts) ----

/**
 * Starts the draft of an invitation unless it has one, or was opened and has none (its
 * answers were sent): two devices opening the link at once make one draft. Returns the
 * draft's sealed state, or undefined if the answers were sent. The invitation is marked
 * opened afterwards, in a transaction of its own (markInvitationOpened).
 */
export async function openInvitationDraft(
  tx: Tx,
  values: {
    trustId: string;
    questionnaireId: string;
    invitationId: string;
    locator: string;
    sealed: string;
    expiresOn: string;
  },
): Promise<string | undefined> {
  await tx.execute(sql`
    insert into ${invitationDrafts} (trust_id, questionnaire_id, locator, sealed, expires_on)
    select ${values.trustId}::uuid, ${values.questionnaireId}::uuid, ${values.locator}::text,
      ${values.sealed}::text, ${values.expiresOn}::date
    where not exists (select 1 from ${invitations}
      where ${invitations.id} = ${values.invitationId}::uuid and ${invitations.openedOn} is not null)
    on conflict (locator) do nothing`);
  return readInvitationDraft(tx, values.locator);
}

export async function readInvitationDraft(tx: Tx, locator: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ sealed: invitationDrafts.sealed })
    .from(invitationDrafts)
    .where(eq(invitationDrafts.locator, locator));
  return row?.sealed;
}

/** Has the invitation's link been opened? */
export async function invitationOpened(tx: Tx, invitationId: string): Promise<boolean> {
  const [row] = await tx
    .select({ openedOn: invitations.openedOn })
    .from(invitations)
    .where(eq(invitations.id, invitationId));
  return row?.openedOn !== undefined && row.openedOn !== null;
}

/** Records the day the invitation was first opened (after its draft exists). */
export async function markInvitationOpened(tx: Tx, invitationId: string): Promise<void> {
  await tx
    .update(invitations)
    .set({ openedOn: sql`current_date` })
    .where(and(eq(invitations.id, invitationId), isNull(invitations.openedOn)));
}

/** Keeps a step's answers; false if the draft is gone (the answers were sent). */
export async function updateInvitationDraft(
  tx: Tx,
  locator: string,
  sealed: string,
  expiresOn: string,
): Promise<boolean> {
  const rows = await tx
    .update(invitationDrafts)
    .set({ sealed, expiresOn })
    .where(eq(invitationDrafts.locator, locator))
    .returning({ id: invitationDrafts.id });
  return rows.length === 1;
}

async function takeInvitationDraft(tx: Tx, locator: string): Promise<string | undefined> {
  const [row] = await tx
    .delete(invitationDrafts)
    .where(eq(invitationDrafts.locator, locator))
    .returning({ sealed: invitationDrafts.sealed });
  return row?.sealed;
}
