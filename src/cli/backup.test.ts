import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.ts';
import { ensureDemo } from '../demo/seed.ts';
import { createTestDatabase, seedWorld } from '../../test/helpers.ts';
import { addAnalysisWorkshop, addRound, addSectors } from '../../test/fixtures.ts';
import { backupDatabase } from './backup.ts';
import { EXCLUDED_TABLES } from './backup-format.ts';
import { ident, knownMigrations, readSequences, readTables } from './catalog.ts';
import { CommandError } from './errors.ts';
import { restoreDatabase } from './restore.ts';

/** Every row of every table as sorted JSON (PostgreSQL's own JSON form), and each sequence. */
async function dump(db: Database): Promise<Record<string, string[]>> {
  return db.asSystem(async (tx) => {
    const all: Record<string, string[]> = {};
    for (const table of await readTables(tx)) {
      const rows = await queryRows<{ j: string }>(
        tx,
        sql`select to_jsonb(t)::text as j from ${ident(table.name)} t`,
      );
      all[table.name] = rows.map((r) => r.j).sort();
    }
    for (const sequence of await readSequences(tx)) {
      const rows = await queryRows<{ j: string }>(
        tx,
        sql`select json_build_array(last_value, is_called)::text as j from ${ident(sequence)}`,
      );
      all[`sequence ${sequence}`] = rows.map((r) => r.j);
    }
    return all;
  });
}

function withoutExcluded(all: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(all).filter(([name]) => !EXCLUDED_TABLES.includes(name)),
  );
}

/** Rows that put every kind of column value to the test. */
async function addAwkwardRows(db: Database, trustId: string) {
  await addSectors(db, trustId);
  const round = await addRound(db, trustId, { title: 'Awkward “round”, with\nnewline' });
  const workshop = await addAnalysisWorkshop(db, trustId, round.id, [
    { dimensionKey: 'shared-vision', score: '2.5', stage: 3 },
    { dimensionKey: 'clear-remits', stage: 1 },
  ]);
  await db.asSystem(async (tx) => {
    await tx.execute(sql`update rounds set created_at = '2026-03-04 05:06:07.123456+05:30',
      starts_on = '0044-03-15 BC' where id = ${round.id}`);
    await tx.execute(sql`update workshops set
      notes = ${'Quotes " and \' , back\\slash, tab\t, CR\r, emoji 🧒, Welsh ŵ, {braces}, NULL'},
      participants = ${'[{"sectorKey": "health", "count": 3}, {"big": 12345678901234567890.123456789, "tiny": 1e-7, "nested": {"a": [null, true, "x\\"y"]}}]'}::jsonb
      where id = ${workshop.id}`);
    await tx.execute(sql`update workshop_ratings set
      evidence_links = array['a,b', 'with "quote"', 'NULL', '', '{braces}', null, 'back\\slash']
      where workshop_id = ${workshop.id} and dimension_key = 'shared-vision'`);
    await tx.execute(sql`update workshop_ratings set score = 5.0 where dimension_key = 'clear-remits'
      and workshop_id = ${workshop.id}`);
    // The audit log's sequence runs ahead of its rows: a restore keeps it where it was.
    await tx.execute(sql`select setval('audit_log_id_seq', 1000)`);
    await tx.execute(sql`insert into audit_log (trust_id, actor, action, entity, details)
      values (${trustId}, 'test', 'poke', 'nothing', '{"n": 1.10}'::jsonb)`);
    await tx.execute(sql`delete from audit_log where action = 'poke'`);
    await tx.execute(sql`update users set disabled_at = '2026-01-02 03:04:05.000001+00',
      password_hash = null where email = 'viewer@alpha.test'`);
    await tx.execute(sql`insert into sessions (id_hash, user_id, csrf_secret, expires_at)
      select 'session-hash', id, 'secret', now() + interval '1 day' from users
      where email = 'trust-admin@alpha.test'`);
  });
}

describe('backup and restore', () => {
  let source: Awaited<ReturnType<typeof createTestDatabase>>;
  let target: Awaited<ReturnType<typeof createTestDatabase>>;
  let dir: string;
  let file: string;
  let expected: Record<string, string[]>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ocw-backup-'));
    file = join(dir, 'all.ocw');
    [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await ensureDemo(source.db, { demoPassword: 'demo password for backups', dataDir: dir });
    const world = await seedWorld(source.db);
    await addAwkwardRows(source.db, world.alpha.id);
    expected = withoutExcluded(await dump(source.db));
  });
  after(async () => {
    await Promise.all([source.drop(), target.drop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores every row of every table exactly into a fresh database', async () => {
    assert.ok((expected.answers ?? []).length > 1000, 'the demo gives a rich database');
    assert.ok(
      expected.workshop_ratings?.some((r) => r.includes('"NULL", "", "{braces}", null')),
      'the awkward values are there',
    );
    assert.ok(expected.rounds?.some((r) => r.includes('0044-03-15')));
    assert.ok(expected.workshops?.some((r) => r.includes('12345678901234567890.123456789')));
    const backup = await backupDatabase(source.db, file);
    assert.deepEqual(
      backup.tables.map((t) => t.table).filter((t) => EXCLUDED_TABLES.includes(t)),
      [],
      'sessions are left out',
    );
    const restored = await restoreDatabase(target.db, file);
    assert.equal(
      restored.tables.find((t) => t.table === 'answers')?.rows,
      expected.answers?.length,
    );
    const after = await dump(target.db);
    assert.deepEqual(after.sessions, []);
    assert.deepEqual(withoutExcluded(after), expected);
    assert.ok(
      (expected['sequence audit_log_id_seq'] ?? []).includes('[1001, true]'),
      'the sequence was ahead of its rows',
    );
  });

  it('refuses a database that holds data, unless forced, and then replaces everything', async () => {
    await assert.rejects(
      restoreDatabase(target.db, file),
      (error: unknown) =>
        error instanceof CommandError &&
        /already holds data \(\d+ trusts, \d+ users, rows in \d+ other tables\)/.test(
          error.message,
        ) &&
        /--force/.test(error.message),
    );
    await target.db.asSystem((tx) =>
      tx.execute(sql`insert into sessions (id_hash, user_id, csrf_secret, expires_at)
        select 'another', id, 'secret', now() + interval '1 day' from users limit 1`),
    );
    await restoreDatabase(target.db, file, { force: true });
    const after = await dump(target.db);
    assert.deepEqual(after.sessions, []);
    assert.deepEqual(withoutExcluded(after), expected);
  });

  it('refuses a backup from a newer version, and a damaged one, storing nothing', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const header = JSON.parse(lines[0] ?? '{}') as {
      formatVersion: number;
      migrations: { count: number; last: string | null };
    };
    const write = (name: string, content: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, gzipSync(content.join('\n')));
      return path;
    };
    const newer = write('newer.ocw', [
      JSON.stringify({
        ...header,
        migrations: { count: knownMigrations().length + 1, last: '9999_from_the_future' },
      }),
      ...lines.slice(1),
    ]);
    await assert.rejects(restoreDatabase(target.db, newer, { force: true }), /newer version/);
    const newerFormat = write('format.ocw', [
      JSON.stringify({ ...header, formatVersion: 2 }),
      ...lines.slice(1),
    ]);
    await assert.rejects(restoreDatabase(target.db, newerFormat, { force: true }), /format 2/);
    const otherLine = write('other.ocw', [
      JSON.stringify({ ...header, migrations: { count: 1, last: 'not_ours' } }),
      ...lines.slice(1),
    ]);
    await assert.rejects(restoreDatabase(target.db, otherLine, { force: true }), /different line/);

    // Cut off half way through the answers: the forced restore fails and changes nothing.
    const answersAt = lines.findIndex((l) => l.startsWith('{"table":"answers"'));
    const cut = write('cut.ocw', lines.slice(0, answersAt + 100));
    await assert.rejects(restoreDatabase(target.db, cut, { force: true }), /incomplete|damaged/);
    const truncated = write('truncated.ocw', lines.slice(0, -2));
    await assert.rejects(restoreDatabase(target.db, truncated, { force: true }), /incomplete/);
    assert.deepEqual(withoutExcluded(await dump(target.db)), expected);

    await assert.rejects(
      restoreDatabase(target.db, join(process.cwd(), 'package.json'), { force: true }),
      /not an OCW backup/,
    );
    await assert.rejects(restoreDatabase(target.db, join(dir, 'missing.ocw')), /no file/);
  });
});
