import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/client.ts';
import { knownMigrations, type MigrationState } from './catalog.ts';
import { CommandError } from './errors.ts';

// A backup is one gzip'd JSON Lines file:
//   line 1       {"format":"ocw-backup","formatVersion":1,"createdAt":…,"migrations":{…},…}
//   per table    {"table":"answers","columns":[{"name":…,"type":…}],"rows":1234}
//                then one line per row: a JSON array of the columns' values, each in
//                PostgreSQL's own text form (or null), which reads back exactly
//   per sequence {"sequence":"audit_log_id_seq","value":"42","called":true}
//   last line    {"end":true,"tables":…,"rows":…}
// Tables come parents first, so a restore can insert them as it reads them.

export const BACKUP_FORMAT = 'ocw-backup';
export const BACKUP_FORMAT_VERSION = 1;

/**
 * Left out of every backup: signed-in sessions (a restored copy should not let anyone in
 * on a session that was open when the backup was taken; people sign in again), the
 * sign-in throttling counters (they only matter for minutes and belong to the server that
 * counted them) and action plan imports not yet confirmed (a preview of a file that lasts a
 * day and holds nothing of the plan until it is confirmed; the person uploads the file
 * again). All are deleted by `restore --force` all the same.
 */
export const EXCLUDED_TABLES: readonly string[] = [
  'sessions',
  'sign_in_attempts',
  'action_import_drafts',
];

/** Filled from the framework files every time the application starts, so never "data". */
export const STARTUP_TABLES: readonly string[] = ['framework_versions'];

/** Settings under which every value is written, and read back, in one unambiguous form. */
export async function fixSettings(tx: Tx): Promise<void> {
  await tx.execute(sql`select set_config('app.system', 'on', true),
    set_config('DateStyle', 'ISO, YMD', true), set_config('IntervalStyle', 'postgres', true),
    set_config('TimeZone', 'UTC', true), set_config('extra_float_digits', '3', true),
    set_config('bytea_output', 'hex', true)`);
}

const columnSchema = z.object({ name: z.string(), type: z.string() });
const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  createdAt: z.string(),
  database: z.string(),
  migrations: z.object({ count: z.number().int().nonnegative(), last: z.string().nullable() }),
  tables: z.array(z.string()),
  excluded: z.array(z.string()),
});
export type BackupHeader = z.infer<typeof headerSchema>;
export const tableSchema = z.object({
  table: z.string(),
  columns: z.array(columnSchema),
  rows: z.number().int().nonnegative(),
});
export type TableLine = z.infer<typeof tableSchema>;
export const sequenceSchema = z.object({
  sequence: z.string(),
  value: z.string().regex(/^-?\d+$/),
  called: z.boolean(),
});
export const endSchema = z.object({
  end: z.literal(true),
  tables: z.number().int(),
  rows: z.number().int(),
});

export interface TableCount {
  table: string;
  rows: number;
}

export interface Line {
  number: number;
  value: unknown;
}

/** The file's lines, parsed; a file that is not gzip'd JSON Lines is refused plainly. */
export async function* readBackupLines(file: string): AsyncGenerator<Line> {
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let number = 0;
  const parse = (text: string): Line => {
    number += 1;
    try {
      return { number, value: JSON.parse(text) as unknown };
    } catch {
      throw new CommandError(`Line ${number} of the backup is not valid JSON: the file is damaged`);
    }
  };
  try {
    for await (const chunk of gunzip) {
      const parts = (rest + decoder.write(chunk as Buffer)).split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) yield parse(part);
    }
  } catch (error) {
    if (error instanceof CommandError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new CommandError(`There is no file ${file}`);
    if (typeof code === 'string' && code.startsWith('Z_'))
      throw new CommandError(`${file} is not an OCW backup, or it is damaged (${code})`);
    throw error;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  rest += decoder.end();
  if (rest !== '') yield parse(rest);
}

/** Checks a backup's first line: its format, and that this version of OCW can read it. */
export function checkHeader(value: unknown, database: MigrationState): BackupHeader {
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success) {
    const format = (value as { format?: unknown } | null)?.format;
    throw new CommandError(
      format === BACKUP_FORMAT
        ? 'The backup’s first line is not a header this version of OCW understands'
        : 'This file is not an OCW backup',
    );
  }
  const header = parsed.data;
  if (header.formatVersion > BACKUP_FORMAT_VERSION)
    throw new CommandError(
      `The backup is in format ${header.formatVersion}; this version of OCW reads format ${BACKUP_FORMAT_VERSION} only. Restore it with a newer version of OCW.`,
    );
  const known = knownMigrations();
  if (header.migrations.count > known.length || header.migrations.count > database.count)
    throw new CommandError(
      `The backup was taken from a newer version of OCW (database migration ${header.migrations.count}${header.migrations.last === null ? '' : `, ${header.migrations.last}`}); this version knows ${known.length}. Restore it with that version or a later one.`,
    );
  const expected = known[header.migrations.count - 1]?.tag ?? null;
  if (header.migrations.count > 0 && header.migrations.last !== expected)
    throw new CommandError(
      `The backup’s database migration ${header.migrations.count} is ${header.migrations.last ?? 'unknown'}, but this version of OCW calls it ${expected ?? 'nothing'}: it comes from a different line of versions and cannot be restored here.`,
    );
  return header;
}
