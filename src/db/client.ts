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
import { asError, describeFault, isDatabaseUnavailable } from './faults.ts';
import * as schema from './schema/index.ts';

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
  /** How long a request waits for a PostgreSQL connection before it fails (default 5 s). */
  connectionTimeoutMillis?: number | undefined;
  /** Where a lost connection is reported (default: one line on stderr). Never throws. */
  onConnectionError?: ((fault: { code: string | undefined; message: string }) => void) | undefined;
}

export const CONNECTION_TIMEOUT_MS = 5000;

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl !== undefined) {
    const pool = openPool(options.databaseUrl, options);
    const db = drizzlePg(pool, { schema }) as unknown as Tx;
    db.transaction = (fn, config) => inOwnClient(pool, (client) => client.transaction(fn, config));
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
  return openPglite(await PGlite.create(options.dataDir));
}

/** A Database on a PGlite instance already made (tests start one from a migrated image). */
export function openPglite(client: PGlite): Database {
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

/**
 * A pool that survives the server going away: errors of idle and checked-out clients are
 * reported (once) instead of crashing the process, a request waits at most
 * connectionTimeoutMillis for a connection, and new connections are made on demand when the
 * server is back.
 */
function openPool(connectionString: string, options: OpenOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? CONNECTION_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  const report = faultReporter(options.onConnectionError ?? logToStderr);
  // An idle client's error reaches the pool (which drops the client); a checked-out client's
  // error has no other listener, and an unheard 'error' event would end the process.
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}

/** Reports each error once, and the same fault at most once in a few seconds (an outage drops every connection at once). */
function faultReporter(sink: NonNullable<OpenOptions['onConnectionError']>) {
  const seen = new WeakSet();
  const lastAt = new Map<string, number>();
  return (error: Error) => {
    if (seen.has(error)) return;
    seen.add(error);
    const fault = describeFault(error);
    const key = `${fault.code ?? ''} ${fault.message}`;
    const now = Date.now();
    if (now - (lastAt.get(key) ?? -Infinity) < 5000) return;
    lastAt.set(key, now);
    try {
      sink(fault);
    } catch {
      // Reporting must never take the process down.
    }
  };
}

function logToStderr(fault: { code: string | undefined; message: string }) {
  console.error(
    JSON.stringify({
      level: 'warn',
      msg: 'database connection lost',
      code: fault.code,
      error: fault.message,
    }),
  );
}

/**
 * Runs fn with a client of its own and always gives the client back. drizzle's own pool
 * transaction keeps the client forever when BEGIN fails (the connection died while idle), and
 * a pool that leaks clients never recovers. A client that saw the database go away is
 * destroyed, never returned to the pool.
 */
async function inOwnClient<T>(pool: pg.Pool, fn: (db: Tx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let fault: unknown;
  try {
    return await fn(handleOf(client));
  } catch (error) {
    fault = error;
    throw error;
  } finally {
    client.release(
      fault !== undefined && isDatabaseUnavailable(fault) ? asError(fault) : undefined,
    );
  }
}

// Making a drizzle handle reads the whole schema's relations (a few hundred microseconds), so
// each pooled connection keeps the handle it was given the first time.
const handles = new WeakMap<pg.PoolClient, Tx>();
function handleOf(client: pg.PoolClient): Tx {
  let handle = handles.get(client);
  if (handle === undefined) {
    handle = drizzlePg(client, { schema });
    handles.set(client, handle);
  }
  return handle;
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
