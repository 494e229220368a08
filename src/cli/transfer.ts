import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import type { Actor } from '../kernel/audit.ts';
import { findTrustBySlug } from '../modules/people/index.ts';
import { decodeUpload, importResponses } from '../modules/responses/index.ts';
import { findRound, findRoundByTitle, type RoundRow } from '../modules/rounds/index.ts';
import { toCsv } from '../web/csv.ts';
import { cursorRows } from './catalog.ts';
import { CommandError, UsageError } from './errors.ts';

// A trust's data for its own systems (export, as CSV files in a folder), and answers
// gathered elsewhere brought in from a CSV file (import, the same rules as the API's).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TrustRef {
  id: string;
  slug: string;
  name: string;
}

export async function findTrust(db: Database, slug: string): Promise<TrustRef> {
  const trust = await db.asSystem((tx) => findTrustBySlug(tx, slug));
  if (trust === undefined) throw new UsageError(`No trust with slug "${slug}"`);
  return { id: trust.id, slug: trust.slug, name: trust.name };
}

/** A round of the trust by its id or its title (ignoring case). */
export async function findTrustRound(
  db: Database,
  trust: TrustRef,
  round: string,
): Promise<RoundRow> {
  const found = await db.withTrust(trust.id, async (tx) =>
    UUID.test(round)
      ? ((await findRound(tx, round.toLowerCase())) ?? (await findRoundByTitle(tx, round)))
      : findRoundByTitle(tx, round),
  );
  if (found === undefined)
    throw new UsageError(`Trust "${trust.slug}" has no round with id or title "${round}"`);
  return found;
}

// ---- export ----

interface CsvFile {
  name: string;
  headers: string[];
  /** Selects exactly the headers' columns, as text, in a stable order. */
  query: (roundId: string | null) => SQL;
}

const inRound = (column: string, roundId: string | null) =>
  roundId === null ? sql`true` : sql`${sql.raw(column)} = ${roundId}::uuid`;

/**
 * The files of an export. Every query runs in the trust's own scope, so row-level security
 * shows it nothing of any other trust. Responses carry no column that identifies anyone;
 * the key that stops a double submit (a hash) is left out too.
 */
const EXPORT_FILES: CsvFile[] = [
  {
    name: 'rounds.csv',
    headers: ['id', 'title', 'framework_version', 'starts_on', 'ends_on', 'status', 'created_at'],
    query: (roundId) =>
      sql`select id::text, title, framework_version, starts_on::text, ends_on::text, status,
            to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at
          from rounds where ${inRound('id', roundId)} order by starts_on, created_at, id`,
  },
  {
    name: 'responses.csv',
    headers: [
      'id',
      'round_id',
      'questionnaire_id',
      'audience',
      'sector_key',
      'role_level',
      'locality',
      'language',
      'submitted_on',
      'source',
    ],
    query: (roundId) =>
      sql`select id::text, round_id::text, questionnaire_id::text, audience, sector_key,
            role_level, locality, language, submitted_on::text, source
          from responses where ${inRound('round_id', roundId)} order by round_id, submitted_on, id`,
  },
  {
    name: 'answers.csv',
    headers: ['response_id', 'round_id', 'item_key', 'value'],
    query: (roundId) =>
      sql`select response_id::text, round_id::text, item_key,
            case value when 8 then 'DK' when 9 then 'NA' else value::text end as value
          from answers where ${inRound('round_id', roundId)} order by round_id, response_id, item_key`,
  },
  {
    name: 'workshops.csv',
    headers: ['id', 'round_id', 'kind', 'title', 'held_on', 'facilitator', 'participants', 'notes'],
    query: (roundId) =>
      sql`select id::text, round_id::text, kind, title, held_on::text, facilitator,
            (select string_agg((p->>'sectorKey') || ': ' || (p->>'count'), '; ')
               from jsonb_array_elements(participants) p) as participants,
            notes
          from workshops where ${inRound('round_id', roundId)} order by round_id, held_on, id`,
  },
  {
    name: 'workshop-ratings.csv',
    headers: ['workshop_id', 'round_id', 'dimension_key', 'score', 'stage', 'reasons', 'evidence'],
    query: (roundId) =>
      sql`select r.workshop_id::text, w.round_id::text, r.dimension_key, r.score::text,
            r.stage::text, r.reasons, array_to_string(r.evidence_links, chr(10)) as evidence
          from workshop_ratings r join workshops w on w.id = r.workshop_id
          where ${inRound('w.round_id', roundId)}
          order by w.round_id, r.workshop_id, r.dimension_key`,
  },
  {
    name: 'sectors.csv',
    headers: ['key', 'name', 'national_key', 'custom', 'headcount'],
    query: () =>
      sql`select key, name, national_key, case when custom then 'yes' else 'no' end as custom,
            headcount::text
          from trust_sectors order by key`,
  },
  {
    name: 'localities.csv',
    headers: ['name'],
    query: () => sql`select name from localities order by name`,
  },
  {
    name: 'organisations.csv',
    headers: ['name', 'sector_key'],
    query: () =>
      sql`select o.name, s.key as sector_key
          from organisations o join trust_sectors s on s.id = o.sector_id order by o.name`,
  },
];

export const EXPORT_FILE_NAMES = EXPORT_FILES.map((f) => f.name);

export interface ExportSummary {
  folder: string;
  files: { name: string; rows: number }[];
}

/** The default folder: ./export-<slug>-<yyyy-mm-dd>. */
export function defaultExportFolder(slug: string, now = new Date()): string {
  return `export-${slug}-${now.toISOString().slice(0, 10)}`;
}

/** Writes the trust's data (or one round's, with the trust's sectors and places) as CSV files. */
export async function exportTrust(
  db: Database,
  options: { trust: string; round?: string | undefined; out?: string | undefined },
): Promise<ExportSummary> {
  const trust = await findTrust(db, options.trust);
  const round = options.round === undefined ? null : await findTrustRound(db, trust, options.round);
  const folder = options.out ?? defaultExportFolder(trust.slug);
  if (existsSync(folder) && readdirSync(folder).length > 0)
    throw new CommandError(
      `The folder ${folder} already has files in it. Choose another folder with --out.`,
    );
  await mkdir(folder, { recursive: true });
  const files: ExportSummary['files'] = [];
  await db.withTrust(trust.id, async (tx) => {
    for (const file of EXPORT_FILES) {
      const rows = await writeCsv(tx, join(folder, file.name), file, round?.id ?? null);
      files.push({ name: file.name, rows });
    }
  });
  return { folder, files };
}

async function writeCsv(
  tx: Tx,
  path: string,
  file: CsvFile,
  roundId: string | null,
): Promise<number> {
  let rows = 0;
  const headerLength = toCsv(file.headers, []).length;
  async function* chunks(): AsyncGenerator<string> {
    yield toCsv(file.headers, []);
    const cursor = cursorRows<Record<string, string | null>>(tx, 'ocw_export', file.query(roundId));
    for await (const batch of cursor) {
      rows += batch.length;
      const body = batch.map((row) => file.headers.map((h) => row[h] ?? null));
      yield toCsv(file.headers, body).slice(headerLength);
    }
  }
  await pipeline(Readable.from(chunks()), createWriteStream(path));
  return rows;
}

// ---- import ----

export interface ImportSummary {
  round: RoundRow;
  responses: number;
  answers: number;
  skipped: number;
}

/**
 * Imports a CSV of answers into a round with the very rules of the API's
 * `POST …/responses/import`: all or nothing, and a line-numbered list of problems.
 */
export async function importAnswers(
  db: Database,
  actor: Actor,
  options: { trust: string; round: string; file: string },
): Promise<ImportSummary> {
  const trust = await findTrust(db, options.trust);
  const round = await findTrustRound(db, trust, options.round);
  let bytes: Buffer;
  try {
    bytes = await readFile(options.file);
  } catch {
    throw new CommandError(`Cannot read the file ${options.file}`);
  }
  const text = decodeUpload(bytes);
  if (text === null)
    throw new CommandError(
      `${options.file} is not a CSV file. Save it as CSV (comma separated) and try again.`,
    );
  const outcome = await importResponses(db, trust.id, actor, round.id, text, 'api');
  if (!outcome.ok)
    throw new CommandError(
      [
        `${outcome.message}.`,
        ...outcome.errors.map((e) => `  line ${e.row}, ${e.field}: ${e.message}`),
      ].join('\n'),
    );
  return {
    round,
    responses: outcome.responses,
    answers: outcome.answers,
    skipped: outcome.skipped,
  };
}
