import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { createChecker, type Checker, type CheckerOptions } from './checker.ts';
import { runImport, type ImportOutcome, type ImportRequest } from './service.ts';

// Imports as the app runs them: checked in the worker pool, and for the upload page also
// as a task that outlives its request, so that a large file shows its progress on a page
// that refreshes itself. Tasks live in this process's memory for an hour after they end
// (a status page is for the person watching; the audit log is the lasting record).

export interface TaskForm {
  field: 'file' | 'csv';
  pasted: string;
}

export type ImportPhase = 'checking' | 'saving' | 'done';

export interface ImportTask {
  id: string;
  trustId: string;
  roundId: string;
  /** Who started it: only they see its progress. */
  userId: string | null;
  phase: ImportPhase;
  /** Rows checked so far and rows in the file (0 until the file has been read). */
  checked: number;
  total: number;
  outcome: ImportOutcome | undefined;
  /** What the form needs to show the problems again: which field, and what was pasted. */
  form: TaskForm;
  /** Settles when the task ends (never rejects: a failure is kept as `error`). */
  finished: Promise<void>;
  error: unknown;
}

const KEEP_MS = 60 * 60 * 1000;

// A task's id starts with the time it began (base 36), so that a process which does not
// hold the task can still tell a recent one from an old or made-up one.
const TASK_ID =
  /^([0-9a-z]{8,10})-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function newTaskId(): string {
  return `${Date.now().toString(36)}-${randomUUID()}`;
}

/** Whether an id could be a task begun within the hour (by this process or another). */
export function isRecentTaskId(id: string, now = Date.now()): boolean {
  const began = TASK_ID.exec(id)?.[1];
  if (began === undefined) return false;
  const age = now - parseInt(began, 36);
  return age >= -60_000 && age < KEEP_MS;
}
const MAX_TASKS = 200;

export interface ResponseImports {
  /** Imports a file and answers when it is done (the API). */
  run(request: ImportRequest): Promise<ImportOutcome>;
  /** Starts an import as a task of its own (the upload page). */
  start(request: ImportRequest, form: TaskForm): ImportTask;
  /** How long the upload page waits for a task before showing its progress instead. */
  answerWithinMs: number;
  /** A task of this trust and round, or undefined. */
  task(id: string, trustId: string, roundId: string): ImportTask | undefined;
  close(): Promise<void>;
}

interface Running {
  task: Omit<ImportTask, 'checked' | 'total'>;
  progress: Int32Array;
  endedAt: number | undefined;
}

/** Forgets tasks ended over an hour ago; past the cap the oldest ended tasks go first. */
function prune(tasks: Map<string, Running>) {
  const now = Date.now();
  for (const [id, t] of tasks)
    if (t.endedAt !== undefined && now - t.endedAt > KEEP_MS) tasks.delete(id);
  for (const [id, t] of tasks) {
    if (tasks.size <= MAX_TASKS) break;
    if (t.endedAt !== undefined) tasks.delete(id);
  }
}

const view = (running: Running): ImportTask => ({
  ...running.task,
  checked: Atomics.load(running.progress, 0),
  total: Atomics.load(running.progress, 1),
});

/** Starts the import; the task follows its phases and keeps its outcome (or error). */
function startTask(db: Database, checker: Checker, request: ImportRequest, form: TaskForm) {
  const progress = new Int32Array(new SharedArrayBuffer(8));
  const running: Running = {
    progress,
    endedAt: undefined,
    task: {
      id: newTaskId(),
      trustId: request.trustId,
      roundId: request.roundId,
      userId: request.actor.userId,
      phase: 'checking',
      outcome: undefined,
      form,
      error: undefined,
      finished: Promise.resolve(),
    },
  };
  const end = () => {
    running.task.phase = 'done';
    running.endedAt = Date.now();
  };
  running.task.finished = runImport(db, request, {
    check: (task) => checker.check(task),
    progress,
    taskId: running.task.id,
    saving: () => {
      running.task.phase = 'saving';
    },
  }).then(
    (outcome) => {
      running.task.outcome = outcome;
      // What was pasted is kept only to be shown again with its problems.
      if (outcome.ok) running.task.form = { ...running.task.form, pasted: '' };
      end();
    },
    (error: unknown) => {
      running.task.error = error;
      end();
    },
  );
  return running;
}

export function createResponseImports(db: Database, options: CheckerOptions = {}): ResponseImports {
  const checker: Checker = createChecker(options);
  const tasks = new Map<string, Running>();
  return {
    run: (request) => runImport(db, request, { check: (task) => checker.check(task) }),
    answerWithinMs: 2000,
    start(request, form) {
      prune(tasks);
      const running = startTask(db, checker, request, form);
      tasks.set(running.task.id, running);
      return view(running);
    },
    task(id, trustId, roundId) {
      const running = tasks.get(id);
      if (running === undefined) return undefined;
      if (running.task.trustId !== trustId || running.task.roundId !== roundId) return undefined;
      return view(running);
    },
    async close() {
      await Promise.all([...tasks.values()].map((t) => t.task.finished));
      await checker.close();
    },
  };
}
