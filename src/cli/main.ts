import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { ALL_ROLES } from '../kernel/roles.ts';
import { openAndPrepare } from '../startup.ts';
import { COMMANDS, type Command } from './commands.ts';
import { CommandError, UsageError } from './errors.ts';

export { CommandError, UsageError };

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
    await command.run(db, { file, values, config, out });
  } finally {
    await db.close();
  }
}

/** The command the words name, and the file after it if it takes one. */
function readCommand(positionals: string[]): { command: Command; file: string } {
  const [first = '', ...rest] = positionals;
  const single = COMMANDS.get(first);
  if (single?.takesFile === true) {
    const [file, ...extra] = rest;
    if (file === undefined || file.trim() === '')
      throw new UsageError(`${first} needs a file name`);
    if (extra.length > 0) throw new UsageError(`${first} takes one file name`);
    return { command: single, file };
  }
  const command = single ?? COMMANDS.get(positionals.join(' '));
  if (command === undefined || (single !== undefined && rest.length > 0))
    throw new UsageError(`Unknown command "${positionals.join(' ')}"`);
  return { command, file: '' };
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
