import type { Database } from '../db/client.ts';
import type { JobContext, JobData, JobLog, JobName } from './definitions.ts';
import { createInProcessQueue } from './in-process.ts';
import { createPgBossQueue } from './pg-boss.ts';

// The job queue: pg-boss on PostgreSQL, where every instance of the application shares
// one queue and each job runs once however many instances there are; on PGlite (one
// process) a small runner in that process, with the same interface and its queue and
// history in the database too.

export interface EnqueueOptions {
  /**
   * At most one job with this key waits at a time: enqueueing it again while one waits
   * (a double click, or the same request on another instance) adds nothing. One that
   * failed and waits for its retry does not count: asking again tries again now.
   */
  singletonKey?: string;
}

export interface StartOptions {
  log: JobLog;
  /** Run jobs in this process (default); false only queues and schedules them. */
  work?: boolean;
}

export interface JobQueue {
  readonly kind: 'pg-boss' | 'in-process';
  /** Queues a job; false when one with the same singleton key was already waiting. */
  enqueue<N extends JobName>(name: N, data: JobData<N>, options?: EnqueueOptions): Promise<boolean>;
  /** Creates the queues and schedules, then (unless told not to) starts working them. */
  start(options: StartOptions): Promise<void>;
  /** Takes no more jobs, lets a running one finish (up to timeoutMs), then closes. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface QueueSettings {
  db: Database;
  /** PostgreSQL's address; needed (and used by pg-boss) when db is PostgreSQL. */
  databaseUrl?: string | undefined;
  mailer: JobContext['mailer'];
  config: JobContext['config'];
  /** How often an idle worker looks for new jobs (default 2 s). */
  pollingSeconds?: number;
}

export function createJobQueue(settings: QueueSettings): JobQueue {
  if (settings.db.kind === 'pglite') return createInProcessQueue(settings);
  if (settings.databaseUrl === undefined)
    throw new Error('The job queue on PostgreSQL needs the database address');
  return createPgBossQueue({ ...settings, databaseUrl: settings.databaseUrl });
}

/** A singleton key shared by every request that should make the same job. */
export function mailingKey(questionnaireId: string, kind: 'sent' | 'reminded'): string {
  return `${questionnaireId}:${kind}`;
}

/** Waits for a promise, but no longer than ms; true if it settled in time. */
export async function within(ms: number, promise: Promise<unknown>): Promise<boolean> {
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
