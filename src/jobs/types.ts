import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Mailer } from '../mail.ts';
import type { JobData, JobName } from './data.ts';

// What every job queue offers (pg-boss on PostgreSQL, the in-process runner on PGlite),
// what it is made from, and what a job runs with.

export interface JobLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What a job may use: the database, the mailer, the site's address and secret. */
export interface JobContext {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'baseUrl' | 'sessionSecret'>;
  log: JobLog;
}

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
