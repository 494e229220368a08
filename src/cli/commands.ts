import type { loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { ensureDemo } from '../demo/seed.ts';
import type { Actor } from '../kernel/audit.ts';
import { createApiToken } from '../modules/api/index.ts';
import {
  generatePassword,
  ensureUser,
  findTrustBySlug,
  grantGlobalRole,
  grantTrustRole,
  insertTrust,
  SLUG_PATTERN,
} from '../modules/people/index.ts';
import { isGlobalRole, isTrustRole } from '../kernel/roles.ts';
import { formatJobsReport, jobsReport } from '../jobs/status.ts';
import { backupDatabase } from './backup.ts';
import { EXCLUDED_TABLES, type TableCount } from './backup-format.ts';
import { UsageError } from './errors.ts';
import { restoreDatabase } from './restore.ts';
import { exportTrust, importAnswers } from './transfer.ts';

const OPERATOR: Actor = { userId: null, label: 'operator' };

type Values = Record<string, string | boolean | undefined>;

export interface Invocation {
  /** The file named by backup, restore and import. */
  file: string;
  values: Values;
  config: ReturnType<typeof loadConfig>;
  out: (line: string) => void;
}

export interface Command {
  /** Whether the command takes a file name after it (one word commands only). */
  takesFile: boolean;
  run: (db: Database, invocation: Invocation) => Promise<void>;
}

function need(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value.trim();
}

/** An option's value if it is a string (a boolean flag given where a value was meant is not). */
function str(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

function printCounts(out: (line: string) => void, counts: TableCount[]) {
  const width = Math.max(...counts.map((c) => c.table.length));
  for (const { table, rows } of counts) out(`  ${table.padEnd(width)}  ${rows}`);
}

/** Opening the database has migrated it and loaded the framework already. */
async function migrate(_db: Database, { out }: Invocation) {
  out('Database migrated; framework versions loaded.');
}

async function demo(db: Database, { values, config, out }: Invocation) {
  const ready = await ensureDemo(db, config, { reset: values.reset === true });
  out(`Demo trust "${ready.trustName}" is ready. Sign in as any of:`);
  for (const email of ready.emails) out(`  ${email}`);
  out(`with the password: ${ready.password}`);
}

async function trustCreate(db: Database, { values, out }: Invocation) {
  const slug = need(str(values, 'slug'), 'slug');
  if (!SLUG_PATTERN.test(slug))
    throw new UsageError('--slug must be lower-case letters, digits and hyphens');
  const name = need(str(values, 'name'), 'name');
  const trust = await db.asSystem((tx) =>
    insertTrust(tx, OPERATOR, { slug, name, region: str(values, 'region') }),
  );
  if (trust === undefined) throw new UsageError(`A trust with slug "${slug}" already exists`);
  out(`Created trust ${trust.slug} (${trust.name}).`);
}

async function userCreate(db: Database, { values, out }: Invocation) {
  const email = need(str(values, 'email'), 'email').toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new UsageError('--email is not a valid email address');
  const password = str(values, 'password') ?? generatePassword();
  if (password.length < 12) throw new UsageError('--password must be at least 12 characters');
  const role = str(values, 'role');
  const trustSlug = str(values, 'trust');
  const global = str(values, 'global');
  if (role !== undefined && !isTrustRole(role))
    throw new UsageError(`--role must be one of trust-admin, contributor, action-lead, viewer`);
  if (global !== undefined && !isGlobalRole(global))
    throw new UsageError('--global must be system-admin or national-analyst');
  if ((role === undefined) !== (trustSlug === undefined))
    throw new UsageError('--trust and --role go together');
  await db.asSystem(async (tx) => {
    const trust = trustSlug === undefined ? undefined : await findTrustBySlug(tx, trustSlug);
    if (trustSlug !== undefined && trust === undefined)
      throw new UsageError(`No trust with slug "${trustSlug}"`);
    const name = need(str(values, 'name'), 'name');
    const { user } = await ensureUser(tx, { email, name, password });
    if (global !== undefined && isGlobalRole(global)) await grantGlobalRole(tx, user.id, global);
    if (trust !== undefined && role !== undefined && isTrustRole(role))
      await grantTrustRole(tx, OPERATOR, trust.id, user.id, role);
  });
  const shown = str(values, 'password') === undefined ? ` Password: ${password}` : '';
  out(`User ${email} is ready.${shown}`);
}

async function tokenCreate(db: Database, { values, out }: Invocation) {
  const role = need(str(values, 'role'), 'role');
  if (!isTrustRole(role) && role !== 'national-analyst')
    throw new UsageError(
      '--role must be trust-admin, contributor, action-lead, viewer or national-analyst',
    );
  const trustSlug = str(values, 'trust');
  if (isTrustRole(role) && trustSlug === undefined)
    throw new UsageError('--trust is required for a trust role');
  const token = await db.asSystem(async (tx) => {
    const trust = trustSlug === undefined ? undefined : await findTrustBySlug(tx, trustSlug);
    if (trustSlug !== undefined && trust === undefined)
      throw new UsageError(`No trust with slug "${trustSlug}"`);
    return createApiToken(tx, {
      trustId: trust?.id ?? null,
      role,
      name: str(values, 'name') ?? `operator token (${role})`,
      createdBy: null,
    });
  });
  out(token.token);
}

async function backup(db: Database, { file, out }: Invocation) {
  const started = performance.now();
  const summary = await backupDatabase(db, file);
  const rows = summary.tables.reduce((n, t) => n + t.rows, 0);
  out(
    `Backed up ${rows} rows of ${summary.tables.length} tables to ${file} (${(summary.bytes / 1024).toFixed(0)} KB) in ${seconds(started)}.`,
  );
  printCounts(out, summary.tables);
  out(
    `Left out: ${EXCLUDED_TABLES.join(', ')} (after a restore people sign in again and upload an unconfirmed import again).`,
  );
}

async function restore(db: Database, { file, values, out }: Invocation) {
  const started = performance.now();
  const summary = await restoreDatabase(db, file, { force: values.force === true });
  const rows = summary.tables.reduce((n, t) => n + t.rows, 0);
  out(
    `Restored ${rows} rows of ${summary.tables.length} tables from ${file} (taken ${summary.header.createdAt}) in ${seconds(started)}.`,
  );
  printCounts(out, summary.tables);
  if (summary.olderBy > 0)
    out(
      `The backup is from an older version of OCW (${summary.olderBy} database migration${summary.olderBy === 1 ? '' : 's'} behind): columns added since then have their default values.`,
    );
}

async function exportCommand(db: Database, { values, out }: Invocation) {
  const summary = await exportTrust(db, {
    trust: need(str(values, 'trust'), 'trust'),
    round: str(values, 'round'),
    out: str(values, 'out'),
  });
  out(`Exported to ${summary.folder}:`);
  for (const f of summary.files) out(`  ${f.name.padEnd(20)}  ${plural(f.rows, 'row')}`);
}

async function importCommand(db: Database, { file, values, out }: Invocation) {
  const summary = await importAnswers(db, OPERATOR, {
    trust: need(str(values, 'trust'), 'trust'),
    round: need(str(values, 'round'), 'round'),
    file,
  });
  out(
    `Imported ${plural(summary.responses, 'respondent')} (${plural(summary.answers, 'answer')}) into "${summary.round.title}".` +
      (summary.skipped > 0
        ? ` Skipped ${plural(summary.skipped, 'respondent')} already imported into this round.`
        : ''),
  );
}

async function jobs(db: Database, { out }: Invocation) {
  for (const line of formatJobsReport(await jobsReport(db))) out(line);
}

/** Every command, by the words that name it. */
export const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['migrate', { takesFile: false, run: migrate }],
  ['demo', { takesFile: false, run: demo }],
  ['trust create', { takesFile: false, run: trustCreate }],
  ['user create', { takesFile: false, run: userCreate }],
  ['token create', { takesFile: false, run: tokenCreate }],
  ['backup', { takesFile: true, run: backup }],
  ['restore', { takesFile: true, run: restore }],
  ['export', { takesFile: false, run: exportCommand }],
  ['import', { takesFile: true, run: importCommand }],
  ['jobs', { takesFile: false, run: jobs }],
]);
