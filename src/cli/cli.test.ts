import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../db/client.ts';
import { authenticateToken } from '../modules/api/tokens.ts';
import { run, UsageError } from './main.ts';

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
});
