import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { LOCKS, withAdvisoryLock } from './db/advisory-lock.ts';
import { openDatabase, type Database } from './db/client.ts';
import { isDatabaseUnavailable } from './db/faults.ts';
import { ensureDemo, type DemoInfo } from './demo/seed.ts';
import { createJobQueue } from './jobs/queue.ts';
import { createMailer } from './mail.ts';
import { openAndPrepare } from './startup.ts';

// One instance of the application: database, job queue, app, listening; and its orderly
// stop. Run on its own (PGlite, or one process) or as a worker of the cluster (cluster.ts).

/** A stop that takes longer than this is cut short. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/** How long a start waits for PostgreSQL to come up (it may be starting beside us). */
export const DATABASE_WAIT_MS = 60_000;

/**
 * Opens and migrates the database, waiting (with growing pauses, up to DATABASE_WAIT_MS)
 * while PostgreSQL is unavailable, as it is for a moment when both start together.
 */
export async function openWhenReady(
  config: Config,
  wait = DATABASE_WAIT_MS,
  say: (message: string) => void = (message) => console.warn(message),
): Promise<Database> {
  const began = Date.now();
  for (let pause = 250; ; pause = Math.min(pause * 2, 5_000)) {
    try {
      return await openAndPrepare(config);
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() - began + pause > wait) throw error;
      say(`The database is not available yet; trying again in ${pause / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Migrates, loads the framework and (outside production) the demo, once for all instances. */
export async function prepare(config: Config): Promise<{ db: Database; demo?: DemoInfo }> {
  const db = await openWhenReady(config);
  if (config.env === 'production') return { db };
  try {
    const demo = await withAdvisoryLock(config.databaseUrl, LOCKS.demo, () =>
      ensureDemo(db, config),
    );
    return { db, demo };
  } catch (error) {
    await db.close();
    throw error;
  }
}

export function describeDatabase(config: Config): string {
  return config.databaseUrl === undefined ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
}

export function printDemo(config: Config, demo: DemoInfo | undefined): void {
  if (demo === undefined) return;
  console.log(`\nDemo trust "${demo.trustName}". Sign in at ${config.baseUrl}/sign-in as any of:`);
  for (const email of demo.emails) console.log(`  ${email}`);
  console.log(`with the password: ${demo.password}\n`);
}

export interface InstanceOptions {
  /** True in a cluster worker: the primary has prepared the database and prints the banner. */
  worker: boolean;
  /** Said in the banner of a single process, e.g. why there is only one. */
  note?: string;
}

export async function runInstance(config: Config, options: InstanceOptions): Promise<void> {
  const prepared = options.worker
    ? { db: await openDatabase({ databaseUrl: config.databaseUrl }) }
    : await prepare(config);
  const { db } = prepared;
  const mailer = createMailer(config, {
    info: (obj, msg) => console.log(msg, JSON.stringify(obj)),
  });
  const jobs = createJobQueue({ db, databaseUrl: config.databaseUrl, mailer, config });
  const app = await createApp({ config, db, mailer, jobs });

  let stopping = false;
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    const began = Date.now();
    setTimeout(() => {
      app.log.error({ why }, `stop took over ${SHUTDOWN_TIMEOUT_MS / 1000} s: exiting now`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    app.log.info({ why }, 'stopping: finishing the requests in hand');
    try {
      // No new connections; requests in hand finish. A keep-alive connection is closed as
      // soon as it is idle (Node closes only those idle at the moment of the stop).
      const idle = setInterval(() => app.server.closeIdleConnections(), 100);
      await app.close();
      clearInterval(idle);
      await jobs.stop(Math.max(1000, SHUTDOWN_TIMEOUT_MS - (Date.now() - began) - 1000));
      await db.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'could not stop cleanly');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // A worker whose primary has gone stops too.
  if (options.worker) process.once('disconnect', () => void shutdown('primary gone'));

  await jobs.start({ log: app.log });
  await app.listen({ port: config.port, host: config.host });
  if (options.worker) {
    process.send?.({ type: 'ready' });
    return;
  }
  const note = options.note === undefined ? '' : `; ${options.note}`;
  console.log(
    `\nOne Children's Workforce is running at ${config.baseUrl} (database: ${describeDatabase(config)}${note})`,
  );
  printDemo(config, 'demo' in prepared ? prepared.demo : undefined);
}
