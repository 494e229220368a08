// Speed of the analysis of a large round: `npx tsx bench/scores.ts`.
//
// Creates a fresh PostgreSQL database (DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres,
// names the server), loads a round of 10,000 respondents × 40 items (400,000 answers),
// starts the real app in its own process and measures, one request at a time:
//   0. /health (the bare service, for scale); releasing the round's answers (POST
//      …/rounds/{round}/release: reads every answer once and stores the tallies);
//   1. the scores API (GET …/rounds/{round}/scores): the first request after the release
//      (nothing cached in the process) and the median and 95th percentile of the next ones;
//   2. the round's analysis overview page with all seven spider diagrams, signed in, cold
//      and warm the same way;
//   3. importing the same number of answers by CSV through the API (in files under the
//      10 MB limit), against a plain multi-row INSERT of the same rows into another round,
//      in the same run: rows per second of each and their ratio.
// The database is dropped at the end.
//
// Options (environment): BENCH_RESPONDENTS (default 10000), BENCH_ITEMS (default 40),
// BENCH_REPEATS (warm requests, default 30).

import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { queryRows } from '../src/db/client.ts';
import { getVersion } from '../src/modules/framework/repository.ts';
import { AUDIENCE_KEYS, type AudienceKey } from '../src/kernel/framework.ts';
import { createApiToken } from '../src/modules/api/tokens.ts';
import { ensureUser, grantTrustRole } from '../src/modules/people/provisioning.ts';
import { audienceItemKeys } from '../src/modules/questionnaires/content.ts';
import { openAndPrepare } from '../src/startup.ts';
import { addRound } from '../test/fixtures.ts';
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
import { seedLargeRound } from './scores-data.ts';

const RESPONDENTS = Number(process.env.BENCH_RESPONDENTS ?? 10_000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 40);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 30);
/** Respondents per imported file: 2,000 × 40 rows is about 3 MB, well under the 10 MB limit. */
const PER_FILE = 2_000;
const PASSWORD = 'benchmark password';

const ms = (n: number) => Number(n.toFixed(1));

async function timed(
  repeats: number,
  call: () => Promise<Reply>,
): Promise<{ cold: number; warm: number[]; last: Reply }> {
  let began = performance.now();
  let last = await call();
  const cold = performance.now() - began;
  if (last.status !== 200) throw new Error(`status ${last.status}: ${last.body.slice(0, 300)}`);
  const warm: number[] = [];
  for (let i = 0; i < repeats; i++) {
    began = performance.now();
    last = await call();
    warm.push(performance.now() - began);
    if (last.status !== 200) throw new Error(`status ${last.status}`);
  }
  return { cold, warm, last };
}

/** Each respondent's answers: ITEMS items asked of their audience, as the import wants them. */
function importRows(
  itemsByAudience: Map<AudienceKey, string[]>,
  sectors: string[],
): { respondent: string; sector: string; audience: AudienceKey; item: string; value: string }[][] {
  const people = [];
  for (let i = 0; i < RESPONDENTS; i++) {
    const audience = AUDIENCE_KEYS[i % 4] ?? 'frontline';
    const items = itemsByAudience.get(audience) ?? [];
    const sector = sectors[i % sectors.length] ?? '';
    people.push(
      items.map((item, k) => {
        const v = (i * 7 + k * 3) % 23;
        return {
          respondent: `person-${i}`,
          sector,
          audience,
          item,
          value: v === 0 ? 'DK' : v === 1 ? 'NA' : String((v % 5) + 1),
        };
      }),
    );
  }
  return people;
}

async function main() {
  const { url, drop } = await freshDatabase();
  let app: ChildProcess | undefined;
  try {
    const db = await openAndPrepare({ databaseUrl: url, dataDir: '' });
    let began = performance.now();
    const large = await seedLargeRound(db, { respondents: RESPONDENTS, items: ITEMS });
    const seedSeconds = (performance.now() - began) / 1000;
    const { token, email } = await db.asSystem(async (tx) => {
      const { user } = await ensureUser(tx, {
        email: 'viewer@bench.test',
        name: 'Bench viewer',
        password: PASSWORD,
      });
      await grantTrustRole(tx, { userId: null, label: 'bench' }, large.trustId, user.id, 'viewer');
      const created = await createApiToken(tx, {
        trustId: large.trustId,
        role: 'trust-admin',
        name: 'bench',
        createdBy: null,
      });
      return { token: created.token, email: user.email };
    });

    const port = await freePort();
    app = await startApp(url, port, randomBytes(32).toString('hex'));
    const auth = { headers: { authorization: `Bearer ${token}` } };
    const roundPath = `/trusts/${large.slug}/rounds/${large.roundId}`;

    // 0. /health for scale, then the release of the round's answers.
    const health = await timed(REPEATS, () => request(port, 'GET', '/health', ''));
    began = performance.now();
    const released = await request(port, 'POST', `/api/v1${roundPath}/release`, '', auth);
    const releaseMs = performance.now() - began;
    if (released.status !== 200)
      throw new Error(`release answered ${released.status}: ${released.body.slice(0, 300)}`);

    // 1. The scores API.
    const api = await timed(REPEATS, () =>
      request(port, 'GET', `/api/v1${roundPath}/scores`, '', auth),
    );

    // 2. The overview page, signed in.
    const signInPage = await request(port, 'GET', '/sign-in', '');
    let cookie = signInPage.cookies.map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(signInPage.body)?.[1] ?? '';
    const signedIn = await request(
      port,
      'POST',
      '/sign-in',
      cookie,
      new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }),
    );
    if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}`);
    const jar = new Map(cookie.split('; ').map((c) => [c.split('=')[0] ?? '', c]));
    for (const c of signedIn.cookies) {
      const pair = c.split(';')[0] ?? '';
      jar.set(pair.split('=')[0] ?? '', pair);
    }
    cookie = [...jar.values()].join('; ');
    const page = await timed(REPEATS, () => request(port, 'GET', `${roundPath}/analysis`, cookie));
    const diagrams = (page.last.body.match(/<svg[^>]*role="img"/g) ?? []).length;

    // 3. Import by CSV against a plain multi-row insert of the same rows.
    const version = await db.asSystem((tx) => getVersion(tx, '2026.1'));
    if (version === undefined) throw new Error('no framework');
    const itemsByAudience = new Map(
      AUDIENCE_KEYS.map((a) => {
        const keys = [...audienceItemKeys(version.content, a)];
        const step = keys.length / Math.min(ITEMS, keys.length);
        return [
          a,
          Array.from(
            { length: Math.min(ITEMS, keys.length) },
            (_, i) => keys[Math.floor(i * step)] ?? '',
          ),
        ];
      }),
    );
    const sectors = (
      await db.withTrust(large.trustId, (tx) =>
        queryRows<{ key: string }>(tx, sql`select key from trust_sectors order by key`),
      )
    ).map((s) => s.key);
    const people = importRows(itemsByAudience, sectors);
    const rows = people.reduce((n, p) => n + p.length, 0);
    const importRound = await addRound(db, large.trustId, {
      title: 'Imported',
      status: 'analysing',
    });
    const files: string[] = [];
    for (let start = 0; start < people.length; start += PER_FILE) {
      const lines = ['respondent,sector,audience,item,value'];
      for (const person of people.slice(start, start + PER_FILE))
        for (const r of person)
          lines.push(`${r.respondent},${r.sector},${r.audience},${r.item},${r.value}`);
      files.push(`${lines.join('\n')}\n`);
    }
    began = performance.now();
    for (const file of files) {
      const reply = await request(
        port,
        'POST',
        `/api/v1/trusts/${large.slug}/rounds/${importRound.id}/responses/import`,
        '',
        { type: 'text/csv', body: file, headers: auth.headers },
      );
      if (reply.status !== 201)
        throw new Error(`import answered ${reply.status}: ${reply.body.slice(0, 500)}`);
    }
    const importSeconds = (performance.now() - began) / 1000;

    const plainRound = await addRound(db, large.trustId, { title: 'Plain', status: 'analysing' });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    began = performance.now();
    for (let start = 0; start < people.length; start += PER_FILE) {
      const chunk = people.slice(start, start + PER_FILE);
      await client.query('begin');
      const values: unknown[] = [];
      const tuples = chunk.map((person, i) => {
        const first = person[0];
        values.push(first?.audience, first?.sector, `plain-${start + i}`);
        const b = i * 3;
        return `($${b + 1}, $${b + 2}, $${b + 3})`;
      });
      const inserted = await client.query<{ id: string }>(
        `insert into responses (trust_id, round_id, audience, sector_key, submission_key, submitted_on, source)
         select '${large.trustId}', '${plainRound.id}', v.a, v.s, v.k, current_date, 'import'
         from (values ${tuples.join(', ')}) as v(a, s, k) returning id`,
        values,
      );
      const answerRows: unknown[][] = [];
      chunk.forEach((person, i) => {
        const id = inserted.rows[i]?.id;
        for (const r of person)
          answerRows.push([
            id,
            r.item,
            r.value === 'DK' ? 8 : r.value === 'NA' ? 9 : Number(r.value),
          ]);
      });
      for (let at = 0; at < answerRows.length; at += 5_000) {
        const slice = answerRows.slice(at, at + 5_000);
        const params: unknown[] = [];
        const tuples2 = slice.map((row, i) => {
          params.push(...row);
          const b = i * 3;
          return `($${b + 1}::uuid, '${large.trustId}'::uuid, '${plainRound.id}'::uuid, $${b + 2}, $${b + 3}::int2)`;
        });
        await client.query(
          `insert into answers (response_id, trust_id, round_id, item_key, value) values ${tuples2.join(', ')}`,
          params,
        );
      }
      await client.query('commit');
    }
    const plainSeconds = (performance.now() - began) / 1000;
    await client.end();

    const counts = await db.withTrust(large.trustId, (tx) =>
      queryRows<{ imported: number; plain: number }>(
        tx,
        sql`select (select count(*)::int from answers where round_id = ${importRound.id}) as imported,
                   (select count(*)::int from answers where round_id = ${plainRound.id}) as plain`,
      ),
    );
    await db.close();

    const importRate = rows / importSeconds;
    const plainRate = rows / plainSeconds;
    const result = {
      respondents: RESPONDENTS,
      items: ITEMS,
      answers: large.answers,
      seedSeconds: Number(seedSeconds.toFixed(1)),
      health: { medianMs: ms(median(health.warm)), p95Ms: ms(percentile(health.warm, 95)) },
      releaseMs: ms(releaseMs),
      scoresApi: {
        coldMs: ms(api.cold),
        warmMedianMs: ms(median(api.warm)),
        warmP95Ms: ms(percentile(api.warm, 95)),
        bytes: api.last.body.length,
      },
      overviewPage: {
        coldMs: ms(page.cold),
        warmMedianMs: ms(median(page.warm)),
        warmP95Ms: ms(percentile(page.warm, 95)),
        spiderDiagrams: diagrams,
        bytes: page.last.body.length,
      },
      import: {
        rows,
        files: files.length,
        csvSeconds: Number(importSeconds.toFixed(2)),
        csvRowsPerSecond: Math.round(importRate),
        plainInsertSeconds: Number(plainSeconds.toFixed(2)),
        plainRowsPerSecond: Math.round(plainRate),
        ratio: Number((importRate / plainRate).toFixed(2)),
        stored: counts[0],
      },
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(
      [
        `/health median ${result.health.medianMs} ms; releasing ${large.answers} answers ${result.releaseMs} ms (target < 3000)`,
        `scores API first request after the release ${result.scoresApi.coldMs} ms (target < 150), then median ${result.scoresApi.warmMedianMs} ms (target < 50), p95 ${result.scoresApi.warmP95Ms} ms; ${(result.scoresApi.warmMedianMs / result.health.medianMs).toFixed(1)}× /health`,
        `overview page warm median ${result.overviewPage.warmMedianMs} ms with ${diagrams} spider diagrams (target < 250), cold ${result.overviewPage.coldMs} ms`,
        `CSV import ${result.import.csvRowsPerSecond} rows/s against plain insert ${result.import.plainRowsPerSecond} rows/s: ratio ${result.import.ratio} (target ≥ 0.5)`,
      ].join('\n'),
    );
    if (counts[0]?.imported !== rows || counts[0].plain !== rows) process.exitCode = 1;
  } finally {
    await stopApp(app);
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
