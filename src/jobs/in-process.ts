import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.ts';
import { isJobName, JOB_NAMES, JOBS, runJob } from './definitions.ts';
import type { JobLog, JobQueue, QueueSettings, StartOptions } from './types.ts';

// The job runner for PGlite, where the application is one process: jobs wait in
// ocw_jobs.runs and run one at a time in this process, with the same retries and
// singleton keys as on pg-boss. Jobs still waiting (or cut off by a stop) when the
// process ends run when it starts again. Finished runs stay a month, for `ocw jobs`.

interface Claimed {
  id: string;
  name: string;
  data: unknown;
  attempts: number;
}

const KEEP_DAYS = 30;

// ---- The runs table ----

/** Takes the next run that is due, marking it active. */
async function claim(db: Database): Promise<Claimed | undefined> {
  const [row] = await queryRows<Claimed>(
    db.raw,
    sql`update ocw_jobs.runs set state = 'active', started_at = now(), attempts = attempts + 1
        where id = (select id from ocw_jobs.runs
                    where state in ('created', 'retry') and start_after <= now()
                    order by start_after, created_at limit 1)
        returning id, name, data, attempts`,
  );
  return row;
}

async function finish(db: Database, job: Claimed, outcome: string) {
  await db.raw.execute(
    sql`update ocw_jobs.runs set state = 'completed', finished_at = now(), outcome = ${outcome}
        where id = ${job.id}`,
  );
}

/** A failed run waits for its retry (the delay doubling each time), or has failed for good. */
async function fail(db: Database, job: Claimed, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  const definition = isJobName(job.name) ? JOBS[job.name] : undefined;
  const retries = definition?.retryLimit ?? 0;
  if (job.attempts <= retries) {
    const delay = (definition?.retryDelaySeconds ?? 60) * 2 ** (job.attempts - 1);
    await db.raw.execute(
      sql`update ocw_jobs.runs set state = 'retry', outcome = ${message},
            start_after = now() + make_interval(secs => ${delay})
          where id = ${job.id}`,
    );
  } else {
    await db.raw.execute(
      sql`update ocw_jobs.runs set state = 'failed', finished_at = now(), outcome = ${message}
          where id = ${job.id}`,
    );
  }
}

/** Queues a run; false when one with the same singleton key was already waiting. */
async function insert(db: Database, name: string, data: unknown, singletonKey: string | null) {
  const rows = await queryRows<{ id: string }>(
    db.raw,
    sql`insert into ocw_jobs.runs (name, data, singleton_key)
        values (${name}, ${JSON.stringify(data)}::jsonb, ${singletonKey})
        on conflict (name, singleton_key)
          where singleton_key is not null and state = 'created'
          do nothing
        returning id`,
  );
  return rows.length === 1;
}

/** Forgets finished runs older than KEEP_DAYS. */
async function prune(db: Database) {
  await db.raw.execute(
    sql`delete from ocw_jobs.runs where state in ('completed', 'failed')
        and finished_at < now() - make_interval(days => ${KEEP_DAYS})`,
  );
}

/** Waits for a promise, but no longer than ms; true if it settled in time. */
async function within(ms: number, promise: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---- The runner ----

/** Runs the due jobs one at a time, in a loop started by kick() whenever there may be one. */
function createRunner(settings: QueueSettings) {
  const { db } = settings;
  const state = {
    log: undefined as JobLog | undefined,
    /** Set from several places (enqueue, timers, stop), read by the loop. */
    working: false,
    stopping: false,
    again: false,
    /** The loop that runs jobs while there are any due; undefined when idle. */
    loop: undefined as Promise<void> | undefined,
  };

  async function runOne(job: Claimed, jobLog: JobLog) {
    try {
      if (!isJobName(job.name)) throw new Error(`No job is called ${job.name}`);
      const outcome = await runJob({ ...settings, log: jobLog }, job.name, job.data);
      await finish(db, job, outcome);
      jobLog.info({ job: job.name, id: job.id, outcome }, 'job done');
    } catch (error) {
      jobLog.error({ err: error, job: job.name, id: job.id }, 'job failed');
      await fail(db, job, error);
    }
  }

  async function drain() {
    for (;;) {
      if (state.stopping || state.log === undefined) return;
      const job = await claim(db);
      if (job === undefined) return;
      await runOne(job, state.log);
    }
  }

  /** Starts the loop unless it is running, in which case it looks again when done. */
  function kick() {
    if (!state.working || state.stopping) return;
    if (state.loop !== undefined) {
      state.again = true;
      return;
    }
    state.again = false;
    state.loop = drain()
      .catch((error: unknown) => state.log?.error({ err: error }, 'job runner error'))
      .finally(() => {
        state.loop = undefined;
        if (state.again) kick();
      });
  }

  return { state, kick };
}

type Runner = ReturnType<typeof createRunner>;

/** Queues each scheduled job now and then every period (with a prune of old runs). */
async function schedule(db: Database, runner: Runner, timers: NodeJS.Timeout[]) {
  for (const name of JOB_NAMES) {
    const every = JOBS[name].schedule;
    if (every === undefined) continue;
    const send = () =>
      prune(db)
        .then(() => insert(db, name, {}, 'schedule'))
        .then(runner.kick)
        .catch((error: unknown) =>
          runner.state.log?.error({ err: error, job: name }, 'could not queue'),
        );
    await send();
    timers.push(setInterval(() => void send(), every.everyMs).unref());
  }
}

export function createInProcessQueue(settings: QueueSettings): JobQueue {
  const { db } = settings;
  const timers: NodeJS.Timeout[] = [];
  const runner = createRunner(settings);
  const { state, kick } = runner;

  async function start(options: StartOptions) {
    state.log = options.log;
    state.stopping = false;
    // One process only: a run left active was cut off when the process last stopped.
    await db.raw.execute(
      sql`update ocw_jobs.runs set state = 'retry', outcome = 'cut off by a stop'
          where state = 'active'`,
    );
    await prune(db);
    await schedule(db, runner, timers);
    if (options.work === false) return;
    state.working = true;
    // Retries fall due by the clock, not by an enqueue.
    timers.push(setInterval(kick, (settings.pollingSeconds ?? 5) * 1000).unref());
    kick();
  }

  return {
    kind: 'in-process',
    start,

    async enqueue(name, data, options = {}) {
      const added = await insert(db, name, data, options.singletonKey ?? null);
      if (added) kick();
      return added;
    },

    async stop(timeoutMs = 8000) {
      state.stopping = true;
      state.working = false;
      for (const timer of timers.splice(0)) clearInterval(timer);
      if (state.loop !== undefined && !(await within(timeoutMs, state.loop)))
        state.log?.warn({}, 'a job was still running at the stop; it runs again at the next start');
    },
  };
}
