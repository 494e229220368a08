import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.ts';
import { openAndPrepare } from '../src/startup.ts';

// A new PostgreSQL database for one test file, by address, so that a test can open it more
// than once (two instances of the application) or hand it to pg-boss. Dropped at the end.

export interface SharedDatabase {
  url: string;
  /** A migrated handle; open more with open(). */
  db: Database;
  open: () => Promise<Database>;
  drop: () => Promise<void>;
}

/** The PostgreSQL server of the test run, or undefined on PGlite runs. */
export function postgresUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url === undefined || url === '' ? undefined : url;
}

export async function createSharedDatabase(serverUrl: string): Promise<SharedDatabase> {
  const name = `ocw_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const address = new URL(serverUrl);
  address.pathname = `/${name}`;
  const url = address.toString();
  const db = await openAndPrepare({ databaseUrl: url, dataDir: '' });
  const opened: Database[] = [db];
  return {
    url,
    db,
    open: async () => {
      const more = await openDatabase({ databaseUrl: url });
      opened.push(more);
      return more;
    },
    drop: async () => {
      for (const handle of opened) await handle.close().catch(() => undefined);
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Waits until check() is true, looking every 50 ms, for at most timeoutMs. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
