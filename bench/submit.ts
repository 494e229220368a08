// Load test of the anonymous answering flow: `npx tsx bench/submit.ts`.
//
// Creates a fresh PostgreSQL database (DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres,
// names the server), starts the real app on a random port in its own process, sets up a trust,
// a round and a questionnaire of about 40 items with an open link, then measures with 50
// simulated respondents, each with its own cookies:
//   1. the whole flow, for a fixed time: GET the start page, POST Start now, then GET each page
//      it is redirected to and POST its form (every form answers 303), POST the answers from
//      check answers, GET the thank-you page — finished questionnaires per second, and
//      requests per second;
//   2. submissions: first, untimed, a number of new respondents (BENCH_SUBMISSIONS) each walk
//      the flow up to check answers; then only their "Send answers" POSTs are timed, 50 at a
//      time — submissions per second with p50 and p95. Each send stores a new response and
//      uses up its respondent's draft, as a real one does;
//   3. a bare GOV.UK page (GET /accessibility) served by the same app, for a fixed time —
//      requests per second, for the ratios.
// Then it checks that the responses in the database equal the submissions acknowledged.
// The database is dropped at the end.
//
// Options (environment): BENCH_SECONDS (default 20), BENCH_USERS (default 50),
// BENCH_SUBMISSIONS (respondents prepared for phase 2, default 20 × BENCH_USERS), BENCH_PROFILE
// (a folder: the app writes a CPU profile there, to open in Chrome's DevTools), BENCH_DEBUG (print
// the reply a failing respondent got).

import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import {
  newStats,
  radiosByAction,
  reachCheck,
  respond,
  sendAnswers,
  setUpQuestionnaire,
  stored,
  type Ready,
  type Stats,
} from './flow.ts';
import { freePort, freshDatabase, percentile, request, runFor, startApp, stopApp } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const USERS = Number(process.env.BENCH_USERS ?? 50);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 20 * USERS);

/** Respondents who each walked the flow up to check answers, `users` at a time (untimed). */
async function prepare(port: number, code: string, count: number, stats: Stats) {
  const ready: Ready[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: USERS }, async () => {
      while (started < count) {
        started++;
        const one = await reachCheck(port, code, stats);
        if (one === undefined) stats.failures++;
        else ready.push(one);
      }
    }),
  );
  return ready;
}

/** Sends every prepared respondent's answers, `users` at a time: the seconds it took. */
async function sendAll(port: number, ready: Ready[], stats: Stats): Promise<number> {
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: USERS }, async () => {
      for (let one = ready[next++]; one !== undefined; one = ready[next++])
        if ((await sendAnswers(port, one, stats)) === undefined) stats.failures++;
    }),
  );
  return (performance.now() - began) / 1000;
}

async function main() {
  const { url: databaseUrl, drop } = await freshDatabase();
  let app: ChildProcess | undefined;
  try {
    const q = await setUpQuestionnaire(databaseUrl);
    const port = await freePort();
    const secret = randomBytes(32).toString('hex');
    app = await startApp(databaseUrl, port, secret);

    // Warm up (templates compiled, connections open).
    const warm: Stats = newStats();
    await runFor(2, USERS, async () => {
      if (!(await respond(port, q.code, warm))) warm.failures++;
    });
    if (warm.acknowledged === 0) throw new Error('no respondent finished the questionnaire');

    // 1. The whole flow: every page of every questionnaire, start to finish.
    const flow: Stats = newStats();
    const flowSeconds = await runFor(SECONDS, USERS, async () => {
      if (!(await respond(port, q.code, flow))) flow.failures++;
    });

    // 2. Submissions: the final POST of a finished questionnaire, through the same form and
    // handler (CSRF token and cookie, the draft found by the save code and checked against the
    // questionnaire, the response stored and the draft deleted in one transaction, 303 only
    // after commit). Each respondent is a real one who walked the flow to check answers
    // (untimed), so every submission is a new response of 42 answers rather than a repeat.
    const preparing: Stats = newStats();
    const ready = await prepare(port, q.code, SUBMISSIONS, preparing);
    if (ready.length === 0) throw new Error('no respondent reached the check-answers page');
    const submissions: Stats = newStats();
    const submitSeconds = await sendAll(port, ready, submissions);

    // 3. A bare GOV.UK page served by the same app, for the ratio.
    let pages = 0;
    let pageFailures = 0;
    const pageSeconds = await runFor(Math.min(10, SECONDS), USERS, async () => {
      const reply = await request(port, 'GET', '/accessibility', '');
      if (reply.status === 200) pages++;
      else pageFailures++;
    });

    const row = await stored(q);
    await q.db.close();

    const acknowledged = warm.acknowledged + flow.acknowledged + submissions.acknowledged;
    const pagesPerSecond = pages / pageSeconds;
    const submissionsPerSecond = submissions.acknowledged / submitSeconds;
    const flowResponsesPerSecond = flow.acknowledged / flowSeconds;
    const flowRequestsPerSecond = flow.requests / flowSeconds;
    const items = radiosByAction.size > 0 ? [...radiosByAction.values()].flat().length : 0;
    const round1 = (n: number) => Number(n.toFixed(1));
    const result = {
      questionnaireItems: items,
      users: USERS,
      submissions: {
        seconds: round1(submitSeconds),
        sent: ready.length,
        perSecond: round1(submissionsPerSecond),
        p50Ms: round1(percentile(submissions.submitMs, 50)),
        p95Ms: round1(percentile(submissions.submitMs, 95)),
        failures: preparing.failures + submissions.failures,
        toBarePageRatio: Number((submissionsPerSecond / pagesPerSecond).toFixed(3)),
      },
      wholeFlow: {
        seconds: round1(flowSeconds),
        responsesPerSecond: round1(flowResponsesPerSecond),
        requestsPerSecond: round1(flowRequestsPerSecond),
        requestsPerResponse: round1(flow.requests / Math.max(1, flow.acknowledged)),
        submitP50Ms: round1(percentile(flow.submitMs, 50)),
        submitP95Ms: round1(percentile(flow.submitMs, 95)),
        failedRespondents: warm.failures + flow.failures,
        requestsToBarePageRatio: Number((flowRequestsPerSecond / pagesPerSecond).toFixed(3)),
      },
      barePage: { requestsPerSecond: round1(pagesPerSecond), failures: pageFailures },
      acknowledged,
      rowsInDatabase: row.responses,
      answersInDatabase: row.answers,
      acknowledgedEqualsRows: acknowledged === row.responses,
    };
    console.log(JSON.stringify(result, null, 2));
    const targets = [
      `submissions/s ${result.submissions.perSecond} (target ≥ 300)`,
      `submission p95 ${result.submissions.p95Ms} ms (target < 250)`,
      `acknowledged ${acknowledged} = rows ${result.rowsInDatabase}: ${result.acknowledgedEqualsRows ? 'yes' : 'NO'}`,
      `whole flow: ${result.wholeFlow.responsesPerSecond} questionnaires/s from start page to submit (${result.wholeFlow.requestsPerResponse} requests each)`,
    ];
    console.log(targets.join('\n'));
    if (!result.acknowledgedEqualsRows) process.exitCode = 1;
  } finally {
    await stopApp(app);
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
