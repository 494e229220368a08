import { createInProcessQueue } from './in-process.ts';
import { createPgBossQueue } from './pg-boss.ts';
import type { JobQueue, QueueSettings } from './types.ts';

// The job queue: pg-boss on PostgreSQL, where every instance of the application shares
// one queue and each job runs once however many instances there are; on PGlite (one
// process) a small runner in that process, with the same interface and its queue and
// history in the database too.

export function createJobQueue(settings: QueueSettings): JobQueue {
  if (settings.db.kind === 'pglite') return createInProcessQueue(settings);
  if (settings.databaseUrl === undefined)
    throw new Error('The job queue on PostgreSQL needs the database address');
  return createPgBossQueue({ ...settings, databaseUrl: settings.databaseUrl });
}
