// The audit write, used by every module in the change's own transaction (reading is audit/'s).

import type { Tx } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';
import { insertedRow } from './errors.ts';

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
  return insertedRow(row, 'an audit entry').id;
}
