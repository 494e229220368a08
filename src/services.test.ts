import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from './config.ts';
import { createServices } from './services.ts';
import { createTestDatabase, Outbox } from '../test/helpers.ts';
import type { Database } from './db/client.ts';

describe('services', () => {
  let db: Database;
  let drop: () => Promise<void>;
  before(async () => {
    ({ db, drop } = await createTestDatabase());
  });
  after(() => drop());

  const make = () =>
    createServices({ config: loadConfig({ NODE_ENV: 'test' }), db, mailer: new Outbox() });

  it('remember what they read, and two sets of services share none of it', async () => {
    const one = make();
    const two = make();
    const first = await db.asSystem((tx) => one.versions.get(tx, '2026.1'));
    const again = await db.asSystem((tx) => one.versions.get(tx, '2026.1'));
    const other = await db.asSystem((tx) => two.versions.get(tx, '2026.1'));
    assert.ok(first !== undefined && again !== undefined && other !== undefined);
    assert.equal(again.content, first.content, 'parsed once');
    assert.notEqual(other.content, first.content, 'parsed again by the other set');
    assert.deepEqual(other.content, first.content);
    const welsh = one.versions.translate(first.content, 'cy');
    assert.equal(one.versions.translate(first.content, 'cy').areas[0]?.name, welsh.areas[0]?.name);
    assert.notEqual(welsh.areas[0]?.name, first.content.areas[0]?.name);
    await Promise.all([one.close(), two.close()]);
  });
});
