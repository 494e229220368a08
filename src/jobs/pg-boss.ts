import PgBoss from 'pg-boss';
import { LOCKS, withAdvisoryLock } from '../db/advisory-lock.ts';
import { JOB_NAMES, JOBS, runJob } from './definitions.ts';
import type { JobLog, JobQueue, QueueSettings, StartOptions } from './types.ts';

// Jobs on pg-boss (PostgreSQL). Every instance creates the queues and schedules (both are
// idempotent), and every instance works them: pg-boss hands each job to one worker only,
// and a schedule sends one job per minute however many instances keep its clock. Each
// queue is "stately": at most one job waits and one runs per singleton key.

export const PGBOSS_SCHEMA = 'pgboss';

/** Connections pg-boss keeps per instance, on top of the application's pool. */
export const PGBOSS_POOL = 2;

/** Creates the queues and schedules (pg-boss makes its tables on first use). */
async function prepare(boss: PgBoss) {
  for (const name of JOB_NAMES) {
    const job = JOBS[name];
    const queue = {
      name,
      policy: 'stately' as const,
      retryLimit: job.retryLimit,
      retryDelay: job.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: job.expireInSeconds,
    };
    await boss.createQueue(name, queue);
    await boss.updateQueue(name, queue);
    if (job.schedule !== undefined) {
      await boss.schedule(name, job.schedule.cron, {}, { tz: 'UTC' });
      // And once as the instances start (one for all that start within five minutes).
      await boss.send(name, {}, { singletonKey: 'on-start', singletonSeconds: 300 });
    }
  }
}

/** Works every queue in this process, one job at a time per queue. */
async function work(boss: PgBoss, settings: QueueSettings, options: StartOptions) {
  const polling = { pollingIntervalSeconds: settings.pollingSeconds ?? 2, batchSize: 1 };
  for (const name of JOB_NAMES)
    await boss.work(name, polling, async (jobs) => {
      for (const job of jobs) {
        const ctx = { ...settings, log: options.log };
        try {
          const outcome = await runJob(ctx, name, job.data);
          options.log.info({ job: name, id: job.id, outcome }, 'job done');
          return { outcome };
        } catch (error) {
          options.log.error({ err: error, job: name, id: job.id }, 'job failed');
          throw error;
        }
      }
      return undefined;
    });
}

export function createPgBossQueue(settings: QueueSettings & { databaseUrl: string }): JobQueue {
  const boss = new PgBoss({
    connectionString: settings.databaseUrl,
    schema: PGBOSS_SCHEMA,
    max: PGBOSS_POOL,
    application_name: 'ocw-jobs',
    // Finished jobs are kept for the operator command for a week, then deleted.
    archiveCompletedAfterSeconds: 7 * 24 * 3600,
    archiveFailedAfterSeconds: 7 * 24 * 3600,
    deleteAfterDays: 30,
  });
  let log: JobLog | undefined;
  let started = false;
  const onError = (error: Error) => log?.error({ err: error }, 'job queue error');
  boss.on('error', onError);

  return {
    kind: 'pg-boss',

    async start(options) {
      log = options.log;
      // Instances starting together would deadlock making pg-boss's tables and queues:
      // they take turns (see db/advisory-lock.ts), the first doing the work.
      await withAdvisoryLock(settings.databaseUrl, LOCKS.jobs, async () => {
        await boss.start();
        started = true;
        await prepare(boss);
      });
      if (options.work === false) return;
      await work(boss, settings, options);
    },

    async enqueue(name, data, options = {}) {
      const id = await boss.send(name, data as object, {
        ...(options.singletonKey === undefined ? {} : { singletonKey: options.singletonKey }),
      });
      return id !== null;
    },

    async stop(timeoutMs = 8000) {
      if (!started) return;
      started = false;
      // Graceful: the workers finish the jobs they hold (up to the timeout; one still
      // running then is failed, to be retried), then pg-boss closes its pool.
      await boss.stop({ graceful: true, wait: true, close: true, timeout: timeoutMs });
      boss.off('error', onError);
    },
  };
}
