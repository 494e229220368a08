import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { JobQueue } from './jobs/types.ts';
import type { Mailer } from './mail.ts';
import type { LogStream } from './web/logging.ts';

/** What the application is built from: set up by the process (or a test) and handed in. */
export interface Deps {
  config: Config;
  db: Database;
  mailer: Mailer;
  /** Where the log goes instead of standard output (tests read it). */
  logStream?: LogStream;
  /** Tests only: false switches the input guard off, to show what it protects against. */
  inputGuard?: boolean;
  /** The job queue, when the server runs one; without it, mail goes out in the request. */
  jobs?: JobQueue;
}
