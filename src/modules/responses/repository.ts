import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { auditLog, responses, rounds, trustSectors } from '../../db/schema/index.ts';
import { orderSectors } from '../trusts/index.ts';

// Reads for imports and response counts. Every function runs in the trust's scope.

export interface RoundRow {
  id: string;
  title: string;
  frameworkVersion: string;
  status: string;
}

export async function findRound(tx: Tx, roundId: string): Promise<RoundRow | undefined> {
  const [row] = await tx
    .select({
      id: rounds.id,
      title: rounds.title,
      frameworkVersion: rounds.frameworkVersion,
      status: rounds.status,
    })
    .from(rounds)
    .where(eq(rounds.id, roundId));
  return row;
}

export interface SectorRow {
  key: string;
  name: string;
  custom: boolean;
  headcount: number | null;
}

/** The trust's sectors: national ones in the national order, then its own by name. */
export async function listSectors(tx: Tx): Promise<SectorRow[]> {
  const rows = await tx
    .select({
      key: trustSectors.key,
      name: trustSectors.name,
      custom: trustSectors.custom,
      headcount: trustSectors.headcount,
    })
    .from(trustSectors);
  return orderSectors(rows);
}

export interface CountRow {
  sectorKey: string | null;
  audience: string;
  responses: number;
}

/** Responses of a round counted by sector and audience (never single responses). */
export async function countResponses(tx: Tx, roundId: string): Promise<CountRow[]> {
  return tx
    .select({
      sectorKey: responses.sectorKey,
      audience: responses.audience,
      responses: sql<number>`count(*)::int`,
    })
    .from(responses)
    .where(eq(responses.roundId, roundId))
    .groupBy(responses.sectorKey, responses.audience)
    .orderBy(asc(responses.sectorKey), asc(responses.audience));
}

/** An import as its audit entry records it. */
export interface ImportRecord {
  id: number;
  at: Date;
  actor: string;
  details: Record<string, unknown>;
}

const importsOf = (roundId: string) =>
  and(
    eq(auditLog.entity, 'responses'),
    eq(auditLog.action, 'import'),
    eq(auditLog.entityId, roundId),
  );

const importColumns = {
  id: auditLog.id,
  at: auditLog.at,
  actor: auditLog.actor,
  details: auditLog.details,
};

/** One import of the round (its audit entry), for the confirmation page and the API. */
export async function findImportRecord(
  tx: Tx,
  roundId: string,
  logId: number,
): Promise<ImportRecord | undefined> {
  const [row] = await tx
    .select(importColumns)
    .from(auditLog)
    .where(and(eq(auditLog.id, logId), importsOf(roundId)));
  return row === undefined
    ? undefined
    : { ...row, details: row.details as ImportRecord['details'] };
}

/** Every import of the round (their audit entries), newest first. */
export async function listImportRecords(tx: Tx, roundId: string): Promise<ImportRecord[]> {
  const rows = await tx
    .select(importColumns)
    .from(auditLog)
    .where(importsOf(roundId))
    .orderBy(desc(auditLog.at), desc(auditLog.id));
  return rows.map((row) => ({ ...row, details: row.details as ImportRecord['details'] }));
}

/** The import recorded for an upload page's task, if it has finished well. */
export async function findImportByTask(
  tx: Tx,
  roundId: string,
  taskId: string,
): Promise<number | undefined> {
  const [row] = await tx
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(importsOf(roundId), sql`${auditLog.details}->>'task' = ${taskId}`));
  return row?.id;
}
