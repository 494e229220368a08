// Load test of the anonymous answering flow: `npx tsx bench/submit.ts`.
//
// Creates a fresh PostgreSQL database (DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres,
// names the server), starts the real app on a random port in its own process, sets up a trust,
// a round and a questionnaire of about 40 items with an open link, then measures with 50
// simulated respondents, each phase for a fixed time:
//   1. the whole flow: GET the start page, POST every page with the CSRF token and cookie,
//      POST submit — finished questionnaires per second, and requests per second;
//   2. submissions: the final POST of a finished questionnaire (real check-answers forms
//      captured from the flow, each sent with a fresh submission key) — submissions per
//      second with p50 and p95;
//   3. a bare GOV.UK page (GET /accessibility) served by the same app — requests per second,
//      for the ratios.
// Then it checks that the responses in the database equal the submissions acknowledged.
// The database is dropped at the end.
//
// Options (environment): BENCH_SECONDS (default 20), BENCH_USERS (default 50), BENCH_PROFILE
// (a folder: the app writes a CPU profile there, to open in Chrome's DevTools), BENCH_DEBUG (print
// the page a failing respondent got).

import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { openState, sealState } from '../src/modules/answering/state.ts';
import {
  newStats,
  radiosByAction,
  respond,
  setUpQuestionnaire,
  stored,
  type Ready,
  type Stats,
} from './flow.ts';
import { freePort, freshDatabase, percentile, request, runFor, startApp, stopApp } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const USERS = Number(process.env.BENCH_USERS ?? 50);

async function main() {
  const { url: databaseUrl, drop } = await freshDatabase();
  let app: ChildProcess | undefined;
  try {
    const q = await setUpQuestionnaire(databaseUrl);
    const port = await freePort();
    const secret = randomBytes(32).toString('hex');
    app = await startApp(databaseUrl, port, secret);

    // Warm up (templates compiled, connections open), keeping each finished questionnaire's
    // check-answers form for the submission phase.
    const ready: Ready[] = [];
    const warm: Stats = newStats();
    await runFor(2, USERS, async () => {
      if (!(await respond(port, q.code, warm, (r) => ready.push(r)))) warm.failures++;
    });
    if (ready.length === 0) throw new Error('no respondent reached the check-answers page');

    // 1. The whole flow: every page of every questionnaire, start to finish.
    const flow: Stats = newStats();
    const flowSeconds = await runFor(SECONDS, USERS, async () => {
      if (!(await respond(port, q.code, flow))) flow.failures++;
    });

    // 2. Submissions: the final POST of a finished questionnaire, through the same form and
    // handler (CSRF token and cookie, signed answers checked against the questionnaire, stored
    // in one transaction, 303 only after commit). Each is a real check-answers form from
    // the warm-up with a fresh submission key, re-signed with the app's secret, so every
    // submission is a new response of 42 answers rather than a repeat.
    const submissions: Stats = newStats();
    let turn = 0;
    const submitSeconds = await runFor(SECONDS, USERS, async () => {
      const form = ready[turn++ % ready.length];
      const state = form === undefined ? undefined : openState(form.state, secret);
      if (form === undefined || state === undefined) throw new Error('bad captured state');
      state.k = randomBytes(18).toString('base64url');
      const body = new URLSearchParams({ _csrf: form.csrf, state: sealState(state, secret) });
      const began = performance.now();
      const reply = await request(port, 'POST', `/q/${q.code}/submit`, form.cookie, body);
      submissions.submitMs.push(performance.now() - began);
      submissions.requests++;
      if (reply.status === 303) submissions.acknowledged++;
      else submissions.failures++;
    });

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
        perSecond: round1(submissionsPerSecond),
        p50Ms: round1(percentile(submissions.submitMs, 50)),
        p95Ms: round1(percentile(submissions.submitMs, 95)),
        failures: submissions.failures,
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
