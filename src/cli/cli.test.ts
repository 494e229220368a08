import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../db/client.ts';
import { authenticateToken } from '../modules/api/tokens.ts';
import { CommandError, run, UsageError } from './main.ts';

describe('operator command', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const lines: string[] = [];
  const out = (line: string) => lines.push(line);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ocw-cli-'));
    env = { NODE_ENV: 'test', DATA_DIR: dir, DEMO_PASSWORD: 'a demo password for the cli' };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints usage for help and refuses unknown commands', async () => {
    await run(['help'], out, env);
    assert.match(lines.join('\n'), /token create --trust <slug> --role <role>/);
    await assert.rejects(run(['launch', 'rockets'], out, env), UsageError);
  });

  it('migrates, creates a trust, a user and a token that works', async () => {
    await run(['migrate'], out, env);
    await run(
      [
        'trust',
        'create',
        '--slug',
        'northshire',
        '--name',
        'Northshire Partnership',
        '--region',
        'North East',
      ],
      out,
      env,
    );
    await assert.rejects(
      run(['trust', 'create', '--slug', 'northshire', '--name', 'Again'], out, env),
      /already exists/,
    );
    await assert.rejects(
      run(['trust', 'create', '--slug', 'Bad Slug', '--name', 'X'], out, env),
      UsageError,
    );
    await run(
      [
        'user',
        'create',
        '--email',
        'Lead@Northshire.test',
        '--name',
        'Lead',
        '--password',
        'long enough password',
        '--trust',
        'northshire',
        '--role',
        'trust-admin',
      ],
      out,
      env,
    );
    await assert.rejects(
      run(
        [
          'user',
          'create',
          '--email',
          'x@y.test',
          '--name',
          'X',
          '--role',
          'boss',
          '--trust',
          'northshire',
        ],
        out,
        env,
      ),
      UsageError,
    );
    lines.length = 0;
    await run(['token', 'create', '--trust', 'northshire', '--role', 'viewer'], out, env);
    assert.equal(lines.length, 1, 'prints only the token');
    const token = lines[0] ?? '';
    assert.match(token, /^ocw_[A-Za-z0-9_-]+$/);
    await assert.rejects(
      run(['token', 'create', '--trust', 'nowhere', '--role', 'viewer'], out, env),
      /No trust/,
    );
    const db = await openDatabase({ dataDir: dir });
    try {
      const principal = await authenticateToken(db, `Bearer ${token}`);
      assert.equal(principal.trustSlug, 'northshire');
      assert.equal(principal.role, 'viewer');
    } finally {
      await db.close();
    }
  });

  it('loads the demo once, and again with --reset', async () => {
    lines.length = 0;
    await run(['demo'], out, env);
    assert.match(lines.join('\n'), /trust-admin@demo\.ocw\.test/);
    assert.match(lines.join('\n'), /a demo password for the cli/);
    await run(['demo'], out, env);
    await run(['demo', '--reset'], out, env);
  });

  it('backs up, restores over data only when forced, exports and imports', async () => {
    const file = join(dir, 'demo.ocw');
    await assert.rejects(run(['backup'], out, env), UsageError);
    await assert.rejects(run(['restore', 'a', 'b'], out, env), UsageError);
    lines.length = 0;
    await run(['backup', file], out, env);
    assert.match(lines.join('\n'), /^Backed up \d+ rows of \d+ tables to .*demo\.ocw/);
    assert.match(lines.join('\n'), /answers +\d+/);
    assert.match(lines.join('\n'), /Left out: sessions, sign_in_attempts/);
    await assert.rejects(run(['restore', file], out, env), CommandError);
    lines.length = 0;
    await run(['restore', file, '--force'], out, env);
    assert.match(lines.join('\n'), /^Restored \d+ rows of \d+ tables/);

    const folder = join(dir, 'export');
    lines.length = 0;
    await run(['export', '--trust', 'demo', '--out', folder], out, env);
    assert.match(lines.join('\n'), /answers\.csv +\d+ rows/);
    const roundId = readFileSync(join(folder, 'rounds.csv'), 'utf8')
      .split('\r\n')[1]
      ?.split(',')[0];
    const csv = join(dir, 'answers.csv');
    writeFileSync(
      csv,
      'respondent,sector,audience,item,value\ncli-1,,frontline,blue.common-core-skills.p1,3\n',
    );
    lines.length = 0;
    await run(['import', '--trust', 'demo', '--round', roundId ?? '', csv], out, env);
    assert.match(lines.join('\n'), /^Imported 1 respondent \(1 answer\)/);
    writeFileSync(csv, 'respondent,sector,audience,item,value\ncli-2,,frontline,nothing,3\n');
    await assert.rejects(
      run(['import', '--trust', 'demo', '--round', roundId ?? '', csv], out, env),
      (error: unknown) => error instanceof CommandError && /line 2, item/.test(error.message),
    );
  });
});
