import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import { isJobName, JOB_NAMES, JOBS, runJob, type JobLog } from './definitions.ts';
import { within, type JobQueue, type QueueSettings } from './queue.ts';

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

export function createInProcessQueue(settings: QueueSettings): JobQueue {
  const { db } = settings;
  const timers: NodeJS.Timeout[] = [];
  let log: JobLog | undefined;
  /** Set from several places (enqueue, timers, stop), read by the loop. */
  const flags = { working: false, stopping: false, again: false };
  /** The loop that runs jobs while there are any due; undefined when idle. */
  let loop: Promise<void> | undefined;

  async function claim(): Promise<Claimed | undefined> {
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

  async function finish(job: Claimed, outcome: string) {
    await db.raw.execute(
      sql`update ocw_jobs.runs set state = 'completed', finished_at = now(), outcome = ${outcome}
          where id = ${job.id}`,
    );
  }

  async function fail(job: Claimed, error: unknown) {
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

  async function runOne(job: Claimed, jobLog: JobLog) {
    try {
      if (!isJobName(job.name)) throw new Error(`No job is called ${job.name}`);
      const outcome = await runJob({ ...settings, log: jobLog }, job.name, job.data);
      await finish(job, outcome);
      jobLog.info({ job: job.name, id: job.id, outcome }, 'job done');
    } catch (error) {
      jobLog.error({ err: error, job: job.name, id: job.id }, 'job failed');
      await fail(job, error);
    }
  }

  async function drain() {
    for (;;) {
      if (flags.stopping || log === undefined) return;
      const job = await claim();
      if (job === undefined) return;
      await runOne(job, log);
    }
  }

  /** Starts the loop unless it is running, in which case it looks again when done. */
  function kick() {
    if (!flags.working || flags.stopping) return;
    if (loop !== undefined) {
      flags.again = true;
      return;
    }
    flags.again = false;
    loop = drain()
      .catch((error: unknown) => log?.error({ err: error }, 'job runner error'))
      .finally(() => {
        loop = undefined;
        if (flags.again) kick();
      });
  }

  async function insert(name: string, data: unknown, singletonKey: string | null) {
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
  async function prune() {
    await db.raw.execute(
      sql`delete from ocw_jobs.runs where state in ('completed', 'failed')
          and finished_at < now() - make_interval(days => ${KEEP_DAYS})`,
    );
  }

  return {
    kind: 'in-process',

    async start(options) {
      log = options.log;
      flags.stopping = false;
      // One process only: a run left active was cut off when the process last stopped.
      await db.raw.execute(
        sql`update ocw_jobs.runs set state = 'retry', outcome = 'cut off by a stop'
            where state = 'active'`,
      );
      await prune();
      for (const name of JOB_NAMES) {
        const schedule = JOBS[name].schedule;
        if (schedule === undefined) continue;
        const send = () =>
          prune()
            .then(() => insert(name, {}, 'schedule'))
            .then(kick)
            .catch((error: unknown) => log?.error({ err: error, job: name }, 'could not queue'));
        await send();
        timers.push(setInterval(() => void send(), schedule.everyMs).unref());
      }
      if (options.work === false) return;
      flags.working = true;
      // Retries fall due by the clock, not by an enqueue.
      timers.push(setInterval(kick, (settings.pollingSeconds ?? 5) * 1000).unref());
      kick();
    },

    async enqueue(name, data, options = {}) {
      const added = await insert(name, data, options.singletonKey ?? null);
      if (added) kick();
      return added;
    },

    async stop(timeoutMs = 8000) {
      flags.stopping = true;
      flags.working = false;
      for (const timer of timers.splice(0)) clearInterval(timer);
      if (loop !== undefined && !(await within(timeoutMs, loop)))
        log?.warn({}, 'a job was still running at the stop; it runs again at the next start');
    },
  };
}
