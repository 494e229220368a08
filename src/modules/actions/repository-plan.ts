import { asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { actions, actionUpdates } from '../../db/schema/index.ts';
import type { IsoDate } from './calendar.ts';
import { actionColumns, leadsOf, toAction, type ActionRow } from './repository.ts';

// SQL for the plan as a whole: every action of the trust (or those a user leads) with its
// leads, the day of its last progress update and its number of updates, in the trust's scope.

/** An action of the plan, with the day of its last progress update and how many it has. */
export interface PlanActionRow extends ActionRow {
  lastUpdate: IsoDate | null;
  updateCount: number;
}

/**
 * The trust's actions in number order, each with its leads, the day of its last update and
 * its number of updates: two queries however many actions and updates there are.
 * `ledBy` keeps only the actions a user leads.
 */
export async function listPlan(tx: Tx, options: { ledBy?: string } = {}): Promise<PlanActionRow[]> {
  const updates = tx
    .select({
      actionId: actionUpdates.actionId,
      lastUpdate: sql<string | null>`max(${actionUpdates.updatedOn})::text`.as('last_update'),
      updateCount: sql<number>`count(*)::int`.as('update_count'),
    })
    .from(actionUpdates)
    .groupBy(actionUpdates.actionId)
    .as('u');
  const ledBy = options.ledBy;
  const rows = await tx
    .select({
      ...actionColumns,
      lastUpdate: updates.lastUpdate,
      updateCount: sql<number>`coalesce(${updates.updateCount}, 0)`,
    })
    .from(actions)
    .leftJoin(updates, eq(updates.actionId, actions.id))
    .where(
      ledBy === undefined
        ? undefined
        : sql`exists (select 1 from action_leads l where l.action_id = actions.id and l.user_id = ${ledBy})`,
    )
    .orderBy(asc(actions.numberKey));
  const leads = await leadsOf(tx, ledBy === undefined ? null : rows.map((r) => r.id));
  return rows.map(({ lastUpdate, updateCount, ...row }) => ({
    ...toAction(row, leads.get(row.id) ?? []),
    lastUpdate,
    updateCount,
  }));
}
