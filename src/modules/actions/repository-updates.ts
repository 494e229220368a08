import { asc, desc, eq, sql } from 'drizzle-orm';
import { insertRecords } from '../../db/bulk-insert.ts';
import type { Tx } from '../../db/client.ts';
import { actions, actionUpdates } from '../../db/schema/index.ts';
import { insertedRow } from '../../kernel/errors.ts';
import type { IsoDate } from './calendar.ts';
import type { ActionStatus, Rag } from './rag.ts';

// SQL for the progress updates of a trust's actions, in the trust's scope (row-level security).

export interface UpdateRow {
  id: string;
  actionId: string;
  updatedOn: IsoDate;
  text: string;
  authorUserId: string | null;
  authorName: string;
  rag: Rag | null;
  status: ActionStatus;
  createdAt: Date;
}

const updateColumns = {
  id: actionUpdates.id,
  actionId: actionUpdates.actionId,
  updatedOn: actionUpdates.updatedOn,
  text: actionUpdates.text,
  authorUserId: actionUpdates.authorUserId,
  authorName: actionUpdates.authorName,
  rag: actionUpdates.rag,
  status: actionUpdates.status,
  createdAt: actionUpdates.createdAt,
};

const toUpdate = <
  R extends { rag: string | null; status: string } & Omit<UpdateRow, 'rag' | 'status'>,
>(
  row: R,
): R & UpdateRow => ({ ...row, rag: row.rag as Rag | null, status: row.status as ActionStatus });

/** An action's updates, newest first. */
export async function listUpdates(tx: Tx, actionId: string): Promise<UpdateRow[]> {
  const rows = await tx
    .select(updateColumns)
    .from(actionUpdates)
    .where(eq(actionUpdates.actionId, actionId))
    .orderBy(desc(actionUpdates.updatedOn), desc(actionUpdates.createdAt), desc(actionUpdates.id));
  return rows.map(toUpdate);
}

/** Every update of the trust's actions, by action number and then oldest first (an export's history). */
export async function listAllUpdates(tx: Tx): Promise<(UpdateRow & { number: string })[]> {
  const rows = await tx
    .select({ ...updateColumns, number: actions.number })
    .from(actionUpdates)
    .innerJoin(actions, eq(actions.id, actionUpdates.actionId))
    .orderBy(
      asc(actions.numberKey),
      asc(actionUpdates.updatedOn),
      asc(actionUpdates.createdAt),
      asc(actionUpdates.id),
    );
  return rows.map(toUpdate);
}

export type NewUpdate = Omit<UpdateRow, 'id' | 'createdAt'>;

export async function insertUpdates(tx: Tx, trustId: string, updates: NewUpdate[]): Promise<void> {
  await insertRecords(
    tx,
    actionUpdates,
    updates.map((u) => ({ trustId, ...u })),
  );
}

/** The day of an action's last progress update, or null if it has none. */
export async function lastUpdateOn(tx: Tx, actionId: string): Promise<IsoDate | null> {
  const [row] = await tx
    .select({ last: sql<string | null>`max(${actionUpdates.updatedOn})::text` })
    .from(actionUpdates)
    .where(eq(actionUpdates.actionId, actionId));
  return row?.last ?? null;
}

export async function insertUpdate(tx: Tx, trustId: string, update: NewUpdate): Promise<UpdateRow> {
  const [row] = await tx
    .insert(actionUpdates)
    .values({ trustId, ...update })
    .returning(updateColumns);
  return toUpdate(insertedRow(row, 'a progress update'));
}
