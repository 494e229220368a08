import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { auditLog, users } from '../../db/schema.ts';

export interface Actor {
  userId: string | null;
  /** What is shown in the log: a person's email, "API token: name" or "operator". */
  label: string;
}

export interface AuditEntry {
  trustId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

/** Records a change, in the same transaction as the change itself; gives the entry's id. */
export async function audit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<number> {
  const [row] = await tx
    .insert(auditLog)
    .values({
      trustId: entry.trustId,
      userId: actor.userId,
      actor: actor.label,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      details: entry.details ?? {},
    })
    .returning({ id: auditLog.id });
  return row?.id ?? 0;
}

export async function listAudit(tx: Tx, trustId: string, limit: number, offset: number) {
  return tx
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: auditLog.actor,
      userName: users.name,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(eq(auditLog.trustId, trustId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .offset(offset);
}

export async function countAudit(tx: Tx, trustId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(eq(auditLog.trustId, trustId));
  return row?.n ?? 0;
}

/** Email addresses of the people some entries are about (entity ids that are user ids). */
export async function userEmails(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.email]));
}
