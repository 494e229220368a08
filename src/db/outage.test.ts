// Connections cut under the running service, on real PostgreSQL: every backend of the app's
// database is terminated from a separate admin connection, several times, mid-traffic.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import {
  Agent,
  apiToken,
  createTestApp,
  seedWorld,
  type TestApp,
  type World,
} from '../../test/helpers.ts';
import { queryRows } from './client.ts';
import { isDatabaseUnavailable } from './faults.ts';

const SERVER_URL = process.env.DATABASE_URL ?? '';
const skip =
  SERVER_URL === ''
    ? 'needs PostgreSQL: set DATABASE_URL (CI does on its second run) to cut real connections'
    : false;

const KILLS = 4;
const RECOVERY_LIMIT_MS = 5000;

describe('connections cut under the running service (PostgreSQL)', { skip }, () => {
  let t: TestApp;
  let world: World;
  let admin: pg.Client;
  let database = '';

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    const [row] = await queryRows<{ name: string }>(
      t.db.raw,
      sql`select current_database() as name`,
    );
    database = row?.name ?? '';
    admin = new pg.Client({ connectionString: SERVER_URL });
    admin.on('error', (error) => {
      console.error('admin connection lost', error.message);
    });
    await admin.connect();
  });
  after(async () => {
    await admin.end();
    await t.close();
  });

  /** Terminates every backend of the app's database; how many there were. */
  const terminateAll = async () => {
    // pg_terminate_backend in the select list runs only for the rows the filter kept.
    const result = await admin.query<{ pid: number }>(
      'select pid, pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    return result.rowCount ?? 0;
  };

  const localityNamed = async (name: string) =>
    t.db.withTrust(world.alpha.id, (tx) =>
      queryRows<{ id: string }>(tx, sql`select id from localities where name = ${name}`),
    );

  it('a transaction cut in the middle rolls back, and the next one works', async () => {
    const name = 'Half-saved locality';
    const cut = t.db.withTrust(world.alpha.id, async (tx) => {
      await tx.execute(
        sql`insert into localities (trust_id, name) values (${world.alpha.id}, ${name})`,
      );
      const [me] = await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
      await admin.query('select pg_terminate_backend($1)', [me?.pid]);
      // The connection dies while this client is checked out and idle: its 'error' event has
      // no query to go to. Unheard, it would end the process; wait for it to arrive.
      await sleep(300);
      await tx.execute(sql`select 1`);
    });
    await assert.rejects(cut, (error: unknown) => {
      assert.ok(isDatabaseUnavailable(error), String(error));
      return true;
    });
    assert.deepEqual(await localityNamed(name), [], 'nothing of the cut transaction was kept');
    const health = await t.app.inject('/health');
    assert.equal(health.statusCode, 200);
  });

  it('answers again within 5 s of each cut, loses no acknowledged write and half-saves nothing', async () => {
    const token = await apiToken(t.db, world.alpha.id, 'trust-admin');
    const person = new Agent(t.app);
    await person.signIn(world.users['trust-admin']);
    const base = `/trusts/${world.alpha.slug}/settings/localities`;

    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    const seen = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    let running = true;
    let n = 0;

    const apiWriter = async (w: number) => {
      while (running) {
        const name = `api ${w} ${n++}`;
        const response = await t.app.inject({
          method: 'POST',
          url: `/api/v1/trusts/${world.alpha.slug}/localities`,
          headers: { authorization: `Bearer ${token}` },
          payload: { name },
        });
        seen(response.statusCode);
        if (response.statusCode === 201) acknowledged.push(name);
      }
    };
    const formWriter = async () => {
      while (running) {
        const name = `form ${n++}`;
        const response = await person.post(base, { name });
        seen(response.statusCode);
        if (response.statusCode === 303) acknowledged.push(name);
      }
    };
    const reader = async () => {
      while (running) seen((await person.get(base)).statusCode);
    };
    const traffic = Promise.all([apiWriter(1), apiWriter(2), formWriter(), reader()]);

    const recoveries: number[] = [];
    let terminated = 0;
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        await sleep(700);
        terminated += await terminateAll();
        const cutAt = performance.now();
        for (;;) {
          const health = await t.app.inject('/health');
          if (health.statusCode === 200) break;
          assert.equal(health.statusCode, 503);
          assert.ok(performance.now() - cutAt < RECOVERY_LIMIT_MS, 'back within 5 s');
          await sleep(50);
        }
        recoveries.push(performance.now() - cutAt);
      }
      await sleep(300);
    } finally {
      running = false;
      await traffic;
    }

    const unexpected = [...statuses.keys()].filter((s) => ![200, 201, 303, 503].includes(s));
    assert.deepEqual(unexpected, [], `only successes and 503s: ${JSON.stringify([...statuses])}`);
    assert.ok(terminated >= KILLS, `connections were cut (${terminated})`);

    const stored = await t.db.withTrust(world.alpha.id, (tx) =>
      queryRows<{ name: string; audited: boolean }>(
        tx,
        sql`select l.name, exists (select 1 from audit_log a where a.entity = 'locality'
              and a.entity_id = l.id::text) as audited from localities l`,
      ),
    );
    const names = new Set(stored.map((r) => r.name));
    const lost = acknowledged.filter((name) => !names.has(name));
    assert.deepEqual(lost, [], 'every acknowledged write is stored');
    assert.deepEqual(
      stored.filter((r) => !r.audited).map((r) => r.name),
      [],
      'no locality without its audit entry',
    );
    const [orphans] = await t.db.asSystem((tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from audit_log a where a.entity = 'locality'
              and not exists (select 1 from localities l where l.id::text = a.entity_id)`,
      ),
    );
    assert.equal(orphans?.n, 0, 'no audit entry without its locality');

    const health = await t.app.inject('/health');
    assert.deepEqual(health.json(), { status: 'ok', database: 'postgres' });
    console.log(
      `  ${KILLS} cuts (${terminated} backends): back after ${recoveries.map((ms) => `${Math.round(ms)} ms`).join(', ')}; ` +
        `${acknowledged.length} writes acknowledged, ${stored.length} stored; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  });
});
