import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config.ts';
import { openWhenReady } from './instance.ts';

// A start waits for PostgreSQL while it is unavailable (both may be starting together),
// and gives up with the database's own error once the wait is over.

describe('starting while the database is away', () => {
  it('tries again with growing pauses, then gives up', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing',
    });
    const said: string[] = [];
    const began = Date.now();
    await assert.rejects(
      openWhenReady(config, 1_200, (m) => said.push(m)),
      (error: unknown) => {
        assert.match(String(error), /ECONNREFUSED|connect/);
        return true;
      },
    );
    assert.ok(said.length >= 2, said.join(' | '));
    assert.match(said[0] ?? '', /not available yet; trying again in 0.25 s/);
    assert.match(said[1] ?? '', /trying again in 0.5 s/);
    assert.ok(Date.now() - began < 5_000);
  });

  it('does not wait for a mistake that waiting cannot mend', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'not a url at all' });
    const said: string[] = [];
    await assert.rejects(openWhenReady(config, 10_000, (m) => said.push(m)));
    assert.equal(said.length, 0);
  });
});
