import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** A drizzle handle: the database itself or a transaction on it. */
export type Tx = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  kind: 'pglite' | 'postgres';
  /** Raw handle: only for migrations, health checks and operator commands. */
  raw: Tx;
  /** Runs fn in a transaction bound to one trust: row-level security shows only its rows. */
  withTrust<T>(trustId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn in a transaction that may see every trust (operators, sign-in, trust creation). */
  asSystem<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn as the application role with no trust setting at all (used to prove RLS). */
  asUnscoped<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Rows of a raw SQL query; both drivers answer with { rows }. */
export async function queryRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const result: unknown = await tx.execute(query);
  return (result as { rows: T[] }).rows;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Folder for PGlite's files; omit for an in-memory database. */
  dataDir?: string | undefined;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl !== undefined) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    const db = drizzlePg(pool, { schema }) as unknown as Tx;
    return wrap(
      'postgres',
      db,
      async () => {
        await migratePg(drizzlePg(pool), { migrationsFolder });
      },
      () => pool.end(),
    );
  }
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create(options.dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Tx;
  return wrap(
    'pglite',
    db,
    async () => {
      await migratePglite(drizzlePglite(client), { migrationsFolder });
    },
    () => client.close(),
  );
}

function wrap(
  kind: Database['kind'],
  db: Tx,
  migrate: () => Promise<void>,
  close: () => Promise<void>,
): Database {
  return {
    kind,
    raw: db,
    withTrust: (trustId, fn) =>
      db.transaction(async (tx) => {
        await tx.execute(
          sql`select set_config('role', 'ocw_app', true), set_config('app.trust_id', ${trustId}, true)`,
        );
        return fn(tx);
      }),
    asSystem: (fn) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('app.system', 'on', true)`);
        return fn(tx);
      }),
    asUnscoped: (fn) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', 'ocw_app', true)`);
        return fn(tx);
      }),
    migrate,
    close,
  };
}
