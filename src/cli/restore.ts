import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '../db/client.ts';
import {
  checkHeader,
  endSchema,
  EXCLUDED_TABLES,
  fixSettings,
  readBackupLines,
  sequenceSchema,
  STARTUP_TABLES,
  tableSchema,
  type BackupHeader,
  type Line,
  type TableCount,
  type TableLine,
} from './backup-format.ts';
import { ident, migrationState, readSequences, readTables, type Table } from './catalog.ts';
import { CommandError } from './errors.ts';

export interface RestoreSummary {
  header: BackupHeader;
  tables: TableCount[];
  /** Set when the backup is from an older version of the database than this one. */
  olderBy: number;
}

/** This database's tables and sequences, which the backup's must be among. */
interface Target {
  tables: Table[];
  sequences: string[];
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

  const tables = await db.asSystem(async (tx) => {
    await fixSettings(tx);
    for (const table of targetTables)
      await tx.execute(sql`alter table ${ident(table.name)} disable trigger user`);
    for (const table of [...targetTables].reverse())
      if (options.force === true || !EXCLUDED_TABLES.includes(table.name))
        await tx.execute(sql`delete from ${ident(table.name)}`);
    const done = await loadLines(tx, lines, header.tables, {
      tables: targetTables,
      sequences: targetSequences,
    });
    for (const table of targetTables)
      await tx.execute(sql`alter table ${ident(table.name)} enable trigger user`);
    return done;
  });
  return { header, tables, olderBy: state.count - header.migrations.count };
}

/** A table being read: its rows go in a batch at a time. */
interface Loading {
  table: Table;
  columns: string[];
  /** How many rows the backup says the table has. */
  rows: number;
  batch: string[];
  batchChars: number;
  inserted: number;
}

/** Inserts the lines after the header; returns the tables restored, in order. */
async function loadLines(
  tx: Tx,
  lines: AsyncGenerator<Line>,
  backupTables: string[],
  target: Target,
): Promise<TableCount[]> {
  const done: TableCount[] = [];
  let current: Loading | undefined;
  let ended = false;
  for await (const { number, value } of lines) {
    if (ended) throw new CommandError(`Line ${number} of the backup comes after its end`);
    if (Array.isArray(value)) {
      if (current === undefined)
        throw new CommandError(`Line ${number} of the backup is a row outside any table`);
      await addRow(tx, current, value, number);
      continue;
    }
    if (current !== undefined) done.push(await finishTable(tx, current));
    current = undefined;
    const table = tableSchema.safeParse(value);
    if (table.success) current = startTable(table.data, target.tables, backupTables, done, number);
    else ended = await readOtherLine(tx, value, number, target.sequences, done);
  }
  if (!ended)
    throw new CommandError('The backup stops before its end: the file is incomplete or damaged');
  return done;
}

/** A sequence's line (its value is set) or the end line (true); anything else is refused. */
async function readOtherLine(
  tx: Tx,
  value: unknown,
  number: number,
  targetSequences: string[],
  done: TableCount[],
): Promise<boolean> {
  const sequence = sequenceSchema.safeParse(value);
  if (sequence.success) {
    if (!targetSequences.includes(sequence.data.sequence))
      throw new CommandError(
        `The backup has a sequence ${sequence.data.sequence} that this database does not have`,
      );
    await tx.execute(
      sql`select setval(quote_ident(${sequence.data.sequence})::regclass, ${sequence.data.value}::bigint, ${sequence.data.called})`,
    );
    return false;
  }
  const end = endSchema.safeParse(value);
  if (end.success) {
    const total = done.reduce((n, t) => n + t.rows, 0);
    if (end.data.tables !== done.length || end.data.rows !== total)
      throw new CommandError('The backup’s tables do not add up: the file is damaged');
    return true;
  }
  throw new CommandError(`Line ${number} of the backup is not understood: the file is damaged`);
}

function isTextOrNull(value: unknown): boolean {
  return value === null || typeof value === 'string';
}

async function addRow(tx: Tx, current: Loading, value: unknown[], number: number) {
  if (value.length !== current.columns.length || !value.every(isTextOrNull))
    throw new CommandError(
      `Line ${number} of the backup is not a row of ${current.table.name}: the file is damaged`,
    );
  const row = JSON.stringify(value);
  current.batch.push(row);
  current.batchChars += row.length;
  if (current.batch.length >= BATCH_ROWS || current.batchChars >= BATCH_CHARS)
    await flush(tx, current);
}

async function flush(tx: Tx, current: Loading) {
  if (current.batch.length === 0) return;
  await insertBatch(tx, current.table, current.columns, `[${current.batch.join(',')}]`);
  current.inserted += current.batch.length;
  current.batch = [];
  current.batchChars = 0;
}

/** Inserts the table's last rows and checks they are as many as the backup says. */
async function finishTable(tx: Tx, current: Loading): Promise<TableCount> {
  await flush(tx, current);
  if (current.inserted !== current.rows)
    throw new CommandError(
      `The backup says ${current.table.name} has ${current.rows} rows, but ${current.inserted} were found: the file is damaged`,
    );
  return { table: current.table.name, rows: current.inserted };
}

/** Checks a table line against this database and the tables restored so far. */
function startTable(
  line: TableLine,
  targetTables: Table[],
  backupTables: string[],
  done: TableCount[],
  number: number,
): Loading {
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
  return { table, columns, rows: line.rows, batch: [], batchChars: 0, inserted: 0 };
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
