import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { queryRows, type Database, type Tx } from '../../db/client.ts';
import { InvariantError } from '../../kernel/errors.ts';
import type { ImportBatch } from './import.ts';

// Storing a checked import in one statement. The rows go first into two temporary tables
// of this transaction (on PostgreSQL by COPY, many times faster than inserts; on PGlite by
// a few multi-row inserts), then into responses and answers with one insert … select.
// COPY cannot write to a table under row-level security for a role subject to it, as the
// application's is; a temporary table has none, and the insert into the real tables is
// checked by the policies as any other. Respondents the round already holds are skipped.

export interface StoredImport {
  responses: number;
  answers: number;
}

/** The node-postgres client under a drizzle transaction, for COPY (not in drizzle's API). */
function pgClient(tx: Tx): pg.PoolClient {
  const session: unknown = tx._.session;
  const client =
    typeof session === 'object' && session !== null && 'client' in session
      ? session.client
      : undefined;
  if (
    typeof client !== 'object' ||
    client === null ||
    !('query' in client) ||
    typeof client.query !== 'function'
  )
    throw new InvariantError('No PostgreSQL client under this transaction');
  return client as pg.PoolClient;
}

/** Streams COPY text into a table, in pieces of about 1 MB. */
async function copyInto(client: pg.PoolClient, table: string, columns: string, text: string) {
  const stream = client.query(copyFrom(`copy ${table} (${columns}) from stdin`));
  const pieces = function* () {
    for (let at = 0; at < text.length; at += 1 << 20) yield text.slice(at, at + (1 << 20));
  };
  await pipeline(Readable.from(pieces()), stream);
}

/** COPY's text format back to values: \N is null; \\, \t, \n, \r are unescaped. */
function copyFields(text: string): (string | null)[][] {
  const unescape = (v: string) =>
    v === '\\N'
      ? null
      : v.includes('\\')
        ? v.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c)
        : v;
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t').map(unescape));
}

const CHUNK = 50_000;

async function insertStaged(tx: Tx, batch: ImportBatch) {
  const people = copyFields(batch.responsesCopy);
  for (let at = 0; at < people.length; at += CHUNK) {
    const part = people.slice(at, at + CHUNK);
    await tx.execute(sql`
      insert into import_respondents (n, submission_key, audience, sector_key, locality)
      select * from unnest(${sql.param(part.map((p) => Number(p[0])))}::int[],
        ${sql.param(part.map((p) => p[1] ?? ''))}::text[],
        ${sql.param(part.map((p) => p[2] ?? ''))}::text[],
        ${sql.param(part.map((p) => p[3] ?? null))}::text[],
        ${sql.param(part.map((p) => p[4] ?? null))}::text[])`);
  }
  const answers = copyFields(batch.answersCopy);
  for (let at = 0; at < answers.length; at += CHUNK) {
    const part = answers.slice(at, at + CHUNK);
    await tx.execute(sql`
      insert into import_answers (n, item_key, value)
      select * from unnest(${sql.param(part.map((a) => Number(a[0])))}::int[],
        ${sql.param(part.map((a) => a[1] ?? ''))}::text[],
        ${sql.param(part.map((a) => Number(a[2])))}::int2[])`);
  }
}

/**
 * Stores a checked import in the caller's transaction (bound to the trust): all or nothing.
 * Returns how many responses and answers were new.
 */
export async function storeImport(
  tx: Tx,
  kind: Database['kind'],
  trustId: string,
  roundId: string,
  batch: ImportBatch,
): Promise<StoredImport> {
  await tx.execute(sql`
    create temporary table import_respondents
      (n int not null, submission_key text not null, audience text not null, sector_key text,
       locality text)
      on commit drop`);
  await tx.execute(sql`
    create temporary table import_answers (n int not null, item_key text not null, value int2 not null)
      on commit drop`);
  if (kind === 'postgres') {
    const client = pgClient(tx);
    await copyInto(
      client,
      'import_respondents',
      'n, submission_key, audience, sector_key, locality',
      batch.responsesCopy,
    );
    await copyInto(client, 'import_answers', 'n, item_key, value', batch.answersCopy);
    await tx.execute(sql`analyze import_respondents, import_answers`);
  } else await insertStaged(tx, batch);

  const [counts] = await queryRows<StoredImport>(
    tx,
    sql`
      with fresh as (
        insert into responses
          (trust_id, round_id, audience, sector_key, locality, language, source, submission_key,
           submitted_on)
        select ${trustId}::uuid, ${roundId}::uuid, audience, sector_key, locality, 'en', 'import',
               submission_key, current_date
        from import_respondents order by n
        on conflict (round_id, submission_key) do nothing
        returning id, submission_key
      ), stored as (
        insert into answers (response_id, trust_id, round_id, item_key, value)
        select f.id, ${trustId}::uuid, ${roundId}::uuid, a.item_key, a.value
        from fresh f
        join import_respondents r on r.submission_key = f.submission_key
        join import_answers a on a.n = r.n
        returning 1
      )
      select (select count(*) from fresh)::int as responses,
             (select count(*) from stored)::int as answers`,
  );
  return counts ?? { responses: 0, answers: 0 };
}
