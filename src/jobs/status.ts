import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.ts';
import { JOB_NAMES, JOBS } from './definitions.ts';
import { PGBOSS_SCHEMA } from './pg-boss.ts';

// What the operator command `jobs` shows: every job, its schedule, how many of its jobs
// are in each state, and its last runs. Read from pg-boss's tables on PostgreSQL and from
// the in-process runner's on PGlite.

export const STATES = ['created', 'retry', 'active', 'completed', 'failed', 'cancelled'] as const;
export type JobState = (typeof STATES)[number];

export interface Run {
  state: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  outcome: string | null;
}

export interface JobReport {
  name: string;
  description: string;
  /** As set in the queue (pg-boss) or the definition (in-process); null if not scheduled. */
  schedule: string | null;
  counts: Record<JobState, number>;
  /** Newest first. */
  lastRuns: Run[];
}

export interface JobsReport {
  runner: 'pg-boss' | 'in-process';
  /** False when pg-boss has not yet made its tables (no server has started). */
  installed: boolean;
  jobs: JobReport[];
}

interface CountRow {
  name: string;
  state: string;
  n: number;
}

interface RunRow {
  name: string;
  state: string;
  started: Date | string | null;
  finished: Date | string | null;
  outcome: string | null;
}

const LAST_RUNS = 3;

function asDate(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}

function assemble(
  runner: JobsReport['runner'],
  counts: CountRow[],
  runs: RunRow[],
  schedules: Map<string, string>,
): JobsReport {
  const jobs = JOB_NAMES.map((name): JobReport => {
    const job = JOBS[name];
    const byState = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<JobState, number>;
    for (const c of counts)
      if (c.name === name && (STATES as readonly string[]).includes(c.state))
        byState[c.state as JobState] += c.n;
    const scheduled =
      'schedule' in job && job.schedule !== undefined
        ? `${job.schedule.label} (${schedules.get(name) ?? job.schedule.cron})`
        : null;
    return {
      name,
      description: job.description,
      schedule: scheduled,
      counts: byState,
      lastRuns: runs
        .filter((r) => r.name === name)
        .slice(0, LAST_RUNS)
        .map((r) => ({
          state: r.state,
          startedAt: asDate(r.started),
          finishedAt: asDate(r.finished),
          outcome: r.outcome,
        })),
    };
  });
  return { runner, installed: true, jobs };
}

async function pgBossReport(db: Database): Promise<JobsReport> {
  const s = sql.raw(PGBOSS_SCHEMA);
  const [found] = await queryRows<{ installed: boolean }>(
    db.raw,
    sql`select to_regclass(${`${PGBOSS_SCHEMA}.job`}) is not null
           and to_regclass(${`${PGBOSS_SCHEMA}.archive`}) is not null as installed`,
  );
  if (found?.installed !== true)
    return { ...assemble('pg-boss', [], [], new Map()), installed: false };
  const names = sql.join(
    JOB_NAMES.map((n) => sql`${n}`),
    sql`, `,
  );
  const counts = await queryRows<CountRow>(
    db.raw,
    sql`select name, state::text as state, count(*)::int as n
        from (select name, state from ${s}.job where name in (${names})
              union all select name, state from ${s}.archive where name in (${names})) all_jobs
        group by name, state`,
  );
  const runs = await queryRows<RunRow>(
    db.raw,
    sql`select name, state, started, finished, outcome from (
          select name, state::text as state, started_on as started, completed_on as finished,
                 coalesce(output->>'outcome', output->>'message') as outcome,
                 row_number() over (partition by name order by coalesce(completed_on, started_on) desc) as place
          from (select name, state, started_on, completed_on, output from ${s}.job
                union all
                select name, state, started_on, completed_on, output from ${s}.archive) all_jobs
          where name in (${names}) and started_on is not null) ranked
        where place <= ${LAST_RUNS}
        order by name, place`,
  );
  const schedules = await queryRows<{ name: string; cron: string; timezone: string | null }>(
    db.raw,
    sql`select name, cron, timezone from ${s}.schedule`,
  );
  return assemble(
    'pg-boss',
    counts,
    runs,
    new Map(schedules.map((r) => [r.name, `${r.cron}${r.timezone ? ` ${r.timezone}` : ''}`])),
  );
}

async function inProcessReport(db: Database): Promise<JobsReport> {
  const counts = await queryRows<CountRow>(
    db.raw,
    sql`select name, state, count(*)::int as n from ocw_jobs.runs group by name, state`,
  );
  const runs = await queryRows<RunRow>(
    db.raw,
    sql`select name, state, started, finished, outcome from (
          select name, state, started_at as started, finished_at as finished, outcome,
                 row_number() over (partition by name order by coalesce(finished_at, started_at) desc) as place
          from ocw_jobs.runs where started_at is not null) ranked
        where place <= ${LAST_RUNS}
        order by name, place`,
  );
  const schedules = new Map<string, string>();
  for (const name of JOB_NAMES) {
    const schedule = JOBS[name].schedule;
    if (schedule !== undefined) schedules.set(name, `every ${schedule.everyMs / 60_000} minutes`);
  }
  return assemble('in-process', counts, runs, schedules);
}

export function jobsReport(db: Database): Promise<JobsReport> {
  return db.kind === 'postgres' ? pgBossReport(db) : inProcessReport(db);
}

function when(date: Date | null): string {
  return date === null ? '–' : date.toISOString().replace('T', ' ').slice(0, 19);
}

/** The report as lines for the terminal. */
export function formatJobsReport(report: JobsReport): string[] {
  const lines = [
    report.runner === 'pg-boss'
      ? 'Jobs run on pg-boss (PostgreSQL): each job runs once, however many instances run.'
      : 'Jobs run in the application process (PGlite: one process).',
  ];
  if (!report.installed)
    lines.push('pg-boss has not made its tables yet: no server has started on this database.');
  for (const job of report.jobs) {
    const c = job.counts;
    lines.push(
      '',
      `${job.name}  ${job.schedule ?? 'when asked'}`,
      `  ${job.description}`,
      `  waiting ${c.created}, retrying ${c.retry}, running ${c.active}, done ${c.completed}, failed ${c.failed}${c.cancelled > 0 ? `, cancelled ${c.cancelled}` : ''}`,
    );
    if (job.lastRuns.length === 0) lines.push('  no runs yet');
    for (const run of job.lastRuns)
      lines.push(
        `  ${when(run.startedAt)} UTC  ${run.state.padEnd(9)}${run.outcome === null ? '' : `  ${run.outcome}`}`,
      );
  }
  return lines;
}
