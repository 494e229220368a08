// How the server scales with worker processes: `npx tsx bench/processes.ts`.
//
// For each worker count (WEB_CONCURRENCY 1, then 2; BENCH_WORKERS=1,2,4 to choose), in one run:
// a fresh PostgreSQL database (DATABASE_URL names the server, as in bench/submit.ts), a
// questionnaire of about 40 items with an open link, the real server started in its own
// process with that many workers (NODE_ENV=production, LOG_LEVEL=warn), a short warm-up, then
// 50 simulated respondents, each with its own cookies, answering the whole questionnaire
// (start page to thank-you page, every step a GET and its form a POST answered by a 303, as
// bench/flow.ts walks it), over and over for a fixed time. Prints finished questionnaires per
// second at each count, the ratio to one worker (goal ≥ 1.6× at two) and whether the
// responses stored equal the submissions acknowledged. The databases are dropped at the end.
//
// Options (environment): BENCH_SECONDS (default 20), BENCH_USERS (default 50), BENCH_WORKERS
// (default 1,2). The machine's cores are shared by the server's workers, PostgreSQL and this
// client: quote the ratio from one run, and the machine it ran on. To tell a busy machine
// from a server that does not scale, each count also shows the server's CPU time per
// questionnaire, how many cores it kept busy, and the machine's load average.

import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.ts';
import { newStats, respond, setUpQuestionnaire, stored, type BenchQuestionnaire } from './flow.ts';
import { freePort, freshDatabase, percentile, runFor, startApp, stopApp } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const USERS = Number(process.env.BENCH_USERS ?? 50);
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);

/** CPU seconds used so far by a process and its descendants (Linux /proc; 0 elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = (Number(fields[11]) + Number(fields[12])) / 100;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter((c) => c !== '')
      .map(Number);
    return own + children.reduce((sum, child) => sum + cpuSeconds(child), 0);
  } catch {
    return 0;
  }
}

interface Result {
  workers: number;
  questionnairesPerSecond: number;
  /** The server's processes' CPU time per finished questionnaire. */
  serverCpuMsPerQuestionnaire: number;
  /** Cores the server's processes kept busy on average (of the machine's). */
  serverCores: number;
  /** PostgreSQL's CPU time per questionnaire, in the connections to this database. */
  databaseCpuMsPerQuestionnaire: number;
  /** Cores this client (the simulated respondents) kept busy. */
  clientCores: number;
  /** The machine's 1-minute load average as the timed phase ended. */
  loadAverage: number;
  requestsPerSecond: number;
  submitP95Ms: number;
  failedRespondents: number;
  acknowledged: number;
  stored: number;
  storedEqualsAcknowledged: boolean;
}

/** CPU seconds so far of each PostgreSQL backend connected to the benchmark's database. */
async function databaseCpu(q: BenchQuestionnaire): Promise<Map<number, number>> {
  const rows = await queryRows<{ pid: number }>(
    q.db.raw,
    sql`select pid from pg_stat_activity where datname = current_database()`,
  );
  return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
}

async function measure(workers: number): Promise<Result> {
  const { url, drop } = await freshDatabase();
  let app: ChildProcess | undefined;
  try {
    const q = await setUpQuestionnaire(url);
    const port = await freePort();
    app = await startApp(url, port, randomBytes(32).toString('hex'), {
      WEB_CONCURRENCY: String(workers),
    });
    // Warm-up: templates compiled and connections opened in every worker.
    const warm = newStats();
    await runFor(3, USERS, async () => {
      if (!(await respond(port, q.code, warm))) warm.failures++;
    });
    const flow = newStats();
    const databaseBefore = await databaseCpu(q);
    const cpuBefore = cpuSeconds(app.pid);
    const clientBefore = process.cpuUsage();
    const seconds = await runFor(SECONDS, USERS, async () => {
      if (!(await respond(port, q.code, flow))) flow.failures++;
    });
    const cpu = cpuSeconds(app.pid) - cpuBefore;
    const databaseAfter = await databaseCpu(q);
    const databaseSeconds = [...databaseAfter].reduce(
      (sum, [pid, after]) => sum + after - (databaseBefore.get(pid) ?? 0),
      0,
    );
    const client = process.cpuUsage(clientBefore);
    const load = loadavg()[0] ?? NaN;
    await stopApp(app);
    app = undefined;
    const rows = await stored(q);
    await q.db.close();
    const acknowledged = warm.acknowledged + flow.acknowledged;
    return {
      workers,
      questionnairesPerSecond: Number((flow.acknowledged / seconds).toFixed(1)),
      serverCpuMsPerQuestionnaire: Number(
        ((cpu * 1000) / Math.max(1, flow.acknowledged)).toFixed(1),
      ),
      serverCores: Number((cpu / seconds).toFixed(2)),
      databaseCpuMsPerQuestionnaire: Number(
        ((databaseSeconds * 1000) / Math.max(1, flow.acknowledged)).toFixed(1),
      ),
      clientCores: Number(((client.user + client.system) / 1e6 / seconds).toFixed(2)),
      loadAverage: Number(load.toFixed(1)),
      requestsPerSecond: Number((flow.requests / seconds).toFixed(0)),
      submitP95Ms: Number(percentile(flow.submitMs, 95).toFixed(1)),
      failedRespondents: warm.failures + flow.failures,
      acknowledged,
      stored: rows.responses,
      storedEqualsAcknowledged: rows.responses === acknowledged,
    };
  } finally {
    await stopApp(app);
    await drop();
  }
}

async function main() {
  const results: Result[] = [];
  for (const workers of WORKERS) {
    const result = await measure(workers);
    results.push(result);
    console.log(
      `WEB_CONCURRENCY=${workers}: ${result.questionnairesPerSecond} questionnaires/s (${result.requestsPerSecond} requests/s, submit p95 ${result.submitP95Ms} ms; server ${result.serverCpuMsPerQuestionnaire} ms CPU each, ${result.serverCores} cores busy; PostgreSQL ${result.databaseCpuMsPerQuestionnaire} ms CPU each; client ${result.clientCores}; load average ${result.loadAverage}), stored ${result.stored} = acknowledged ${result.acknowledged}: ${result.storedEqualsAcknowledged ? 'yes' : 'NO'}`,
    );
  }
  const base = results[0]?.questionnairesPerSecond ?? NaN;
  const summary = {
    cores: availableParallelism(),
    users: USERS,
    seconds: SECONDS,
    results,
    ratios: Object.fromEntries(
      results.map((r) => [r.workers, Number((r.questionnairesPerSecond / base).toFixed(2))]),
    ),
  };
  console.log(JSON.stringify(summary, null, 2));
  const two = results.find((r) => r.workers === 2);
  if (two !== undefined && base > 0)
    console.log(
      `2 workers: ${two.questionnairesPerSecond} questionnaires/s (goal ≥ 150), ${(two.questionnairesPerSecond / base).toFixed(2)}× one worker (goal ≥ 1.6×)`,
    );
  if (results.some((r) => !r.storedEqualsAcknowledged || r.failedRespondents > 0))
    process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
