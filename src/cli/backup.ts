import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Database, type Tx } from '../db/client.ts';
import {
  cursorRows,
  ident,
  knownMigrations,
  migrationState,
  readSequences,
  readTables,
  type MigrationState,
  type Table,
} from './catalog.ts';
import { CommandError } from './errors.ts';

// A backup is one gzip'd JSON Lines file:
//   line 1       {"format":"ocw-backup","formatVersion":1,"createdAt":…,"migrations":{…},…}
//   per table    {"table":"answers","columns":[{"name":…,"type":…}],"rows":1234}
//                then one line per row: a JSON array of the columns' values, each in
//                PostgreSQL's own text form (or null), which reads back exactly
//   per sequence {"sequence":"audit_log_id_seq","value":"42","called":true}
//   last line    {"end":true,"tables":…,"rows":…}
// Tables come parents first, so a restore can insert them as it reads them.

export const BACKUP_FORMAT = 'ocw-backup';
export const BACKUP_FORMAT_VERSION = 1;

/**
 * Left out of every backup: signed-in sessions (a restored copy should not let anyone in
 * on a session that was open when the backup was taken; people sign in again) and the
 * sign-in throttling counters (they only matter for minutes and belong to the server that
 * counted them). Both are deleted by `restore --force` all the same.
 */
export const EXCLUDED_TABLES: readonly string[] = ['sessions', 'sign_in_attempts'];

/** Filled from the framework files every time the application starts, so never "data". */
const STARTUP_TABLES: readonly string[] = ['framework_versions'];

/** Settings under which every value is written, and read back, in one unambiguous form. */
async function fixSettings(tx: Tx): Promise<void> {
  await tx.execute(sql`select set_config('app.system', 'on', true),
    set_config('DateStyle', 'ISO, YMD', true), set_config('IntervalStyle', 'postgres', true),
    set_config('TimeZone', 'UTC', true), set_config('extra_float_digits', '3', true),
    set_config('bytea_output', 'hex', true)`);
}

const columnSchema = z.object({ name: z.string(), type: z.string() });
const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  createdAt: z.string(),
  database: z.string(),
  migrations: z.object({ count: z.number().int().nonnegative(), last: z.string().nullable() }),
  tables: z.array(z.string()),
  excluded: z.array(z.string()),
});
export type BackupHeader = z.infer<typeof headerSchema>;
const tableSchema = z.object({
  table: z.string(),
  columns: z.array(columnSchema),
  rows: z.number().int().nonnegative(),
});
const sequenceSchema = z.object({
  sequence: z.string(),
  value: z.string().regex(/^-?\d+$/),
  called: z.boolean(),
});
const endSchema = z.object({
  end: z.literal(true),
  tables: z.number().int(),
  rows: z.number().int(),
});

export interface TableCount {
  table: string;
  rows: number;
}

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
      const migrations = await migrationState(tx);
      async function* lines(): AsyncGenerator<string> {
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          database: db.kind,
          migrations,
          tables: tables.map((t) => t.name),
          excluded: [...EXCLUDED_TABLES],
        };
        yield `${JSON.stringify(header)}\n`;
        let total = 0;
        for (const table of tables) {
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
      await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial));
    });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { tables: counts, bytes: (await stat(file)).size };
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

// ---- Reading a backup ----

interface Line {
  number: number;
  value: unknown;
}

/** The file's lines, parsed; a file that is not gzip'd JSON Lines is refused plainly. */
async function* readBackupLines(file: string): AsyncGenerator<Line> {
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let number = 0;
  const parse = (text: string): Line => {
    number += 1;
    try {
      return { number, value: JSON.parse(text) as unknown };
    } catch {
      throw new CommandError(`Line ${number} of the backup is not valid JSON: the file is damaged`);
    }
  };
  try {
    for await (const chunk of gunzip) {
      const parts = (rest + decoder.write(chunk as Buffer)).split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) yield parse(part);
    }
  } catch (error) {
    if (error instanceof CommandError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new CommandError(`There is no file ${file}`);
    if (typeof code === 'string' && code.startsWith('Z_'))
      throw new CommandError(`${file} is not an OCW backup, or it is damaged (${code})`);
    throw error;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  rest += decoder.end();
  if (rest !== '') yield parse(rest);
}

/** Checks a backup's first line: its format, and that this version of OCW can read it. */
export function checkHeader(value: unknown, database: MigrationState): BackupHeader {
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success) {
    const format = (value as { format?: unknown } | null)?.format;
    throw new CommandError(
      format === BACKUP_FORMAT
        ? 'The backup’s first line is not a header this version of OCW understands'
        : 'This file is not an OCW backup',
    );
  }
  const header = parsed.data;
  if (header.formatVersion > BACKUP_FORMAT_VERSION)
    throw new CommandError(
      `The backup is in format ${header.formatVersion}; this version of OCW reads format ${BACKUP_FORMAT_VERSION} only. Restore it with a newer version of OCW.`,
    );
  const known = knownMigrations();
  if (header.migrations.count > known.length || header.migrations.count > database.count)
    throw new CommandError(
      `The backup was taken from a newer version of OCW (database migration ${header.migrations.count}${header.migrations.last === null ? '' : `, ${header.migrations.last}`}); this version knows ${known.length}. Restore it with that version or a later one.`,
    );
  const expected = known[header.migrations.count - 1]?.tag ?? null;
  if (header.migrations.count > 0 && header.migrations.last !== expected)
    throw new CommandError(
      `The backup’s database migration ${header.migrations.count} is ${header.migrations.last ?? 'unknown'}, but this version of OCW calls it ${expected ?? 'nothing'}: it comes from a different line of versions and cannot be restored here.`,
    );
  return header;
}

export interface RestoreSummary {
  header: BackupHeader;
  tables: TableCount[];
  /** Set when the backup is from an older version of the database than this one. */
  olderBy: number;
}

/** What the database already holds, besides what the application loads at start-up. */
async function existingData(db: Database, tables: Table[]): Promise<TableCount[]> {
  return db.asSystem(async (tx) => {
    const found: TableCount[] = [];
    for (const table of tables) {
      if (STARTUP_TABLES.includes(table.name) || EXCLUDED_TABLES.includes(table.name)) continue;
      const [row] = await queryRows<{ n: string }>(
        tx,
        sql`select count(*)::text as n from ${ident(table.name)}`,
      );
      const rows = Number(row?.n ?? 0);
      if (rows > 0) found.push({ table: table.name, rows });
    }
    return found;
  });
}

function describeExisting(found: TableCount[]): string {
  const named = (table: string, one: string, many: string) => {
    const rows = found.find((f) => f.table === table)?.rows ?? 0;
    return rows === 0 ? [] : [`${rows} ${rows === 1 ? one : many}`];
  };
  const parts = [...named('trusts', 'trust', 'trusts'), ...named('users', 'user', 'users')];
  const others = found.filter((f) => f.table !== 'trusts' && f.table !== 'users');
  if (others.length > 0)
    parts.push(`rows in ${others.length} other table${others.length === 1 ? '' : 's'}`);
  return parts.join(', ');
}

const BATCH_ROWS = 2000;
const BATCH_CHARS = 4_000_000;

/**
 * Loads a backup into this database in one transaction: all of it, or (on any problem)
 * nothing. The database must be empty of data unless `force`, which first deletes
 * everything in it. Triggers are switched off while the rows go in, as in any data-only
 * restore: the rows already carry what the triggers did (a framework version's lock, for
 * one), and the lock triggers would refuse to replace the versions loaded at start-up.
 */
export async function restoreDatabase(
  db: Database,
  file: string,
  options: { force?: boolean } = {},
): Promise<RestoreSummary> {
  const lines = readBackupLines(file);
  try {
    return await restoreLines(db, file, lines, options);
  } finally {
    await lines.return(undefined);
  }
}

async function restoreLines(
  db: Database,
  file: string,
  lines: AsyncGenerator<Line>,
  options: { force?: boolean },
): Promise<RestoreSummary> {
  const first = await lines.next();
  if (first.done === true) throw new CommandError(`${file} is empty`);
  const [targetTables, targetSequences, state] = await db.asSystem(
    async (tx) =>
      [await readTables(tx), await readSequences(tx), await migrationState(tx)] as const,
  );
  const header = checkHeader(first.value.value, state);
  const existing = await existingData(db, targetTables);
  if (existing.length > 0 && options.force !== true)
    throw new CommandError(
      `This database already holds data (${describeExisting(existing)}). Restore only into an empty database, or add --force to delete everything in it first.`,
    );
  for (const name of header.tables)
    if (!targetTables.some((t) => t.name === name))
      throw new CommandError(`The backup has a table ${name} that this database does not have`);

  const tables: TableCount[] = [];
  await db.asSystem(async (tx) => {
    await fixSettings(tx);
    for (const table of targetTables)
      await tx.execute(sql`alter table ${ident(table.name)} disable trigger user`);
    for (const table of [...targetTables].reverse())
      if (options.force === true || !EXCLUDED_TABLES.includes(table.name))
        await tx.execute(sql`delete from ${ident(table.name)}`);

    let current: { table: Table; columns: string[]; rows: number; batch: string[] } | undefined;
    let batchChars = 0;
    let inserted = 0;
    let ended = false;
    const flush = async () => {
      if (current === undefined || current.batch.length === 0) return;
      await insertBatch(tx, current.table, current.columns, `[${current.batch.join(',')}]`);
      inserted += current.batch.length;
      current.batch = [];
      batchChars = 0;
    };
    const finishTable = async () => {
      if (current === undefined) return;
      await flush();
      if (inserted !== current.rows)
        throw new CommandError(
          `The backup says ${current.table.name} has ${current.rows} rows, but ${inserted} were found: the file is damaged`,
        );
      tables.push({ table: current.table.name, rows: inserted });
      current = undefined;
    };

    for await (const { number, value } of lines) {
      if (ended) throw new CommandError(`Line ${number} of the backup comes after its end`);
      if (Array.isArray(value)) {
        if (current === undefined)
          throw new CommandError(`Line ${number} of the backup is a row outside any table`);
        if (value.length !== current.columns.length || !value.every(isTextOrNull))
          throw new CommandError(
            `Line ${number} of the backup is not a row of ${current.table.name}: the file is damaged`,
          );
        const row = JSON.stringify(value);
        current.batch.push(row);
        batchChars += row.length;
        if (current.batch.length >= BATCH_ROWS || batchChars >= BATCH_CHARS) await flush();
        continue;
      }
      await finishTable();
      const table = tableSchema.safeParse(value);
      if (table.success) {
        current = startTable(table.data, targetTables, header.tables, tables, number);
        inserted = 0;
        continue;
      }
      const sequence = sequenceSchema.safeParse(value);
      if (sequence.success) {
        if (!targetSequences.includes(sequence.data.sequence))
          throw new CommandError(
            `The backup has a sequence ${sequence.data.sequence} that this database does not have`,
          );
        await tx.execute(
          sql`select setval(quote_ident(${sequence.data.sequence})::regclass, ${sequence.data.value}::bigint, ${sequence.data.called})`,
        );
        continue;
      }
      const end = endSchema.safeParse(value);
      if (end.success) {
        const total = tables.reduce((n, t) => n + t.rows, 0);
        if (end.data.tables !== tables.length || end.data.rows !== total)
          throw new CommandError('The backup’s tables do not add up: the file is damaged');
        ended = true;
        continue;
      }
      throw new CommandError(`Line ${number} of the backup is not understood: the file is damaged`);
    }
    if (!ended)
      throw new CommandError('The backup stops before its end: the file is incomplete or damaged');
    for (const table of targetTables)
      await tx.execute(sql`alter table ${ident(table.name)} enable trigger user`);
  });
  return { header, tables, olderBy: state.count - header.migrations.count };
}

function isTextOrNull(value: unknown): boolean {
  return value === null || typeof value === 'string';
}

/** Checks a table line against this database and the tables restored so far. */
function startTable(
  line: z.infer<typeof tableSchema>,
  targetTables: Table[],
  backupTables: string[],
  done: TableCount[],
  number: number,
) {
  const table = targetTables.find((t) => t.name === line.table);
  if (table === undefined)
    throw new CommandError(`The backup has a table ${line.table} that this database does not have`);
  if (done.some((d) => d.table === line.table))
    throw new CommandError(`Line ${number}: the backup has table ${line.table} twice`);
  for (const parent of table.parents)
    if (backupTables.includes(parent) && !done.some((d) => d.table === parent))
      throw new CommandError(
        `The backup has table ${line.table} before ${parent}, which it refers to: the file is damaged`,
      );
  const columns = line.columns.map((c) => c.name);
  for (const name of columns)
    if (!table.columns.some((c) => c.name === name))
      throw new CommandError(
        `The backup’s table ${line.table} has a column ${name} that this database does not have`,
      );
  return { table, columns, rows: line.rows, batch: [] as string[] };
}

/** Inserts rows given as one JSON array of arrays of text, each cast to its column's type. */
async function insertBatch(tx: Tx, table: Table, columns: string[], rows: string) {
  const names = sql.join(
    columns.map((c) => ident(c)),
    sql`, `,
  );
  const values = sql.join(
    columns.map((name, i) => {
      const type = table.columns.find((c) => c.name === name)?.type ?? 'text';
      return sql`(e.r->>${sql.raw(String(i))})::${sql.raw(type)}`;
    }),
    sql`, `,
  );
  await tx.execute(
    sql`insert into ${ident(table.name)} (${names}) overriding system value
        select ${values} from json_array_elements(${rows}::json) as e(r)`,
  );
}
