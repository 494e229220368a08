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
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.ts';
import { localities } from '../src/db/schema.ts';
import { insertTrust } from '../src/modules/people/provisioning.ts';
import { openState, sealState } from '../src/modules/respond/state.ts';
import { openAndPrepare } from '../src/startup.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../test/fixtures.ts';
import { freePort, freshDatabase, percentile, request, runFor, startApp, stopApp } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const USERS = Number(process.env.BENCH_USERS ?? 50);

const between = (html: string, before: string, after = '"') => {
  const start = html.indexOf(before);
  if (start < 0) return undefined;
  const from = start + before.length;
  return html.slice(from, html.indexOf(after, from));
};

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"');

/** The radio groups of each page, read once (every respondent sees the same pages). */
const radiosByAction = new Map<string, string[]>();
function radiosOf(action: string, html: string): string[] {
  let names = radiosByAction.get(action);
  if (names === undefined) {
    names = [...new Set([...html.matchAll(/name="([^"]+)" type="radio"/g)].map((m) => m[1] ?? ''))];
    radiosByAction.set(action, names);
  }
  return names;
}

interface Stats {
  acknowledged: number;
  failures: number;
  requests: number;
  submitMs: number[];
}

/** A respondent's finished questionnaire as the check-answers page holds it, ready to submit. */
interface Ready {
  cookie: string;
  csrf: string;
  state: string;
}

/** One respondent, start to finish. Returns false if any step did not behave. */
async function respond(
  port: number,
  code: string,
  stats: Stats,
  keep?: (ready: Ready) => void,
): Promise<boolean> {
  const base = `/q/${code}`;
  const start = await request(port, 'GET', base, '');
  stats.requests++;
  const cookie = start.cookies.map((c) => c.split(';')[0]).join('; ');
  const csrf = between(start.body, 'name="_csrf" value="');
  if (start.status !== 200 || csrf === undefined) return false;
  let page = await request(
    port,
    'POST',
    `${base}/start`,
    cookie,
    new URLSearchParams({ _csrf: csrf, lang: 'en' }),
  );
  stats.requests++;
  for (let step = 0; step < 12; step++) {
    if (page.status !== 200) {
      if (process.env.BENCH_DEBUG) console.error(page.status, page.body.slice(0, 3000));
      return false;
    }
    const state = between(page.body, 'name="state" value="');
    if (state === undefined) return false;
    const form = new URLSearchParams({ _csrf: csrf, state: unescape(state) });
    if (page.body.includes(`action="${base}/submit"`)) {
      keep?.({ cookie, csrf, state: unescape(state) });
      const began = performance.now();
      const submitted = await request(port, 'POST', `${base}/submit`, cookie, form);
      stats.submitMs.push(performance.now() - began);
      stats.requests++;
      if (submitted.status !== 303) return false;
      stats.acknowledged++;
      return true;
    }
    // The page's own form is the last one (the first may be its Back button).
    const marker = `<form method="post" action="${base}/`;
    const at = page.body.lastIndexOf(marker);
    const action = at < 0 ? undefined : between(page.body.slice(at), marker);
    if (action === undefined) return false;
    if (action === 'about') {
      form.set('sector', 'health');
      form.set('roleLevel', 'frontline');
      form.set('locality', 'none');
    } else {
      radiosOf(action, page.body).forEach((name, i) => form.set(name, String((i % 5) + 1)));
      if (action === 'page/1') form.set('comment', 'We work well together on the ground.');
    }
    form.set('action', 'continue');
    page = await request(port, 'POST', `${base}/${action}`, cookie, form);
    stats.requests++;
  }
  return false;
}

async function main() {
  const { url: databaseUrl, drop } = await freshDatabase();
  let app: ChildProcess | undefined;
  try {
    const db = await openAndPrepare({ databaseUrl, dataDir: '' });
    const trust = await db.asSystem((tx) =>
      insertTrust(
        tx,
        { userId: null, label: 'bench' },
        { slug: 'bench', name: 'Bench Partnership', region: 'North West' },
      ),
    );
    if (trust === undefined) throw new Error('trust not created');
    await addSectors(db, trust.id);
    await db.withTrust(trust.id, (tx) =>
      tx.insert(localities).values([{ trustId: trust.id, name: 'Northgate' }]),
    );
    const round = await addRound(db, trust.id);
    const questionnaire = await addQuestionnaire(db, trust.id, round.id, {
      areaKeys: ['shared-identity', 'common-values', 'positive-outcomes', 'complementary-roles'],
      askRoleLevel: true,
      askLocality: true,
    });
    const link = await addLink(db, trust.id, questionnaire.id);

    const port = await freePort();
    const secret = randomBytes(32).toString('hex');
    app = await startApp(databaseUrl, port, secret);

    // Warm up (templates compiled, connections open), keeping each finished questionnaire's
    // check-answers form for the submission phase.
    const ready: Ready[] = [];
    const warm: Stats = { acknowledged: 0, failures: 0, requests: 0, submitMs: [] };
    await runFor(2, USERS, async () => {
      if (!(await respond(port, link.code, warm, (r) => ready.push(r)))) warm.failures++;
    });
    if (ready.length === 0) throw new Error('no respondent reached the check-answers page');

    // 1. The whole flow: every page of every questionnaire, start to finish.
    const flow: Stats = { acknowledged: 0, failures: 0, requests: 0, submitMs: [] };
    const flowSeconds = await runFor(SECONDS, USERS, async () => {
      if (!(await respond(port, link.code, flow))) flow.failures++;
    });

    // 2. Submissions: the final POST of a finished questionnaire, through the same form and
    // handler (CSRF token and cookie, signed answers checked against the questionnaire, stored
    // in one transaction, 303 only after commit). Each is a real check-answers form from
    // the warm-up with a fresh submission key, re-signed with the app's secret, so every
    // submission is a new response of 42 answers rather than a repeat.
    const submissions: Stats = { acknowledged: 0, failures: 0, requests: 0, submitMs: [] };
    let turn = 0;
    const submitSeconds = await runFor(SECONDS, USERS, async () => {
      const form = ready[turn++ % ready.length];
      const state = form === undefined ? undefined : openState(form.state, secret);
      if (form === undefined || state === undefined) throw new Error('bad captured state');
      state.k = randomBytes(18).toString('base64url');
      const body = new URLSearchParams({ _csrf: form.csrf, state: sealState(state, secret) });
      const began = performance.now();
      const reply = await request(port, 'POST', `/q/${link.code}/submit`, form.cookie, body);
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

    const [row] = await db.withTrust(trust.id, (tx) =>
      queryRows<{ responses: number; answers: number }>(
        tx,
        sql`select (select count(*)::int from responses where round_id = ${round.id}) as responses,
                   (select count(*)::int from answers where round_id = ${round.id}) as answers`,
      ),
    );
    await db.close();

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
      rowsInDatabase: row?.responses ?? 0,
      answersInDatabase: row?.answers ?? 0,
      acknowledgedEqualsRows: acknowledged === (row?.responses ?? -1),
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
