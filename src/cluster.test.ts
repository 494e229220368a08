import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import { workerCount } from './cluster.ts';
import { ConfigError, loadConfig } from './config.ts';

describe('worker processes', () => {
  const pg = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ocw' };

  it('runs one per core on PostgreSQL unless WEB_CONCURRENCY says otherwise', () => {
    assert.equal(workerCount(loadConfig(pg)), availableParallelism());
    assert.equal(workerCount(loadConfig({ ...pg, WEB_CONCURRENCY: '3' })), 3);
    assert.equal(workerCount(loadConfig({ ...pg, WEB_CONCURRENCY: '' })), availableParallelism());
  });

  it('runs exactly one on PGlite', () => {
    assert.equal(workerCount(loadConfig({})), 1);
    assert.equal(workerCount(loadConfig({ WEB_CONCURRENCY: '4' })), 1);
  });

  it('refuses a count that is not a whole number from 1 to 64', () => {
    for (const value of ['0', '-1', '2.5', 'many', '65'])
      assert.throws(
        () => loadConfig({ ...pg, WEB_CONCURRENCY: value }),
        (error: unknown) => error instanceof ConfigError && /WEB_CONCURRENCY/.test(error.message),
        value,
      );
  });
});
