import { and, asc, eq, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import {
  actionLeads,
  actionReminderOptOuts,
  actionReminderSends,
  actions,
  actionUpdates,
  memberships,
  trusts,
  users,
} from '../../db/schema/index.ts';
import type { ActionStatus } from './rag.ts';
import type { ReminderCandidate } from './reminders.ts';

// The SQL of the weekly reminders and their unsubscribe link: the open actions of a trust
// with each lead who could be reminded, the week's sends, and the opt-outs. Every query but
// the list of trusts runs in the trust's scope (withTrust).

export interface TrustRow {
  id: string;
  slug: string;
  name: string;
}

/** Every trust (asSystem), for the weekly run. */
export function listTrusts(tx: Tx): Promise<TrustRow[]> {
  return tx
    .select({ id: trusts.id, slug: trusts.slug, name: trusts.name })
    .from(trusts)
    .orderBy(asc(trusts.slug));
}

export async function findTrustRow(tx: Tx, trustId: string): Promise<TrustRow | undefined> {
  const [row] = await tx
    .select({ id: trusts.id, slug: trusts.slug, name: trusts.name })
    .from(trusts)
    .where(eq(trusts.id, trustId));
  return row;
}

const lastUpdate = sql<string | null>`(select max(${actionUpdates.updatedOn})::text
  from ${actionUpdates} where ${actionUpdates.actionId} = ${actions.id})`;

/**
 * The open actions of the trust, once per user who leads them: users still in the trust (a
 * role in it), not disabled, who have not asked to stop the reminders.
 */
export async function reminderCandidates(tx: Tx, trustId: string): Promise<ReminderCandidate[]> {
  const rows = await tx
    .select({
      actionId: actions.id,
      number: actions.number,
      numberKey: actions.numberKey,
      title: actions.title,
      status: actions.status,
      target: actions.target,
      revisedTarget: actions.revisedTarget,
      due: sql<string | null>`coalesce(${actions.revisedDue}, ${actions.targetDue})::text`,
      created: sql<string>`(${actions.createdAt} at time zone 'UTC')::date::text`,
      lastUpdate,
      userId: users.id,
      email: users.email,
      name: users.name,
    })
    .from(actionLeads)
    .innerJoin(actions, eq(actions.id, actionLeads.actionId))
    .innerJoin(users, eq(users.id, actionLeads.userId))
    .where(
      and(
        eq(actionLeads.trustId, trustId),
        isNotNull(actionLeads.userId),
        isNull(users.disabledAt),
        notInArray(actions.status, ['complete', 'dropped']),
        sql`exists (select 1 from ${memberships} where ${memberships.trustId} = ${actionLeads.trustId}
                    and ${memberships.userId} = ${actionLeads.userId})`,
        sql`not exists (select 1 from ${actionReminderOptOuts}
                        where ${actionReminderOptOuts.trustId} = ${actionLeads.trustId}
                        and ${actionReminderOptOuts.userId} = ${actionLeads.userId})`,
      ),
    )
    .orderBy(asc(actions.numberKey), asc(actionLeads.position));
  return rows.map((row) => ({ ...row, status: row.status as ActionStatus }));
}

/**
 * Records this week's reminder to the user, unless one is recorded already: true when this
 * call made the record. On PostgreSQL a second transaction making the same record waits for
 * the first, then finds it (if the first committed) or makes it (if the first rolled back).
 */
export async function claimWeek(
  tx: Tx,
  send: { trustId: string; userId: string; week: string; actionCount: number },
): Promise<boolean> {
  const rows = await tx
    .insert(actionReminderSends)
    .values(send)
    .onConflictDoNothing()
    .returning({ userId: actionReminderSends.userId });
  return rows.length === 1;
}

export async function findUser(
  tx: Tx,
  userId: string,
): Promise<{ id: string; name: string; email: string } | undefined> {
  const [row] = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

export async function isOptedOut(tx: Tx, trustId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .select({ userId: actionReminderOptOuts.userId })
    .from(actionReminderOptOuts)
    .where(
      and(eq(actionReminderOptOuts.trustId, trustId), eq(actionReminderOptOuts.userId, userId)),
    );
  return rows.length > 0;
}

/** True when the opt-out is new (false when it was already recorded). */
export async function optOut(tx: Tx, trustId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .insert(actionReminderOptOuts)
    .values({ trustId, userId })
    .onConflictDoNothing()
    .returning({ userId: actionReminderOptOuts.userId });
  return rows.length === 1;
}

/** True when there was an opt-out to remove. */
export async function optIn(tx: Tx, trustId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .delete(actionReminderOptOuts)
    .where(
      and(eq(actionReminderOptOuts.trustId, trustId), eq(actionReminderOptOuts.userId, userId)),
    )
    .returning({ userId: actionReminderOptOuts.userId });
  return rows.length === 1;
}
