import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '../db/client.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  EXCLUDED_TABLES,
  fixSettings,
  type BackupHeader,
  type TableCount,
} from './backup-format.ts';
import {
  cursorRows,
  ident,
  migrationState,
  readSequences,
  readTables,
  type Table,
} from './catalog.ts';

export interface BackupSummary {
  tables: TableCount[];
  bytes: number;
}

/** Runs fn on one consistent snapshot of every trust's data (row-level security: system). */
async function readSnapshot<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.raw.transaction(
    async (tx) => {
      await fixSettings(tx);
      return fn(tx);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * Writes every row of every table (but the excluded ones) to `file`, a table at a time
 * through a cursor. The file appears only when complete: it is written under another
 * name first.
 */
export async function backupDatabase(db: Database, file: string): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  const counts: TableCount[] = [];
  try {
    await readSnapshot(db, async (tx) => {
      const tables = (await readTables(tx)).filter((t) => !EXCLUDED_TABLES.includes(t.name));
      const sequences = await readSequences(tx);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        database: db.kind,
        migrations: await migrationState(tx),
        tables: tables.map((t) => t.name),
        excluded: [...EXCLUDED_TABLES],
      };
      const lines = backupLines(tx, header, tables, sequences, counts);
      await pipeline(Readable.from(lines), createGzip(), createWriteStream(partial));
    });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { tables: counts, bytes: (await stat(file)).size };
}

/** The whole file, line by line; each table's row count is added to `counts` once written. */
async function* backupLines(
  tx: Tx,
  header: BackupHeader,
  tables: Table[],
  sequences: string[],
  counts: TableCount[],
): AsyncGenerator<string> {
  yield `${JSON.stringify(header)}\n`;
  let total = 0;
  for (const table of tables) {
    const rows = yield* tableLines(tx, table);
    counts.push({ table: table.name, rows });
    total += rows;
  }
  for (const sequence of sequences) {
    const [state] = await queryRows<{ value: string; called: boolean }>(
      tx,
      sql`select last_value::text as value, is_called as called from ${ident(sequence)}`,
    );
    if (state !== undefined)
      yield `${JSON.stringify({ sequence, value: state.value, called: state.called })}\n`;
  }
  yield `${JSON.stringify({ end: true, tables: tables.length, rows: total })}\n`;
}

/** A table's line and its rows, up to 500 to a chunk; returns how many rows it wrote. */
async function* tableLines(tx: Tx, table: Table): AsyncGenerator<string, number> {
  const [count] = await queryRows<{ n: string }>(
    tx,
    sql`select count(*)::text as n from ${ident(table.name)}`,
  );
  const rows = Number(count?.n ?? 0);
  yield `${JSON.stringify({ table: table.name, columns: table.columns, rows })}\n`;
  let written = 0;
  for await (const batch of cursorRows<{ r: string }>(tx, 'ocw_backup', rowQuery(table)))
    for (let i = 0; i < batch.length; i += 500) {
      yield batch
        .slice(i, i + 500)
        .map((row) => `${row.r}\n`)
        .join('');
      written += Math.min(500, batch.length - i);
    }
  if (written !== rows) throw new Error(`${table.name}: counted ${rows}, read ${written}`);
  return rows;
}

/** Each row as a JSON array of its columns' text forms, in primary key order. */
function rowQuery(table: Table) {
  const values = sql.join(
    table.columns.map((c) => sql`${ident(c.name)}::text`),
    sql`, `,
  );
  const order =
    table.key.length > 0
      ? sql` order by ${sql.join(
          table.key.map((k) => ident(k)),
          sql`, `,
        )}`
      : sql``;
  return sql`select array_to_json(array[${values}]::text[])::text as r from ${ident(table.name)}${order}`;
}
