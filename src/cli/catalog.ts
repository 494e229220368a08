import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../db/client.ts';

// What the database holds, read from PostgreSQL's own catalogue rather than from the
// drizzle schema, so that a table added by a later migration is backed up and restored
// without anyone remembering to list it here.

export interface Column {
  name: string;
  /** The type as PostgreSQL writes it, e.g. `numeric(2,1)` or `text[]`; values are cast to it. */
  type: string;
}

export interface Table {
  name: string;
  columns: Column[];
  /** Primary key columns (empty if the table has none), for a stable row order. */
  key: string[];
  /** Tables this one refers to by foreign key (itself excluded). */
  parents: string[];
}

/** Double-quotes an identifier for SQL. */
export function ident(name: string): SQL {
  return sql.raw(`"${name.replace(/"/g, '""')}"`);
}

/**
 * The application's tables in the public schema, parents before children (foreign-key
 * order, ties by name), with their columns in table order. Generated columns are left out:
 * PostgreSQL computes them.
 */
export async function readTables(tx: Tx): Promise<Table[]> {
  const columns = await queryRows<{ table: string; name: string; type: string }>(
    tx,
    sql`select c.relname as "table", a.attname as name, format_type(a.atttypid, a.atttypmod) as type
        from pg_attribute a
        join pg_class c on c.oid = a.attrelid
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
          and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        order by c.relname, a.attnum`,
  );
  const keys = await queryRows<{ table: string; name: string }>(
    tx,
    sql`select c.relname as "table", a.attname as name
        from pg_index i
        join pg_class c on c.oid = i.indrelid
        join pg_namespace n on n.oid = c.relnamespace
        cross join lateral unnest(i.indkey) with ordinality as k(attnum, position)
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
        where n.nspname = 'public' and i.indisprimary
        order by c.relname, k.position`,
  );
  const links = await queryRows<{ child: string; parent: string }>(
    tx,
    sql`select distinct child.relname as child, parent.relname as parent
        from pg_constraint f
        join pg_class child on child.oid = f.conrelid
        join pg_class parent on parent.oid = f.confrelid
        join pg_namespace n on n.oid = child.relnamespace
        where f.contype = 'f' and n.nspname = 'public'`,
  );
  const tables = new Map<string, Table>();
  for (const c of columns) {
    const table = tables.get(c.table) ?? { name: c.table, columns: [], key: [], parents: [] };
    table.columns.push({ name: c.name, type: c.type });
    tables.set(c.table, table);
  }
  for (const k of keys) tables.get(k.table)?.key.push(k.name);
  for (const l of links)
    if (l.child !== l.parent && tables.has(l.parent)) tables.get(l.child)?.parents.push(l.parent);
  return foreignKeyOrder([...tables.values()]);
}

/** Parents before children; a cycle of foreign keys cannot be ordered and is an error. */
export function foreignKeyOrder(tables: Table[]): Table[] {
  const pending = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  const done = new Set<string>();
  const ordered: Table[] = [];
  while (pending.length > 0) {
    const next = pending.findIndex((t) => t.parents.every((p) => done.has(p)));
    if (next < 0)
      throw new Error(
        `The tables ${pending.map((t) => t.name).join(', ')} refer to each other in a circle`,
      );
    const [table] = pending.splice(next, 1);
    if (table === undefined) break;
    ordered.push(table);
    done.add(table.name);
  }
  return ordered;
}

/** Sequences of the public schema (for example audit_log's id), by name. */
export async function readSequences(tx: Tx): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    tx,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'S' order by c.relname`,
  );
  return rows.map((r) => r.name);
}

interface JournalEntry {
  tag: string;
  when: number;
}

/** The migrations this copy of the application knows, oldest first. */
export function knownMigrations(): JournalEntry[] {
  const file = fileURLToPath(new URL('../db/migrations/meta/_journal.json', import.meta.url));
  const journal = JSON.parse(readFileSync(file, 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

export interface MigrationState {
  /** How many migrations the database has had. */
  count: number;
  /** The name of the last one, or null if this copy of the application does not know it. */
  last: string | null;
}

/** How far the database has been migrated. */
export async function migrationState(tx: Tx): Promise<MigrationState> {
  const [row] = await queryRows<{ count: string; last: string | null }>(
    tx,
    sql`select count(*)::text as count, max(created_at)::text as last
        from drizzle.__drizzle_migrations`,
  );
  const count = Number(row?.count ?? 0);
  const last = knownMigrations().find((m) => String(m.when) === row?.last);
  return { count, last: last?.tag ?? null };
}

/**
 * Rows of a query, a batch at a time, through a cursor: a large table is never held in
 * memory at once. Must run inside a transaction; the cursor is closed at the end.
 */
export async function* cursorRows<T>(
  tx: Tx,
  name: string,
  query: SQL,
  batchSize = 2000,
): AsyncGenerator<T[]> {
  await tx.execute(sql`declare ${ident(name)} no scroll cursor for ${query}`);
  let open = true;
  try {
    for (;;) {
      const rows = await queryRows<T>(
        tx,
        sql`fetch ${sql.raw(String(batchSize))} from ${ident(name)}`,
      );
      if (rows.length > 0) yield rows;
      if (rows.length < batchSize) break;
    }
    open = false;
    await tx.execute(sql`close ${ident(name)}`);
  } finally {
    // Stopped early (the reader gave up, or a query failed): close it if the transaction
    // still can; a failed transaction is rolled back by its owner anyway.
    if (open) await tx.execute(sql`close ${ident(name)}`).catch(() => undefined);
  }
}
