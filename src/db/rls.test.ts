import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, seedWorld, type World } from '../../test/helpers.ts';
import { queryRows, type Database } from './client.ts';
import { localities, memberships } from './schema/index.ts';

describe(`row-level security (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let db: Database;
  let drop: () => Promise<void>;
  let world: World;
  before(async () => {
    ({ db, drop } = await createTestDatabase());
    world = await seedWorld(db);
    await db.asSystem((tx) =>
      tx.insert(localities).values([
        { trustId: world.alpha.id, name: 'Alpha North' },
        { trustId: world.beta.id, name: 'Beta South' },
      ]),
    );
  });
  after(() => drop());

  it('forces row-level security on every table that has a trust_id', async () => {
    const tables = await queryRows<{ table: string; rls: boolean; forced: boolean }>(
      db.raw,
      sql`select c.relname as "table", c.relrowsecurity as "rls", c.relforcerowsecurity as "forced"
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r'
            and exists (select 1 from information_schema.columns col
                        where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'trust_id')
            and c.relname <> 'sessions'`,
    );
    assert.ok(tables.length >= 6);
    for (const t of tables) {
      assert.equal(t.rls, true, `${t.table} has row-level security`);
      assert.equal(t.forced, true, `${t.table} forces row-level security`);
    }
    // Each has the one isolation policy, which reads its settings once per query.
    const policies = await queryRows<{ table: string; qual: string }>(
      db.raw,
      sql`select tablename as "table", qual from pg_policies where policyname = 'trust_isolation'`,
    );
    assert.deepEqual(policies.map((p) => p.table).sort(), tables.map((t) => t.table).sort());
    for (const p of policies) assert.match(p.qual, /\(\s*SELECT/i, `${p.table} policy`);
  });

  it('returns no rows from a trust-owned table without the trust setting', async () => {
    const seen = await db.asUnscoped(async (tx) => ({
      localities: await tx.select().from(localities),
      memberships: await tx.select().from(memberships),
    }));
    assert.equal(seen.localities.length, 0);
    assert.equal(seen.memberships.length, 0);
    // The rows are there: the system scope sees both trusts' localities.
    const all = await db.asSystem((tx) => tx.select().from(localities));
    assert.equal(all.length, 2);
  });

  it("shows a trust only its own rows, even when asked for another trust's", async () => {
    const rows = await db.withTrust(world.alpha.id, (tx) =>
      tx.select().from(localities).where(eq(localities.trustId, world.beta.id)),
    );
    assert.equal(rows.length, 0);
    const own = await db.withTrust(world.alpha.id, (tx) => tx.select().from(localities));
    assert.deepEqual(
      own.map((l) => l.name),
      ['Alpha North'],
    );
  });

  it("refuses to write another trust's rows", async () => {
    await assert.rejects(
      db.withTrust(world.alpha.id, (tx) =>
        tx.insert(localities).values({ trustId: world.beta.id, name: 'Sneaky' }),
      ),
    );
    const updated = await db.withTrust(world.alpha.id, (tx) =>
      tx
        .update(localities)
        .set({ name: 'Renamed' })
        .where(eq(localities.trustId, world.beta.id))
        .returning(),
    );
    assert.equal(updated.length, 0);
    const deleted = await db.withTrust(world.alpha.id, (tx) =>
      tx.delete(localities).where(eq(localities.trustId, world.beta.id)).returning(),
    );
    assert.equal(deleted.length, 0);
    const beta = await db.withTrust(world.beta.id, (tx) => tx.select().from(localities));
    assert.deepEqual(
      beta.map((l) => l.name),
      ['Beta South'],
    );
  });

  it('runs trust queries as the application role, not the owner', async () => {
    const [row] = await db.withTrust(world.alpha.id, (tx) =>
      queryRows<{ user: string }>(tx, sql`select current_user as "user"`),
    );
    assert.equal(row?.user, 'ocw_app');
  });
});
