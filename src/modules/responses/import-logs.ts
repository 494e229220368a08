import type { Database } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { findImportRecord, findRound, listImportRecords, type ImportRecord } from './repository.ts';

// The log of a round's imports, read from their audit entries: what the confirmation page
// after an import shows (people added, answers added, people skipped), for the page and the
// API alike. Counts only: an import's log names no respondent.

export interface ImportLog {
  id: number;
  /** When the import was stored (UTC, ISO 8601). */
  at: string;
  /** Who imported: a person's email or "API token: <name>". */
  by: string;
  via: 'web' | 'api' | null;
  /** People whose answers were added. */
  responses: number;
  /** Answers added. */
  answers: number;
  /** People already imported into the round, so skipped. */
  skipped: number;
  /** Lines of answers in the file. */
  rows: number;
}

function logOf(record: ImportRecord): ImportLog {
  const n = (key: string) => {
    const value = record.details[key];
    return typeof value === 'number' ? value : 0;
  };
  const via = record.details.via;
  return {
    id: record.id,
    at: record.at.toISOString(),
    by: record.actor,
    via: via === 'web' || via === 'api' ? via : null,
    responses: n('responses'),
    answers: n('answers'),
    skipped: n('skipped'),
    rows: n('rows'),
  };
}

/** The round's imports, newest first; a round of another trust is not found. */
export async function importLogs(
  db: Database,
  trustId: string,
  roundId: string,
): Promise<ImportLog[]> {
  return db.withTrust(trustId, async (tx) => {
    if ((await findRound(tx, roundId)) === undefined) throw new NotFoundError();
    return (await listImportRecords(tx, roundId)).map(logOf);
  });
}

/** One import of the round; undefined if the round has no such import. */
export async function importLog(
  db: Database,
  trustId: string,
  roundId: string,
  logId: number,
): Promise<ImportLog | undefined> {
  const record = await db.withTrust(trustId, (tx) => findImportRecord(tx, roundId, logId));
  return record === undefined ? undefined : logOf(record);
}
