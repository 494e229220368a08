// How the server scales with worker processes: `npx tsx bench/processes.ts`.
//
// For each worker count (WEB_CONCURRENCY 1, then 2; BENCH_WORKERS=1,2,4 to choose), in one run:
// a fresh PostgreSQL database (DATABASE_URL names the server, as in bench/submit.ts), a
// questionnaire of about 40 items with an open link, the real server started in its own
// process with that many workers (NODE_ENV=production, LOG_LEVEL=warn), a short warm-up, then
// 50 simulated respondents each answering the whole questionnaire, start page to submit,
// over and over for a fixed time. Prints finished questionnaires per second at each count,
// the ratio to one worker (goal ≥ 1.6× at two) and whether the responses stored equal the
// submissions acknowledged. The databases are dropped at the end.
//
// Options (environment): BENCH_SECONDS (default 20), BENCH_USERS (default 50), BENCH_WORKERS
// (default 1,2). The machine's cores are shared by the server's workers, PostgreSQL and this
// client: quote the ratio from one run, and the machine it ran on.

import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { newStats, respond, setUpQuestionnaire, stored } from './flow.ts';
import { freePort, freshDatabase, percentile, runFor, startApp, stopApp } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const USERS = Number(process.env.BENCH_USERS ?? 50);
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);

interface Result {
  workers: number;
  questionnairesPerSecond: number;
  requestsPerSecond: number;
  submitP95Ms: number;
  failedRespondents: number;
  acknowledged: number;
  stored: number;
  storedEqualsAcknowledged: boolean;
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
    const seconds = await runFor(SECONDS, USERS, async () => {
      if (!(await respond(port, q.code, flow))) flow.failures++;
    });
    await stopApp(app);
    app = undefined;
    const rows = await stored(q);
    await q.db.close();
    const acknowledged = warm.acknowledged + flow.acknowledged;
    return {
      workers,
      questionnairesPerSecond: Number((flow.acknowledged / seconds).toFixed(1)),
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
      `WEB_CONCURRENCY=${workers}: ${result.questionnairesPerSecond} questionnaires/s (${result.requestsPerSecond} requests/s, submit p95 ${result.submitP95Ms} ms), stored ${result.stored} = acknowledged ${result.acknowledged}: ${result.storedEqualsAcknowledged ? 'yes' : 'NO'}`,
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
