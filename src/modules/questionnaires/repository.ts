import { and, asc, count, desc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import {
  invitations,
  questionnaireLinks,
  questionnaires,
  responses,
  rounds,
} from '../../db/schema/index.ts';
import { insertedRow } from '../../kernel/errors.ts';

// SQL for questionnaires, their links and invitations, and response counts. Every
// function runs in the trust scope (row-level security shows only the trust's rows).

export type RoundRow = typeof rounds.$inferSelect;
export type QuestionnaireRow = typeof questionnaires.$inferSelect;
export type NewQuestionnaire = typeof questionnaires.$inferInsert;
export type LinkRow = typeof questionnaireLinks.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;

export async function findRound(tx: Tx, roundId: string): Promise<RoundRow | undefined> {
  const [row] = await tx.select().from(rounds).where(eq(rounds.id, roundId));
  return row;
}

export async function listQuestionnaires(tx: Tx, roundId: string) {
  return tx
    .select({
      questionnaire: questionnaires,
      openLinks: sql<number>`(select count(*)::int from questionnaire_links l where l.questionnaire_id = "questionnaires"."id" and l.closed_at is null)`,
      responses: sql<number>`(select count(*)::int from responses r where r.questionnaire_id = "questionnaires"."id")`,
    })
    .from(questionnaires)
    .where(eq(questionnaires.roundId, roundId))
    .orderBy(asc(questionnaires.opensOn), asc(questionnaires.title));
}

export async function findQuestionnaire(
  tx: Tx,
  roundId: string,
  id: string,
): Promise<QuestionnaireRow | undefined> {
  const [row] = await tx
    .select()
    .from(questionnaires)
    .where(and(eq(questionnaires.id, id), eq(questionnaires.roundId, roundId)));
  return row;
}

export async function insertQuestionnaire(
  tx: Tx,
  values: NewQuestionnaire,
): Promise<QuestionnaireRow> {
  const [row] = await tx.insert(questionnaires).values(values).returning();
  return insertedRow(row, 'a questionnaire');
}

export async function updateQuestionnaire(
  tx: Tx,
  id: string,
  values: Partial<NewQuestionnaire>,
): Promise<void> {
  await tx.update(questionnaires).set(values).where(eq(questionnaires.id, id));
}

export async function countResponses(tx: Tx, questionnaireId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(responses)
    .where(eq(responses.questionnaireId, questionnaireId));
  return row?.n ?? 0;
}

// ---- Open links ----

export async function listLinks(tx: Tx, questionnaireId: string): Promise<LinkRow[]> {
  return tx
    .select()
    .from(questionnaireLinks)
    .where(eq(questionnaireLinks.questionnaireId, questionnaireId))
    .orderBy(asc(questionnaireLinks.createdAt), asc(questionnaireLinks.code));
}

export async function findLink(
  tx: Tx,
  questionnaireId: string,
  id: string,
): Promise<LinkRow | undefined> {
  const [row] = await tx
    .select()
    .from(questionnaireLinks)
    .where(
      and(eq(questionnaireLinks.id, id), eq(questionnaireLinks.questionnaireId, questionnaireId)),
    );
  return row;
}

export async function insertLinks(
  tx: Tx,
  rows: (typeof questionnaireLinks.$inferInsert)[],
): Promise<LinkRow[]> {
  if (rows.length === 0) return [];
  return tx.insert(questionnaireLinks).values(rows).returning();
}

export async function setLinkClosed(tx: Tx, id: string, closed: boolean): Promise<boolean> {
  const rows = await tx
    .update(questionnaireLinks)
    .set({ closedAt: closed ? sql`now()` : null })
    .where(
      and(
        eq(questionnaireLinks.id, id),
        closed ? isNull(questionnaireLinks.closedAt) : isNotNull(questionnaireLinks.closedAt),
      ),
    )
    .returning({ id: questionnaireLinks.id });
  return rows.length === 1;
}

// ---- Personal invitations ----

export async function listInvitations(tx: Tx, questionnaireId: string) {
  return tx
    .select({
      id: invitations.id,
      email: invitations.email,
      sectorKey: invitations.sectorKey,
      sentOn: invitations.sentOn,
      remindedOn: invitations.remindedOn,
      opened: sql<boolean>`${invitations.openedOn} is not null`,
    })
    .from(invitations)
    .where(eq(invitations.questionnaireId, questionnaireId))
    .orderBy(asc(invitations.createdAt), asc(invitations.email));
}

export interface InvitationCounts {
  invited: number;
  sent: number;
  reminded: number;
  /** Links opened at least once (whether answers were sent from them is never known). */
  opened: number;
  /** Sent, and the link not opened yet. */
  notOpened: number;
  toSend: number;
  toRemind: number;
}

export async function invitationCounts(tx: Tx, questionnaireId: string): Promise<InvitationCounts> {
  const [row] = await tx
    .select({
      invited: sql<number>`count(*)::int`,
      sent: sql<number>`count(${invitations.sentOn})::int`,
      reminded: sql<number>`count(${invitations.remindedOn})::int`,
      opened: sql<number>`count(${invitations.openedOn})::int`,
      notOpened: sql<number>`count(*) filter (where ${invitations.sentOn} is not null and ${invitations.openedOn} is null)::int`,
      toSend: sql<number>`count(*) filter (where ${invitations.sentOn} is null)::int`,
      toRemind: sql<number>`count(*) filter (where ${remindable()})::int`,
    })
    .from(invitations)
    .where(eq(invitations.questionnaireId, questionnaireId));
  return (
    row ?? { invited: 0, sent: 0, reminded: 0, opened: 0, notOpened: 0, toSend: 0, toRemind: 0 }
  );
}

export async function invitedEmails(tx: Tx, questionnaireId: string): Promise<Set<string>> {
  const rows = await tx
    .select({ email: invitations.email })
    .from(invitations)
    .where(eq(invitations.questionnaireId, questionnaireId));
  return new Set(rows.map((r) => r.email));
}

export async function insertInvitations(
  tx: Tx,
  rows: (typeof invitations.$inferInsert)[],
): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await tx
      .insert(invitations)
      .values(rows.slice(i, i + 1000))
      .onConflictDoNothing({ target: [invitations.questionnaireId, invitations.email] })
      .returning({ id: invitations.id });
    added += inserted.length;
  }
  return added;
}

/** Sent, the link not opened, and not reminded today. */
function remindable() {
  return and(
    isNotNull(invitations.sentOn),
    isNull(invitations.openedOn),
    or(isNull(invitations.remindedOn), lt(invitations.remindedOn, sql`current_date`)),
  );
}

export async function invitationsToSend(tx: Tx, questionnaireId: string) {
  return tx
    .select({ id: invitations.id, email: invitations.email, tokenSealed: invitations.tokenSealed })
    .from(invitations)
    .where(and(eq(invitations.questionnaireId, questionnaireId), isNull(invitations.sentOn)))
    .orderBy(asc(invitations.createdAt), asc(invitations.email));
}

export async function invitationsToRemind(tx: Tx, questionnaireId: string) {
  return tx
    .select({ id: invitations.id, email: invitations.email, tokenSealed: invitations.tokenSealed })
    .from(invitations)
    .where(and(eq(invitations.questionnaireId, questionnaireId), remindable()))
    .orderBy(asc(invitations.createdAt), asc(invitations.email));
}

/**
 * Records a mailing; true if the invitation was still due (not sent, or remindable). A
 * token is given when the mail carries a new link (its hash, and the token sealed); a
 * reminder normally carries the first link again and gives none.
 */
export async function markInvitation(
  tx: Tx,
  id: string,
  token: { hash: string; sealed: string } | null,
  kind: 'sent' | 'reminded',
): Promise<boolean> {
  const newToken = token === null ? {} : { tokenHash: token.hash, tokenSealed: token.sealed };
  const rows = await tx
    .update(invitations)
    .set(
      kind === 'sent'
        ? { ...newToken, sentOn: sql`current_date` }
        : { ...newToken, remindedOn: sql`current_date` },
    )
    .where(and(eq(invitations.id, id), kind === 'sent' ? isNull(invitations.sentOn) : remindable()))
    .returning({ id: invitations.id });
  return rows.length === 1;
}

// ---- Response monitoring ----

export interface ResponseCountRow {
  sectorKey: string | null;
  audience: string;
  n: number;
}

export async function responseCounts(tx: Tx, roundId: string): Promise<ResponseCountRow[]> {
  return tx
    .select({
      sectorKey: responses.sectorKey,
      audience: responses.audience,
      n: sql<number>`count(*)::int`,
    })
    .from(responses)
    .where(eq(responses.roundId, roundId))
    .groupBy(responses.sectorKey, responses.audience)
    .orderBy(desc(sql`count(*)`));
}

export interface DailyCountRow {
  questionnaireId: string | null;
  /** 'YYYY-MM-DD': responses keep the day they were sent, never the time. */
  day: string;
  n: number;
}

/** Responses of a round per questionnaire and day sent (a count; nothing per response). */
export async function dailyCounts(tx: Tx, roundId: string): Promise<DailyCountRow[]> {
  return tx
    .select({
      questionnaireId: responses.questionnaireId,
      day: responses.submittedOn,
      n: sql<number>`count(*)::int`,
    })
    .from(responses)
    .where(eq(responses.roundId, roundId))
    .groupBy(responses.questionnaireId, responses.submittedOn)
    .orderBy(asc(responses.submittedOn));
}
