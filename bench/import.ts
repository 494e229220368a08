// A big answer import while the app keeps answering: `npx tsx bench/import.ts`.
//
// Creates a fresh PostgreSQL database (DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres,
// names the server), a trust with sectors and a round, and an answers CSV of 170,000 rows
// (4,360 respondents answering up to 40 items each, about 9 MB). Starts the real app in its own process and
// imports the file through the API (POST …/responses/import) while another client asks
// /health every few milliseconds, and prints:
//   1. /health p50 and p99 before the import (idle) and during it;
//   2. the import's rate (answers per second, the whole request: upload, check, store);
//   3. in the same run: the same answers through the multi-row inserts imports used before
//      (storeResponses, in-process, the file already checked); a plain COPY of the same
//      rows into a scratch table (five text columns, no keys) and the ratio; and a COPY of
//      the stored answers into a table with the answers table's keys, indexes and foreign
//      keys (what any loader into this schema pays per row);
//   4. stored = acknowledged: the rows in the database against the counts the API answered.
// The database is dropped at the end.
//
// Options (environment): BENCH_RESPONDENTS (default 4360), BENCH_ITEMS (default 40),
// BENCH_RUNS (imports, each into a new round; default 2).

import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createApiToken } from '../src/modules/api/tokens.ts';
import { getVersion } from '../src/modules/framework/repository.ts';
import { AUDIENCE_KEYS } from '../src/kernel/framework.ts';
import { insertTrust } from '../src/modules/people/provisioning.ts';
import { parseAnswer } from '../src/kernel/answers.ts';
import { audienceItemKeys } from '../src/modules/questionnaires/content.ts';
import { storeResponses, type NewResponse } from '../src/modules/responses/store.ts';
import { openAndPrepare } from '../src/startup.ts';
import { addRound, addSectors } from '../test/fixtures.ts';
import { freePort, freshDatabase, median, percentile, request, startApp, stopApp } from './lib.ts';

const RESPONDENTS = Number(process.env.BENCH_RESPONDENTS ?? 4_360);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 40);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const SECTORS = ['early-years', 'schools', 'health', 'social-care', 'youth', 'voluntary'];

const ms = (n: number) => Number(n.toFixed(1));
const rate = (rows: number, seconds: number) => Math.round(rows / seconds);

/** The answers file: every respondent answers ITEMS items asked of their audience. */
function answersCsv(itemsByAudience: Map<string, string[]>): { csv: string; rows: number } {
  const lines = ['respondent,sector,audience,item,value'];
  for (let i = 0; i < RESPONDENTS; i++) {
    const audience = AUDIENCE_KEYS[i % 4] ?? 'frontline';
    const sector =
      audience === 'frontline' || audience === 'leaders-managers' ? (SECTORS[i % 6] ?? '') : '';
    for (const [k, item] of (itemsByAudience.get(audience) ?? []).entries()) {
      const v = (i * 7 + k * 3) % 23;
      const value = v === 0 ? 'DK' : v === 1 ? 'NA' : String((v % 5) + 1);
      lines.push(`R${String(i).padStart(6, '0')},${sector},${audience},${item},${value}`);
    }
  }
  return { csv: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}

/**
 * Asks /health until stop() is called, the next request 5 ms after each answer (about 150
 * a second: enough for a p99, without the poll itself taking a core); the latencies, in ms.
 */
function pollHealth(port: number) {
  const latencies: number[] = [];
  const state = { running: true };
  const running = () => state.running;
  const loop = (async () => {
    while (running()) {
      const began = performance.now();
      const reply = await request(port, 'GET', '/health', '');
      if (reply.status !== 200) throw new Error(`/health answered ${reply.status}`);
      latencies.push(performance.now() - began);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    async stop() {
      state.running = false;
      await loop;
      return latencies;
    },
  };
}

/** The file as storeResponses takes it: one response per respondent with their answers. */
function rowBatch(csv: string, roundId: string): NewResponse[] {
  const byRespondent = new Map<string, NewResponse>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [respondent = '', sector = '', audience = '', item = '', value = ''] = line.split(',');
    let response = byRespondent.get(respondent);
    if (response === undefined) {
      response = {
        roundId,
        questionnaireId: null,
        audience,
        sectorKey: sector === '' ? null : sector,
        roleLevel: null,
        locality: null,
        language: 'en',
        source: 'import',
        submissionKey: `rows-${respondent}`,
        answers: [],
        comments: [],
      };
      byRespondent.set(respondent, response);
    }
    const answer = parseAnswer(value);
    if (answer !== undefined) response.answers.push({ itemKey: item, value: answer });
  }
  return [...byRespondent.values()];
}

async function copyText(client: pg.Client, statement: string, text: string) {
  await pipeline(Readable.from([text]), client.query(copyFrom(statement)));
}

async function main() {
  const { url, drop } = await freshDatabase();
  let app: ChildProcess | undefined;
  const client = new pg.Client({ connectionString: url });
  try {
    const db = await openAndPrepare({ databaseUrl: url, dataDir: '' });
    const slug = `bench-${randomBytes(4).toString('hex')}`;
    const trust = await db.asSystem((tx) =>
      insertTrust(tx, { userId: null, label: 'benchmark' }, { slug, name: `Benchmark ${slug}` }),
    );
    if (trust === undefined) throw new Error('trust not created');
    await addSectors(
      db,
      trust.id,
      SECTORS.map((key) => ({ key, name: key })),
    );
    const token = await db.asSystem(
      async (tx) =>
        (
          await createApiToken(tx, {
            trustId: trust.id,
            role: 'trust-admin',
            name: 'bench',
            createdBy: null,
          })
        ).token,
    );
    const version = await db.asSystem((tx) => getVersion(tx, '2026.1'));
    if (version === undefined) throw new Error('no framework');
    const itemsByAudience = new Map(
      AUDIENCE_KEYS.map((a) => [a, [...audienceItemKeys(version.content, a)].slice(0, ITEMS)]),
    );
    const { csv, rows } = answersCsv(itemsByAudience);
    const rounds = [];
    for (let i = 0; i < RUNS; i++)
      rounds.push((await addRound(db, trust.id, { title: `Import ${i + 1}` })).id);

    // The write path imports used before COPY (multi-row inserts, storeResponses), for
    // comparison: the same answers into a round of their own, the file already checked.
    const before = (await addRound(db, trust.id, { title: 'Row inserts' })).id;
    const batch = rowBatch(csv, before);
    let began = performance.now();
    await db.withTrust(trust.id, (tx) => storeResponses(tx, trust.id, batch));
    const rowInsertSeconds = (performance.now() - began) / 1000;
    await db.close();

    const port = await freePort();
    app = await startApp(url, port, randomBytes(32).toString('hex'));
    await client.connect();

    // /health with nothing else going on, for comparison.
    const idle = pollHealth(port);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idleLatencies = await idle.stop();

    const runs = [];
    for (const roundId of rounds) {
      const poll = pollHealth(port);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const began = performance.now();
      const reply = await request(
        port,
        'POST',
        `/api/v1/trusts/${slug}/rounds/${roundId}/responses/import`,
        '',
        { type: 'text/csv', body: csv, headers: { authorization: `Bearer ${token}` } },
      );
      const seconds = (performance.now() - began) / 1000;
      const during = await poll.stop();
      if (reply.status !== 201)
        throw new Error(`import answered ${reply.status}: ${reply.body.slice(0, 500)}`);
      const said = JSON.parse(reply.body) as { responses: number; answers: number };
      const stored = await client.query<{ responses: number; answers: number }>(
        `select (select count(*) from responses where round_id = $1)::int as responses,
                (select count(*) from answers where round_id = $1)::int as answers`,
        [roundId],
      );
      runs.push({ seconds, during, said, stored: stored.rows[0] });
    }

    // The same rows by a plain COPY into a scratch table.
    await client.query(
      'create table scratch_answers (respondent text, sector text, audience text, item text, value text)',
    );
    began = performance.now();
    await copyText(client, 'copy scratch_answers from stdin (format csv, header true)', csv);
    const plainSeconds = (performance.now() - began) / 1000;

    // The stored answers again, by COPY into a table shaped like answers, keys and all.
    const firstRound = rounds[0] ?? '';
    const chunks: Buffer[] = [];
    const out = client.query(
      copyTo(
        `copy (select response_id, trust_id, round_id, item_key, value from answers where round_id = '${firstRound}') to stdout`,
      ),
    );
    for await (const chunk of out) chunks.push(chunk as Buffer);
    await client.query(`
      create table scratch_keyed (like answers including all);
      alter table scratch_keyed
        add foreign key (response_id) references responses (id),
        add foreign key (trust_id) references trusts (id),
        add foreign key (round_id) references rounds (id)`);
    began = performance.now();
    await copyText(client, 'copy scratch_keyed from stdin', Buffer.concat(chunks).toString());
    const keyedSeconds = (performance.now() - began) / 1000;

    const mb = Buffer.byteLength(csv) / 1024 / 1024;
    const importRates = runs.map((r) => rate(rows, r.seconds));
    const allDuring = runs.flatMap((r) => r.during);
    const plainRate = rate(rows, plainSeconds);
    console.log(
      JSON.stringify(
        {
          file: { rows, respondents: RESPONDENTS, megabytes: Number(mb.toFixed(2)) },
          health: {
            idle: {
              requests: idleLatencies.length,
              p50ms: ms(median(idleLatencies)),
              p99ms: ms(percentile(idleLatencies, 99)),
            },
            duringImport: {
              requests: allDuring.length,
              p50ms: ms(median(allDuring)),
              p99ms: ms(percentile(allDuring, 99)),
              maxms: ms(Math.max(...allDuring)),
            },
          },
          import: runs.map((r, i) => ({
            seconds: Number(r.seconds.toFixed(2)),
            answersPerSecond: importRates[i],
            healthP99ms: ms(percentile(r.during, 99)),
            acknowledged: r.said,
            stored: r.stored,
            storedEqualsAcknowledged:
              r.stored?.responses === r.said.responses && r.stored.answers === r.said.answers,
          })),
          rowInserts: {
            seconds: Number(rowInsertSeconds.toFixed(2)),
            answersPerSecond: rate(rows, rowInsertSeconds),
            importAgainstThem: Number(
              (median(importRates) / rate(rows, rowInsertSeconds)).toFixed(2),
            ),
          },
          plainCopy: { seconds: Number(plainSeconds.toFixed(2)), rowsPerSecond: plainRate },
          ratio: Number((median(importRates) / plainRate).toFixed(2)),
          keyedCopy: {
            seconds: Number(keyedSeconds.toFixed(2)),
            rowsPerSecond: rate(rows, keyedSeconds),
            ratioOfImport: Number((median(importRates) / rate(rows, keyedSeconds)).toFixed(2)),
          },
        },
        null,
        2,
      ),
    );
    if (runs.some((r) => r.stored?.answers !== r.said.answers)) process.exitCode = 1;
  } finally {
    await client.end().catch(() => undefined);
    await stopApp(app);
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
