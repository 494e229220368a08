import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { frameworkVersions } from '../../db/schema/index.ts';
import { createTestDatabase } from '../../../test/helpers.ts';
import type { Database } from '../../db/client.ts';
import {
  FrameworkFileError,
  getVersion,
  loadFrameworkFiles,
  lockVersion,
  stageBands,
  syncFrameworkVersions,
} from './repository.ts';
import type { FrameworkVersion } from './schema.ts';

const shipped = (): FrameworkVersion => {
  const [version] = loadFrameworkFiles();
  if (version === undefined) throw new Error('no framework file');
  return structuredClone(version);
};

/** A copy of the shipped version under another key, so tests do not touch 2026.1. */
const copyAs = (key: string, status: 'draft' | 'published' = 'draft'): FrameworkVersion => ({
  ...shipped(),
  key,
  title: `Test framework ${key}`,
  status,
});

/** Writes one version file to a new folder and loads it, returning the error message. */
function loadError(version: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'ocw-framework-'));
  try {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(version));
    assert.throws(() => loadFrameworkFiles(dir), FrameworkFileError);
    try {
      loadFrameworkFiles(dir);
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('framework files', () => {
  it('parses the shipped 2026.1 version', () => {
    const versions = loadFrameworkFiles();
    const version = versions.find((v) => v.key === '2026.1');
    assert.ok(version);
    assert.equal(version.areas.length, 7);
    assert.equal(version.stages.length, 4);
    assert.ok(version.areas.every((a) => a.dimensions.length >= 4 && a.dimensions.length <= 6));
  });

  it('loads a valid file from another folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocw-framework-'));
    try {
      writeFileSync(join(dir, 'good.json'), JSON.stringify(copyAs('2099.1')));
      writeFileSync(join(dir, 'notes.txt'), 'not a version');
      const versions = loadFrameworkFiles(dir);
      assert.deepEqual(
        versions.map((v) => v.key),
        ['2099.1'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects duplicate item keys', () => {
    const version = shipped();
    const [first, second] = version.areas[0]?.dimensions[0]?.items ?? [];
    assert.ok(first && second);
    second.key = first.key;
    const message = loadError(version);
    assert.match(message, /Framework file bad\.json is not valid/);
    assert.match(message, new RegExp(`duplicate key item:${first.key.replace(/\./g, '\\.')}`));
  });

  it('rejects a dimension with no item for an audience', () => {
    const version = shipped();
    const dimension = version.areas[2]?.dimensions[1];
    assert.ok(dimension);
    dimension.items = dimension.items.filter((i) => !i.audiences.includes('parents-carers'));
    assert.match(loadError(version), new RegExp(`${dimension.key} has no item for parents-carers`));
  });

  it('rejects stage bands that do not rise', () => {
    const version = shipped();
    const stage = version.stages[2];
    assert.ok(stage);
    stage.minScore = 2;
    assert.match(loadError(version), /stages: stage bands must start at 1 and rise/);
  });

  it('rejects a version with three areas', () => {
    const version = shipped();
    version.areas = version.areas.slice(0, 3);
    const message = loadError(version);
    assert.match(message, /^Framework file bad\.json is not valid:/);
    assert.match(message, /areas: /);
  });

  it('rejects a file that is not JSON with a readable message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocw-framework-'));
    try {
      writeFileSync(join(dir, 'broken.json'), '{ "key": ');
      assert.throws(() => loadFrameworkFiles(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('works out score bands from the next stage’s minimum', () => {
    const bands = stageBands(shipped());
    assert.deepEqual(
      bands.map((b) => [b.name, b.band, b.maxScore]),
      [
        ['Fragmented', '1.0 to 1.9', 2],
        ['Emerging', '2.0 to 2.9', 3],
        ['Developing', '3.0 to 3.9', 4],
        ['Reformed and integrated', '4.0 to 5.0', null],
      ],
    );
    const custom = shipped();
    custom.stages = custom.stages.map((s, i) => ({ ...s, minScore: [1, 2.25, 3, 3.5][i] ?? 1 }));
    assert.deepEqual(
      stageBands(custom).map((b) => b.band),
      ['1.00 to 2.24', '2.25 to 2.99', '3.0 to 3.4', '3.5 to 5.0'],
    );
  });
});

describe('syncing framework versions to the database', () => {
  let db: Database;
  let drop: () => Promise<void>;
  before(async () => {
    ({ db, drop } = await createTestDatabase());
  });
  after(() => drop());

  const row = (key: string) =>
    db.asSystem(async (tx) => {
      const [found] = await tx
        .select()
        .from(frameworkVersions)
        .where(eq(frameworkVersions.key, key));
      return found;
    });

  it('inserts a new version and updates it while it is not locked', async () => {
    const version = copyAs('2099.1');
    const changed = await db.asSystem((tx) => syncFrameworkVersions(tx, [version]));
    assert.deepEqual(changed, ['2099.1']);
    const again = await db.asSystem((tx) => syncFrameworkVersions(tx, [version]));
    assert.deepEqual(again, []);
    const edited = { ...version, title: 'Test framework, edited' };
    assert.deepEqual(await db.asSystem((tx) => syncFrameworkVersions(tx, [edited])), ['2099.1']);
    const stored = await row('2099.1');
    assert.equal(stored?.title, 'Test framework, edited');
    assert.equal(stored.status, 'draft');
    const loaded = await db.asSystem((tx) => getVersion(tx, '2099.1'));
    assert.equal(loaded?.content.title, 'Test framework, edited');
  });

  it('refuses to change a locked version and leaves the database as it was', async () => {
    const version = copyAs('2099.2');
    await db.asSystem((tx) => syncFrameworkVersions(tx, [version]));
    await db.asSystem((tx) => lockVersion(tx, '2099.2'));
    const before = await row('2099.2');
    assert.ok(before?.lockedAt);
    const edited = structuredClone(version);
    const item = edited.areas[0]?.dimensions[0]?.items[0];
    assert.ok(item);
    item.text = 'A changed statement that must never reach the database.';
    await assert.rejects(
      db.asSystem((tx) => syncFrameworkVersions(tx, [copyAs('2099.3'), edited])),
      (error: unknown) =>
        error instanceof FrameworkFileError && /2099\.2 is used by a round/.test(error.message),
    );
    const after = await row('2099.2');
    assert.equal(after?.checksum, before.checksum);
    assert.deepEqual(after.content, before.content);
    // The whole sync is one transaction: the new version listed first was not kept either.
    assert.equal(await row('2099.3'), undefined);
    // The same content again is not a change.
    assert.deepEqual(await db.asSystem((tx) => syncFrameworkVersions(tx, [version])), []);
  });

  it('has the database refuse a direct update of a locked version', async () => {
    const before = await row('2099.2');
    assert.ok(before?.lockedAt);
    let refused: unknown;
    try {
      await db.asSystem((tx) =>
        tx.execute(
          sql`update framework_versions set content = '{}'::jsonb, checksum = 'x' where key = '2099.2'`,
        ),
      );
    } catch (error) {
      refused = error;
    }
    assert.ok(refused instanceof Error);
    assert.match(
      `${refused.message} ${refused.cause instanceof Error ? refused.cause.message : ''}`,
      /in use and cannot change/,
    );
    const after = await row('2099.2');
    assert.equal(after?.checksum, before.checksum);
    // Other columns of a locked version (its status) may still change.
    await db.asSystem((tx) =>
      tx.execute(sql`update framework_versions set status = 'published' where key = '2099.2'`),
    );
    assert.equal((await row('2099.2'))?.status, 'published');
  });
});
