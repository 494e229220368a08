import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { ensureDemo } from '../demo/seed.ts';
import type { Actor } from '../modules/audit/repository.ts';
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
import { openAndPrepare } from '../startup.ts';

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

Roles: ${ALL_ROLES.join(', ')}
Uses DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite, default ./data).`;

export class UsageError extends Error {}

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
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.join(' ');
  if (values.help === true || command === '' || command === 'help') {
    out(USAGE);
    return;
  }
  const known = ['migrate', 'demo', 'trust create', 'user create', 'token create'];
  if (!known.includes(command)) throw new UsageError(`Unknown command "${command}"`);

  const config = loadConfig(env);
  const db = await openAndPrepare(config);
  try {
    await runCommand(db, command, values, config, out);
  } finally {
    await db.close();
  }
}

type Values = Record<string, string | boolean | undefined>;

async function runCommand(
  db: Database,
  command: string,
  values: Values,
  config: ReturnType<typeof loadConfig>,
  out: (line: string) => void,
) {
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
    } else {
      console.error(error);
    }
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
