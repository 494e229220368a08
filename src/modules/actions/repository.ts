import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { insertRecords } from '../../db/bulk-insert.ts';
import type { Tx } from '../../db/client.ts';
import { actionLeads, actions } from '../../db/schema/index.ts';
import { insertedRow } from '../../kernel/errors.ts';
import { numberSortKey, type ActionNumber } from './number.ts';
import type { ActionStatus, Rag } from './rag.ts';
import { storedTarget } from './schemas.ts';
import { dueDate } from './target-date.ts';
import type { ActionValues } from './types.ts';

// SQL for a trust's actions, their leads and progress updates. Every function runs in the
// trust's scope (withTrust), so row-level security shows only the trust's own rows. Every
// change of an action bumps its revision and updated_at.

/** A lead as stored: a user of the trust (with the name shown), or a named person or team. */
export interface LeadRow {
  userId: string | null;
  name: string;
}

/** A stored action: its values (number tidy, leads as stored) and what the plan keeps beside them. */
export interface ActionRow extends Omit<ActionValues, 'leads'> {
  id: string;
  /** The tidy number: "3.2". */
  number: string;
  numberKey: string;
  ragOverride: Rag | null;
  ragOverrideReason: string;
  ragOverrideBy: string | null;
  ragOverrideAt: Date | null;
  revision: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  leads: LeadRow[];
}

/** An action's values as the columns hold them (leads apart). */
export type StoredAction = Omit<ActionValues, 'leads' | 'number'> & { number: ActionNumber };

export const actionColumns = {
  id: actions.id,
  number: actions.number,
  numberKey: actions.numberKey,
  title: actions.title,
  description: actions.description,
  frameworkVersion: actions.frameworkVersion,
  areas: actions.areas,
  dimensions: actions.dimensions,
  focusAreaId: actions.focusAreaId,
  roundId: actions.roundId,
  partners: actions.partners,
  target: actions.target,
  revisedTarget: actions.revisedTarget,
  revisedReason: actions.revisedReason,
  successMeasure: actions.successMeasure,
  status: actions.status,
  ragOverride: actions.ragOverride,
  ragOverrideReason: actions.ragOverrideReason,
  ragOverrideBy: actions.ragOverrideBy,
  ragOverrideAt: actions.ragOverrideAt,
  revision: actions.revision,
  createdBy: actions.createdBy,
  createdAt: actions.createdAt,
  updatedAt: actions.updatedAt,
};

type RawAction = Omit<
  ActionRow,
  'leads' | 'target' | 'revisedTarget' | 'status' | 'ragOverride'
> & {
  target: unknown;
  revisedTarget: unknown;
  status: string;
  ragOverride: string | null;
};

export function toAction(row: RawAction, leads: LeadRow[]): ActionRow {
  return {
    ...row,
    target: storedTarget(row.target),
    revisedTarget: storedTarget(row.revisedTarget),
    status: row.status as ActionStatus,
    ragOverride: row.ragOverride as Rag | null,
    leads,
  };
}

/** The columns of an action's values. */
function stored(values: StoredAction) {
  return {
    number: values.number.text,
    numberKey: numberSortKey(values.number),
    title: values.title,
    description: values.description,
    frameworkVersion: values.frameworkVersion,
    areas: values.areas,
    dimensions: values.dimensions,
    focusAreaId: values.focusAreaId,
    roundId: values.roundId,
    partners: values.partners,
    target: values.target,
    targetDue: values.target ? dueDate(values.target) : null,
    revisedTarget: values.revisedTarget,
    revisedDue: values.revisedTarget ? dueDate(values.revisedTarget) : null,
    revisedReason: values.revisedTarget ? values.revisedReason : '',
    successMeasure: values.successMeasure,
    status: values.status,
  };
}

export interface RagOverride {
  rag: Rag;
  reason: string;
  by: string;
}

const overrideColumns = (override: RagOverride | null) => ({
  ragOverride: override?.rag ?? null,
  ragOverrideReason: override?.reason ?? '',
  ragOverrideBy: override?.by ?? null,
  ragOverrideAt: override ? sql`now()` : null,
});

const bump = () => ({ revision: sql`${actions.revision} + 1`, updatedAt: sql`now()` });

export async function leadsOf(tx: Tx, actionIds: string[] | null): Promise<Map<string, LeadRow[]>> {
  const rows = await tx
    .select({ actionId: actionLeads.actionId, userId: actionLeads.userId, name: actionLeads.name })
    .from(actionLeads)
    .where(actionIds === null ? undefined : inArray(actionLeads.actionId, actionIds))
    .orderBy(asc(actionLeads.actionId), asc(actionLeads.position));
  const byAction = new Map<string, LeadRow[]>();
  for (const { actionId, ...lead } of rows) {
    const list = byAction.get(actionId) ?? [];
    list.push(lead);
    byAction.set(actionId, list);
  }
  return byAction;
}

async function replaceLeads(tx: Tx, trustId: string, actionId: string, leads: LeadRow[]) {
  await tx.delete(actionLeads).where(eq(actionLeads.actionId, actionId));
  if (leads.length === 0) return;
  await tx
    .insert(actionLeads)
    .values(leads.map((lead, position) => ({ trustId, actionId, ...lead, position })));
}

export async function findAction(tx: Tx, id: string): Promise<ActionRow | undefined> {
  const [row] = await tx.select(actionColumns).from(actions).where(eq(actions.id, id));
  if (row === undefined) return undefined;
  return toAction(row, (await leadsOf(tx, [id])).get(id) ?? []);
}

/** The numbers (as sort keys) of these that the trust's actions already use, but `exceptId`'s. */
export async function numberKeysTaken(
  tx: Tx,
  keys: string[],
  exceptId: string | null = null,
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx
    .select({ key: actions.numberKey })
    .from(actions)
    .where(
      and(
        inArray(actions.numberKey, keys),
        exceptId === null ? undefined : sql`${actions.id} <> ${exceptId}`,
      ),
    );
  return new Set(rows.map((r) => r.key));
}

export async function insertAction(
  tx: Tx,
  trustId: string,
  values: StoredAction,
  leads: LeadRow[],
  createdBy: string,
): Promise<ActionRow> {
  const [row] = await tx
    .insert(actions)
    .values({ trustId, ...stored(values), createdBy })
    .returning(actionColumns);
  const inserted = insertedRow(row, 'an action');
  await replaceLeads(tx, trustId, inserted.id, leads);
  return toAction(inserted, leads);
}

/** Inserts many actions at once (an import); gives their ids in the order given. */
export async function insertActions(
  tx: Tx,
  trustId: string,
  items: { values: StoredAction; leads: LeadRow[]; override: RagOverride | null }[],
  createdBy: string,
): Promise<string[]> {
  const rows = await insertRecords(
    tx,
    actions,
    items.map(({ values, override }) => ({
      trustId,
      ...stored(values),
      ragOverride: override?.rag ?? null,
      ragOverrideReason: override?.reason ?? '',
      ragOverrideBy: override?.by ?? null,
      ragOverrideAt: override ? new Date() : null,
      createdBy,
    })),
    ['id', 'numberKey'],
  );
  const byKey = new Map(rows.map((r) => [r.numberKey, r.id]));
  const ids = items.map(({ values }) => byKey.get(numberSortKey(values.number)) ?? '');
  const leads = items.flatMap(({ leads: list }, i) =>
    list.map((lead, position) => ({
      trustId,
      actionId: ids[i] ?? '',
      userId: lead.userId,
      name: lead.name,
      position,
    })),
  );
  await insertRecords(tx, actionLeads, leads);
  return ids;
}

/**
 * Changes an action's values and leads; with `expectedRevision`, only if it is still at that
 * revision. Gives the new revision, or null when nothing was changed (gone, or changed since).
 */
export async function updateAction(
  tx: Tx,
  trustId: string,
  id: string,
  values: StoredAction,
  leads: LeadRow[],
  expectedRevision: number | null = null,
): Promise<number | null> {
  const [row] = await tx
    .update(actions)
    .set({ ...stored(values), ...bump() })
    .where(
      and(
        eq(actions.id, id),
        expectedRevision === null ? undefined : eq(actions.revision, expectedRevision),
      ),
    )
    .returning({ revision: actions.revision });
  if (row === undefined) return null;
  await replaceLeads(tx, trustId, id, leads);
  return row.revision;
}

export async function deleteAction(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.delete(actions).where(eq(actions.id, id)).returning({ id: actions.id });
  return rows.length === 1;
}

/** Sets an action's status (after a progress update); gives the new revision. */
export async function setStatus(tx: Tx, id: string, status: ActionStatus): Promise<void> {
  await tx
    .update(actions)
    .set({ status, ...bump() })
    .where(eq(actions.id, id));
}

/** Sets (or, with null, clears) the RAG a person set over the suggestion. */
export async function setRagOverride(
  tx: Tx,
  id: string,
  override: RagOverride | null,
): Promise<void> {
  await tx
    .update(actions)
    .set({ ...overrideColumns(override), ...bump() })
    .where(eq(actions.id, id));
}
