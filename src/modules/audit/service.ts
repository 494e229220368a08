import { z } from 'zod';
import type { Database, Tx } from '../../db/client.ts';
import { countAudit, listAudit, userEmails } from './repository.ts';

// Reading a trust's audit log, for its pages, its CSV and the API: entries newest first,
// each with the email of the person it is about, where it is about one.

export type AuditRow = Awaited<ReturnType<typeof listAudit>>[number];

/** Entries about a person (a role, an invitation) carry the person's id. */
const isUserUuid = (row: AuditRow) =>
  (row.entity === 'user' || row.entity === 'membership') &&
  row.entityId !== null &&
  z.uuid().safeParse(row.entityId).success;

/** The entries, and the email addresses of the people they are about, by id. */
export async function withEmails(tx: Tx, rows: AuditRow[]) {
  const ids = [...new Set(rows.filter(isUserUuid).map((r) => r.entityId ?? ''))];
  return { rows, emails: await userEmails(tx, ids) };
}

/** Every entry of the trust, newest first, with the people's emails. */
export async function allEntries(db: Database, trustId: string) {
  return db.withTrust(trustId, async (tx) => {
    const total = await countAudit(tx, trustId);
    return withEmails(tx, await listAudit(tx, trustId, total, 0));
  });
}
