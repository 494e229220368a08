import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { ensureDemo } from '../demo/seed.ts';
import type { Actor } from '../kernel/audit.ts';
import { createApiToken } from '../modules/api/tokens.ts';
import { generatePassword } from '../modules/people/passwords.ts';
import {
  ensureUser,
  findTrustBySlug,
  grantGlobalRole,
  grantTrustRole,
  insertTrust,
  SLUG_PATTERN,
} from '../modules/people/provisioning.ts';
import { ALL_ROLES, isGlobalRole, isTrustRole } from '../modules/people/roles.ts';
import { formatJobsReport, jobsReport } from '../jobs/status.ts';
import { openAndPrepare } from '../startup.ts';
import { backupDatabase } from './backup.ts';
import { EXCLUDED_TABLES, type TableCount } from './backup-format.ts';
import { CommandError, UsageError } from './errors.ts';
import { restoreDatabase } from './restore.ts';
import { exportTrust, importAnswers } from './transfer.ts';

export { CommandError, UsageError };

const OPERATOR: Actor = { userId: null, label: 'operator' };

const USAGE = `Usage: npm run -s ocw -- <command>

  migrate                                  apply database migrations and load the framework
  demo [--reset]                           load the demo trusts (again, with --reset)
  trust create --slug <slug> --name <name> [--region <region>]
  user create --email <email> --name <name> [--password <pw>]
              [--trust <slug> --role <role>] [--global <system-admin|national-analyst>]
  token create --trust <slug> --role <role> [--name <name>]
                                           prints only the bearer token
                                           (--role national-analyst needs no --trust)
  backup <file>                            write every trust's data to one file
                                           (gzip'd JSON Lines; sign-in sessions left out)
  restore <file> [--force]                 load a backup into an empty database
                                           (--force first deletes everything in it)
  export --trust <slug> [--round <id|title>] [--out <folder>]
                                           write a trust's data as CSV files in a folder
                                           (default ./export-<slug>-<yyyy-mm-dd>)
  import --trust <slug> --round <id|title> <file.csv>
                                           import answers: respondent,sector,audience,item,value
  jobs                                     list the scheduled and queued jobs: schedule,
                                           how many wait, run and failed, and the last runs

Roles: ${ALL_ROLES.join(', ')}
Uses DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite, default ./data).`;

function need(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value.trim();
}

export async function run(
  argv: string[],
  out: (line: string) => void = console.log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      reset: { type: 'boolean' },
      slug: { type: 'string' },
      name: { type: 'string' },
      region: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      trust: { type: 'string' },
      role: { type: 'string' },
      global: { type: 'string' },
      force: { type: 'boolean' },
      round: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true || positionals.length === 0 || positionals[0] === 'help') {
    out(USAGE);
    return;
  }
  const { command, file } = readCommand(positionals);

  const config = loadConfig(env);
  const db = await openAndPrepare(config);
  try {
    await runCommand(db, { command, file, values, config, out });
  } finally {
    await db.close();
  }
}

/** One word commands, and whether they take a file. */
const SINGLE = new Map<string, 'file' | 'none'>([
  ['migrate', 'none'],
  ['demo', 'none'],
  ['backup', 'file'],
  ['restore', 'file'],
  ['export', 'none'],
  ['import', 'file'],
  ['jobs', 'none'],
]);
const DOUBLE = ['trust create', 'user create', 'token create'];

function readCommand(positionals: string[]): { command: string; file: string } {
  const [first = '', ...rest] = positionals;
  const takes = SINGLE.get(first);
  if (takes === 'file') {
    const [file, ...extra] = rest;
    if (file === undefined || file.trim() === '')
      throw new UsageError(`${first} needs a file name`);
    if (extra.length > 0) throw new UsageError(`${first} takes one file name`);
    return { command: first, file };
  }
  const command = takes === 'none' ? first : positionals.join(' ');
  if ((takes === 'none' && rest.length > 0) || (takes === undefined && !DOUBLE.includes(command)))
    throw new UsageError(`Unknown command "${positionals.join(' ')}"`);
  return { command, file: '' };
}

type Values = Record<string, string | boolean | undefined>;

interface Invocation {
  command: string;
  /** The file named by backup, restore and import. */
  file: string;
  values: Values;
  config: ReturnType<typeof loadConfig>;
  out: (line: string) => void;
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

async function runCommand(db: Database, { command, file, values, config, out }: Invocation) {
  const str = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  switch (command) {
    case 'migrate':
      out('Database migrated; framework versions loaded.');
      return;
    case 'demo': {
      const demo = await ensureDemo(db, config, { reset: values.reset === true });
      out(`Demo trust "${demo.trustName}" is ready. Sign in as any of:`);
      for (const email of demo.emails) out(`  ${email}`);
      out(`with the password: ${demo.password}`);
      return;
    }
    case 'trust create': {
      const slug = need(str('slug'), 'slug');
      if (!SLUG_PATTERN.test(slug))
        throw new UsageError('--slug must be lower-case letters, digits and hyphens');
      const trust = await db.asSystem((tx) =>
        insertTrust(tx, OPERATOR, { slug, name: need(str('name'), 'name'), region: str('region') }),
      );
      if (trust === undefined) throw new UsageError(`A trust with slug "${slug}" already exists`);
      out(`Created trust ${trust.slug} (${trust.name}).`);
      return;
    }
    case 'user create': {
      const email = need(str('email'), 'email').toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        throw new UsageError('--email is not a valid email address');
      const password = str('password') ?? generatePassword();
      if (password.length < 12) throw new UsageError('--password must be at least 12 characters');
      const role = str('role');
      const trustSlug = str('trust');
      const global = str('global');
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
        const { user } = await ensureUser(tx, { email, name: need(str('name'), 'name'), password });
        if (global !== undefined && isGlobalRole(global))
          await grantGlobalRole(tx, user.id, global);
        if (trust !== undefined && role !== undefined && isTrustRole(role))
          await grantTrustRole(tx, OPERATOR, trust.id, user.id, role);
      });
      out(
        `User ${email} is ready.${str('password') === undefined ? ` Password: ${password}` : ''}`,
      );
      return;
    }
    case 'backup': {
      const started = performance.now();
      const summary = await backupDatabase(db, file);
      const rows = summary.tables.reduce((n, t) => n + t.rows, 0);
      out(
        `Backed up ${rows} rows of ${summary.tables.length} tables to ${file} (${(summary.bytes / 1024).toFixed(0)} KB) in ${seconds(started)}.`,
      );
      printCounts(out, summary.tables);
      out(`Left out: ${EXCLUDED_TABLES.join(', ')} (people sign in again after a restore).`);
      return;
    }
    case 'restore': {
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
      return;
    }
    case 'export': {
      const summary = await exportTrust(db, {
        trust: need(str('trust'), 'trust'),
        round: str('round'),
        out: str('out'),
      });
      out(`Exported to ${summary.folder}:`);
      for (const f of summary.files) out(`  ${f.name.padEnd(20)}  ${plural(f.rows, 'row')}`);
      return;
    }
    case 'import': {
      const summary = await importAnswers(db, OPERATOR, {
        trust: need(str('trust'), 'trust'),
        round: need(str('round'), 'round'),
        file,
      });
      out(
        `Imported ${plural(summary.responses, 'respondent')} (${plural(summary.answers, 'answer')}) into "${summary.round.title}".` +
          (summary.skipped > 0
            ? ` Skipped ${plural(summary.skipped, 'respondent')} already imported into this round.`
            : ''),
      );
      return;
    }
    case 'jobs':
      for (const line of formatJobsReport(await jobsReport(db))) out(line);
      return;
    case 'token create': {
      const role = need(str('role'), 'role');
      if (!isTrustRole(role) && role !== 'national-analyst')
        throw new UsageError(
          '--role must be trust-admin, contributor, action-lead, viewer or national-analyst',
        );
      const trustSlug = str('trust');
      if (isTrustRole(role) && trustSlug === undefined)
        throw new UsageError('--trust is required for a trust role');
      const token = await db.asSystem(async (tx) => {
        const trust = trustSlug === undefined ? undefined : await findTrustBySlug(tx, trustSlug);
        if (trustSlug !== undefined && trust === undefined)
          throw new UsageError(`No trust with slug "${trustSlug}"`);
        return createApiToken(tx, {
          trustId: trust?.id ?? null,
          role,
          name: str('name') ?? `operator token (${role})`,
          createdBy: null,
        });
      });
      out(token.token);
      return;
    }
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    if (
      error instanceof UsageError ||
      (error instanceof Error && error.name === 'TypeError' && 'code' in error)
    ) {
      console.error(`${error.message}\n\n${USAGE}`);
    } else if (error instanceof CommandError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
