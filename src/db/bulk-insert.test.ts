import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import { createTestDatabase, seedWorld, type World } from '../../test/helpers.ts';
import { insertRecords } from './bulk-insert.ts';
import type { Database } from './client.ts';
import { actions } from './schema/index.ts';

// insertRecords stores what a drizzle insert of the same rows would: text, arrays, JSON,
// dates, nulls and defaults; more rows than one chunk; and gives back the columns asked for.

describe('insertRecords', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let world: World;
  before(async () => {
    ({ db, drop } = await createTestDatabase());
    world = await seedWorld(db);
  });
  after(() => drop());

  it('stores every kind of value, and the defaults of the columns left out', async () => {
    const trustId = world.alpha.id;
    const rows = Array.from({ length: 2501 }, (_, i) => ({
      trustId,
      number: String(i + 1),
      numberKey: String(i + 1).padStart(6, '0'),
      title: i === 0 ? 'Quotes " and \\ and “curly” and Welsh ŵ' : `Action ${String(i + 1)}`,
      areas: i === 0 ? ['red', 'blue'] : [],
      target: i === 0 ? { kind: 'month', year: 2027, month: 3 } : null,
      targetDue: i === 0 ? '2027-03-31' : null,
      createdBy: 'test',
    }));
    const back = await db.withTrust(trustId, (tx) =>
      insertRecords(tx, actions, rows, ['id', 'numberKey']),
    );
    assert.equal(back.length, 2501);
    assert.equal(new Set(back.map((b) => b.id)).size, 2501);
    const stored = await db.withTrust(trustId, (tx) =>
      tx.select().from(actions).where(eq(actions.trustId, trustId)).orderBy(asc(actions.numberKey)),
    );
    assert.equal(stored.length, 2501);
    const [first, second] = stored;
    assert.ok(first && second);
    assert.equal(first.title, 'Quotes " and \\ and “curly” and Welsh ŵ');
    assert.deepEqual(first.areas, ['red', 'blue']);
    assert.deepEqual(first.target, { kind: 'month', year: 2027, month: 3 });
    assert.equal(first.targetDue, '2027-03-31');
    // Left out: the defaults.
    assert.equal(first.description, '');
    assert.equal(first.status, 'not-started');
    assert.equal(first.revision, 1);
    assert.deepEqual(second.dimensions, []);
    assert.equal(second.target, null);
    assert.equal(back.find((b) => b.numberKey === '000001')?.id, first.id);
  });

  it('stores nothing for no rows', async () => {
    assert.deepEqual(
      await db.withTrust(world.alpha.id, (tx) => insertRecords(tx, actions, [], ['id'])),
      [],
    );
  });
});
