import pg from 'pg';

// Start-up work that two processes must not do at once on one PostgreSQL database —
// migrating, loading the framework, seeding the demo, setting up the job queue — runs
// under a session advisory lock, held on a connection of its own while the work uses the
// pool. A second instance waits for the first, then finds the work done. Advisory locks belong to one database,
// so separate databases (tests) never wait for each other. PGlite is one process: no lock.

/** Lock numbers, one per kind of start-up work. */
export const LOCKS = { migrate: 7_107_001, demo: 7_107_002, jobs: 7_107_003 } as const;

export async function withAdvisoryLock<T>(
  databaseUrl: string | undefined,
  lock: number,
  fn: () => Promise<T>,
): Promise<T> {
  if (databaseUrl === undefined) return fn();
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'ocw-start' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [lock]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [lock]);
    }
  } finally {
    await client.end();
  }
}
