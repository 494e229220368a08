import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ParsedImport } from './import.ts';
import { checkImport, type CheckTask } from './parse-worker.ts';

// Where answers files are checked: a small pool of worker threads, so that reading and
// checking 170,000 rows never stalls the requests of other people; small files (a paste, a
// few hundred rows) are checked on the spot, as starting a thread costs more than they do.
// The pool starts with the first large file and is closed with the app.

const WORKER = new URL('./parse-worker.ts', import.meta.url).href;

export interface CheckerOptions {
  /** Threads at most; default: one fewer than the machine's cores, 1 to 2. */
  maxThreads?: number;
  /** Files smaller than this (bytes or characters) are checked without a thread. */
  inlineBelow?: number;
}

export interface Checker {
  check(task: CheckTask): Promise<ParsedImport>;
  close(): Promise<void>;
}

function sizeOf(task: CheckTask): number {
  return task.source.kind === 'csv' ? task.source.text.length : task.source.bytes.byteLength;
}

export function createChecker(options: CheckerOptions = {}): Checker {
  const maxThreads = options.maxThreads ?? Math.min(2, Math.max(1, availableParallelism() - 1));
  const inlineBelow = options.inlineBelow ?? 256 * 1024;
  let pool: Piscina<CheckTask, ParsedImport> | undefined;
  let closed = false;
  return {
    check(task) {
      if (sizeOf(task) < inlineBelow) return checkImport(task);
      if (closed) return Promise.reject(new Error('The import checker is closed'));
      pool ??= new Piscina<CheckTask, ParsedImport>({
        filename: WORKER,
        minThreads: 0,
        maxThreads,
        idleTimeout: 60_000,
        // The worker is TypeScript, loaded through tsx as the app is.
        execArgv: ['--import', 'tsx'],
      });
      return pool.run(task);
    },
    async close() {
      closed = true;
      await pool?.destroy();
    },
  };
}
