// Speed of the action plan: `npx tsx bench/actions.ts`.
//
// Creates a fresh PostgreSQL database (DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres,
// names the server), starts the real app in its own process and measures, one request at a
// time, beside GET /health (median, p95 and the ratio to /health):
//   1. the import of a 5,000-row council-shaped plan (bench/actions-data.ts) end to end:
//      POST /api/v1/trusts/{trust}/actions/import with a trust-admin token, the CSV as the
//      body; first ?preview=true (nothing stored), then for real into trusts of their own,
//      each checked against the rows stored; rows per second (target < 2 s);
//   2. the plan page GET /trusts/{trust}/actions, signed in, for a trust with 500 actions
//      and 5,000 progress updates loaded by bulk inserts (target median < 200 ms).
// Before the app starts, the file is read and previewed in-process by the import module, so a
// file the import would refuse stops the run with the rows' problems. A part whose address
// answers 404 (not served by this build) is reported as not measured and the run exits 1.
// The database is dropped at the end.
//
// Options (environment): BENCH_ROWS (rows of the imported plan, default 5000), BENCH_RUNS
// (imports stored, each into a new trust; default 2), BENCH_ACTIONS (default 500),
// BENCH_UPDATES (default 5000), BENCH_REPEATS (requests per timing, default 30).

import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';
import { queryRows } from '../src/db/client.ts';
import { previewImport, readActionFile } from '../src/modules/actions/index.ts';
import { createApiToken } from '../src/modules/api/tokens.ts';
import { ensureUser, grantTrustRole, insertTrust } from '../src/modules/people/provisioning.ts';
import { openAndPrepare } from '../src/startup.ts';
import { planCsv, seedLargePlan } from './actions-data.ts';
import {
  freePort,
  freshDatabase,
  median,
  percentile,
  request,
  startApp,
  stopApp,
  type Reply,
} from './lib.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 500);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 5_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 30);
const PASSWORD = 'benchmark password';
const OPERATOR = { userId: null, label: 'benchmark' };
const LEADS = ['Asha Patel', 'Ben Okafor', 'Carys Evans', 'Dev Sharma'];

const ms = (n: number) => Number(n.toFixed(1));

interface Timing {
  status: number;
  times: number[];
  last: Reply;
}

/** `repeats` calls one at a time; stops at the first answer that is not `expected`. */
async function timed(repeats: number, expected: number[], call: () => Promise<Reply>) {
  const times: number[] = [];
  let last: Reply = { status: 0, body: '', cookies: [], location: undefined };
  for (let i = 0; i < repeats; i++) {
    const began = performance.now();
    last = await call();
    times.push(performance.now() - began);
    if (!expected.includes(last.status)) break;
  }
  return { status: last.status, times, last } satisfies Timing;
}

const ok = (t: Timing, expected: number[]) => expected.includes(t.status);
const figures = (t: Timing, health: number) => ({
  medianMs: ms(median(t.times)),
  p95Ms: ms(percentile(t.times, 95)),
  ratioToHealth: Number((median(t.times) / health).toFixed(1)),
});

/** A trust with the plan's lead users as members, and a trust-admin API token. */
async function benchTrust(db: Database, label: string) {
  const slug = `bench-${label}-${randomBytes(3).toString('hex')}`;
  return db.asSystem(async (tx) => {
    const trust = await insertTrust(tx, OPERATOR, { slug, name: `Benchmark ${slug}` });
    if (trust === undefined) throw new Error('trust not created');
    const leads = [];
    for (const [i, name] of LEADS.entries()) {
      const email = `lead-${i}-${slug}@bench.test`;
      const { user } = await ensureUser(tx, { email, name, password: PASSWORD });
      await grantTrustRole(tx, OPERATOR, trust.id, user.id, i === 0 ? 'viewer' : 'action-lead');
      leads.push({ id: user.id, name, email });
    }
    const { token } = await createApiToken(tx, {
      trustId: trust.id,
      role: 'trust-admin',
      name: 'bench',
      createdBy: null,
    });
    return { id: trust.id, slug, token, leads };
  });
}

/** The file as the import module reads and previews it, in-process: a refused file stops here. */
async function checkFile(csv: string, leads: { id: string; name: string }[]) {
  const began = performance.now();
  const read = await readActionFile(Buffer.from(csv));
  if (!read.ok) throw new Error(`the benchmark file was refused: ${read.message}`);
  const preview = previewImport(read.rows, {
    known: leads,
    today: new Date().toISOString().slice(0, 10),
  });
  const seconds = (performance.now() - began) / 1000;
  if (!preview.ready) {
    const problems = [
      ...preview.problems.map((p) => p.message),
      ...preview.rows.flatMap((r) => r.problems.map((p) => `line ${r.line}: ${p.message}`)),
    ];
    throw new Error(`the benchmark file has problems:\n${problems.slice(0, 10).join('\n')}`);
  }
  return { seconds, items: preview.items.length };
}

async function signIn(port: number, email: string): Promise<string> {
  const page = await request(port, 'GET', '/sign-in', '');
  const jar = new Map<string, string>();
  const keep = (cookies: string[]) => {
    for (const c of cookies) {
      const pair = c.split(';')[0] ?? '';
      jar.set(pair.split('=')[0] ?? '', pair);
    }
  };
  keep(page.cookies);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const form = new URLSearchParams({ _csrf: csrf, email, password: PASSWORD });
  const signedIn = await request(port, 'POST', '/sign-in', [...jar.values()].join('; '), form);
  if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}`);
  keep(signedIn.cookies);
  return [...jar.values()].join('; ');
}

async function storedCounts(db: Database, trustId: string) {
  const [row] = await db.withTrust(trustId, (tx) =>
    queryRows<{ actions: number; updates: number }>(
      tx,
      sql`select (select count(*)::int from actions) as actions,
                 (select count(*)::int from action_updates) as updates`,
    ),
  );
  return row ?? { actions: 0, updates: 0 };
}

async function main() {
  const { url, drop } = await freshDatabase();
  let app: ChildProcess | undefined;
  let db: Database | undefined;
  try {
    db = await openAndPrepare({ databaseUrl: url, dataDir: '' });
    const importTrusts = [];
    for (let i = 0; i < RUNS; i++) importTrusts.push(await benchTrust(db, `import${i + 1}`));
    const preview = importTrusts[0] ?? (await benchTrust(db, 'preview'));
    const csv = planCsv(ROWS, LEADS, new Date());
    const inProcess = await checkFile(csv, preview.leads);

    const planTrust = await benchTrust(db, 'plan');
    const began = performance.now();
    const seeded = await seedLargePlan(db, planTrust.id, {
      count: ACTIONS,
      updates: UPDATES,
      leads: planTrust.leads,
    });
    const seedSeconds = (performance.now() - began) / 1000;

    const port = await freePort();
    app = await startApp(url, port, randomBytes(32).toString('hex'));
    const health = await timed(REPEATS, [200], () => request(port, 'GET', '/health', ''));
    if (!ok(health, [200])) throw new Error(`/health answered ${health.status}`);
    const healthMedian = median(health.times);

    // 1. The import, previewed then stored.
    const importPath = (slug: string, query = '') =>
      `/api/v1/trusts/${slug}/actions/import${query}`;
    const post = (slug: string, token: string, query = '') =>
      request(port, 'POST', importPath(slug, query), '', {
        type: 'text/csv',
        body: csv,
        headers: { authorization: `Bearer ${token}` },
      });
    const previewed = await timed(3, [200], () =>
      post(preview.slug, preview.token, '?preview=true'),
    );
    const stored = [];
    for (const trust of importTrusts) {
      const run = await timed(1, [200, 201], () => post(trust.slug, trust.token));
      stored.push({ run, counts: await storedCounts(db, trust.id) });
    }

    // 2. The plan page, signed in.
    const cookie = await signIn(port, planTrust.leads[0]?.email ?? '');
    const page = await timed(REPEATS, [200], () =>
      request(port, 'GET', `/trusts/${planTrust.slug}/actions`, cookie),
    );
    await db.close();
    db = undefined;

    const seconds = (t: Timing) => (t.times[0] ?? NaN) / 1000;
    const result = {
      file: { rows: ROWS, kilobytes: Math.round(Buffer.byteLength(csv) / 1024) },
      health: { medianMs: ms(healthMedian), p95Ms: ms(percentile(health.times, 95)) },
      inProcessPreview: { seconds: Number(inProcess.seconds.toFixed(2)), actions: inProcess.items },
      importPreview: ok(previewed, [200])
        ? {
            ...figures(previewed, healthMedian),
            rowsPerSecond: Math.round(ROWS / (median(previewed.times) / 1000)),
          }
        : { notMeasured: `answered ${previewed.status}`, body: previewed.last.body.slice(0, 300) },
      import: stored.map(({ run, counts }) =>
        ok(run, [200, 201])
          ? {
              seconds: Number(seconds(run).toFixed(2)),
              rowsPerSecond: Math.round(ROWS / seconds(run)),
              ratioToHealth: Number(((run.times[0] ?? NaN) / healthMedian).toFixed(0)),
              stored: counts,
              storedAll: counts.actions === ROWS,
            }
          : { notMeasured: `answered ${run.status}`, body: run.last.body.slice(0, 300) },
      ),
      planPage: {
        seeded: { ...seeded, seconds: Number(seedSeconds.toFixed(2)) },
        ...(ok(page, [200])
          ? { ...figures(page, healthMedian), bytes: page.last.body.length }
          : { notMeasured: `answered ${page.status}` }),
      },
    };
    console.log(JSON.stringify(result, null, 2));
    const line = (name: string, t: Timing, expected: number[], target: string) =>
      ok(t, expected)
        ? `${name}: median ${ms(median(t.times))} ms, p95 ${ms(percentile(t.times, 95))} ms, ${(median(t.times) / healthMedian).toFixed(1)}× /health (${target})`
        : `${name}: not measured, the app answered ${t.status}`;
    console.log(
      [
        `/health median ${ms(healthMedian)} ms, p95 ${ms(percentile(health.times, 95))} ms`,
        `the ${ROWS}-row file read and previewed in-process in ${inProcess.seconds.toFixed(2)} s`,
        line(`import preview of ${ROWS} rows`, previewed, [200], 'target < 2000 ms'),
        ...stored.map(({ run, counts }, i) =>
          ok(run, [200, 201])
            ? `import ${i + 1}: ${seconds(run).toFixed(2)} s for ${ROWS} rows, ${Math.round(ROWS / seconds(run))} rows/s (target < 2 s); ${counts.actions} actions and ${counts.updates} updates stored`
            : `import ${i + 1}: not measured, the app answered ${run.status}`,
        ),
        line(
          `plan page with ${seeded.actions} actions and ${seeded.updates} updates`,
          page,
          [200],
          'target median < 200 ms',
        ),
      ].join('\n'),
    );
    const measured = ok(previewed, [200]) && ok(page, [200]);
    if (
      !measured ||
      stored.some(({ run, counts }) => !ok(run, [200, 201]) || counts.actions !== ROWS)
    )
      process.exitCode = 1;
  } finally {
    await db?.close().catch(() => undefined);
    await stopApp(app);
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
