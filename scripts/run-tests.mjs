// Runs every *.test.ts file with node's test runner (Node 20 does not expand globs), or the
// files named on the command line. Unit and HTTP tests first, then the browser journeys in
// test/e2e.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...find(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out.sort();
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : [...find('src'), ...find('test')];

// The whole suite starts with the static checks (type-check, eslint, prettier, madge), unless
// OCW_CHECKED=1 says they have just passed on this tree (.ci/run's second, PostgreSQL run).
if (only.length === 0 && process.env.OCW_CHECKED !== '1') {
  const check = spawnSync('npm', ['run', '-s', 'check'], { stdio: 'inherit' });
  if (check.status !== 0) process.exit(check.status ?? 1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
