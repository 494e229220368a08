import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Config } from './config.ts';
import { describeDatabase, prepare, printDemo, SHUTDOWN_TIMEOUT_MS } from './instance.ts';

// Several worker processes on one PostgreSQL database (WEB_CONCURRENCY, default one per
// core). The primary migrates and seeds once, forks the workers (which share the port),
// starts another when one dies, and passes a stop on to them. PGlite is one process.

/** How many processes serve: one on PGlite, else WEB_CONCURRENCY or one per core. */
export function workerCount(config: Pick<Config, 'databaseUrl' | 'webConcurrency'>): number {
  if (config.databaseUrl === undefined) return 1;
  return config.webConcurrency ?? availableParallelism();
}

/** A worker that dies sooner than this after starting counts as failing to start. */
const QUICK_DEATH_MS = 10_000;
/** After this many quick deaths in a row the primary stops: something is wrong. */
const MAX_QUICK_DEATHS = 5;

export async function runPrimary(config: Config, count: number): Promise<void> {
  const { db, demo } = await prepare(config);
  await db.close();

  const started = new Map<Worker, number>();
  // Changed from event handlers: kept in one object so that every handler sees the same.
  const state = { stopping: false, quickDeaths: 0, unclean: false };

  const fork = () => started.set(cluster.fork(), Date.now());

  const ready = new Promise<void>((resolve) => {
    let readyCount = 0;
    cluster.on('message', (_worker, message: unknown) => {
      if ((message as { type?: unknown } | null)?.type === 'ready' && ++readyCount === count)
        resolve();
    });
  });

  cluster.on('exit', (worker, code, signal) => {
    const since = Date.now() - (started.get(worker) ?? 0);
    started.delete(worker);
    if (state.stopping) {
      // Exiting on the signal itself is fine too: a worker still starting has no handler yet.
      const signalled = (signal as string | null) === 'SIGTERM' || signal === 'SIGINT';
      if (code !== 0 && !signalled) state.unclean = true;
      return;
    }
    state.quickDeaths = since < QUICK_DEATH_MS ? state.quickDeaths + 1 : 0;
    // Node's types say a string, but it is null when the worker exited by itself.
    const killedBy = signal as string | null;
    const how = killedBy === null ? `exit code ${code}` : `signal ${killedBy}`;
    if (state.quickDeaths >= MAX_QUICK_DEATHS) {
      console.error(
        `Worker ${worker.process.pid} stopped (${how}); ${state.quickDeaths} workers in a row died on starting, so the server stops.`,
      );
      void stop(1);
      return;
    }
    const delay = Math.min(30_000, 500 * 2 ** state.quickDeaths);
    console.error(
      `Worker ${worker.process.pid} stopped (${how}); starting another in ${delay / 1000} s.`,
    );
    setTimeout(() => {
      if (!state.stopping) fork();
    }, delay).unref();
  });

  const stop = async (exitCode: number) => {
    if (state.stopping) return;
    state.stopping = true;
    for (const worker of started.keys()) worker.process.kill('SIGTERM');
    const deadline = Date.now() + SHUTDOWN_TIMEOUT_MS + 2000;
    while (started.size > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    for (const worker of started.keys()) worker.process.kill('SIGKILL');
    // A worker that had to be cut short makes the whole stop unclean.
    process.exit(started.size > 0 || state.unclean ? 1 : exitCode);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  for (let i = 0; i < count; i++) fork();
  await ready;
  console.log(
    `\nOne Children's Workforce is running at ${config.baseUrl} (database: ${describeDatabase(config)}; ${count} worker processes, primary ${process.pid})`,
  );
  printDemo(config, demo);
}
