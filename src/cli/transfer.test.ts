import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.ts';
import { localities, organisations } from '../db/schema/index.ts';
import type { Actor } from '../kernel/audit.ts';
import { createTestDatabase, seedWorld, type World } from '../../test/helpers.ts';
import { addAnalysisWorkshop, addRound, addSectors } from '../../test/fixtures.ts';
import { CommandError, UsageError } from './errors.ts';
import { EXPORT_FILE_NAMES, exportTrust, importAnswers } from './transfer.ts';

const ACTOR: Actor = { userId: null, label: 'test' };
const HEADER = 'respondent,sector,audience,item,value';

function readCsv(path: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(path, 'utf8'), { columns: true, bom: true });
}

async function count(db: Database, table: 'responses' | 'answers'): Promise<number> {
  const [row] = await db.asSystem((tx) =>
    queryRows<{ n: string }>(tx, sql`select count(*)::text as n from ${sql.raw(table)}`),
  );
  return Number(row?.n ?? 0);
}

describe('export and import', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let world: World;
  let dir: string;
  let files: Record<string, string>;
  const ids: Record<string, string> = {};

  before(async () => {
    ({ db, drop } = await createTestDatabase());
    world = await seedWorld(db);
    dir = mkdtempSync(join(tmpdir(), 'ocw-transfer-'));
    const write = (name: string, lines: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, `${[HEADER, ...lines].join('\n')}\n`);
      return path;
    };
    files = {
      alpha: write('alpha.csv', [
        'a1,health,frontline,blue.common-core-skills.p1,4',
        'a1,health,frontline,blue.common-core-skills.p3,DK',
        'a2,schools,frontline,blue.common-core-skills.p1,2',
        'a3,,leaders-managers,red.shared-vision.p1,NA',
      ]),
      older: write('older.csv', ['o1,health,frontline,blue.common-core-skills.p1,5']),
      beta: write('beta.csv', [
        'b1,health,frontline,blue.common-core-skills.p1,1',
        'b2,health,frontline,blue.common-core-skills.p1,3',
      ]),
      bad: write('bad.csv', [
        'x1,health,frontline,blue.common-core-skills.p1,4',
        'x2,nowhere,frontline,blue.common-core-skills.p1,7',
        'x3,health,frontline,no.such.item,3',
      ]),
    };
    for (const trust of [world.alpha, world.beta]) {
      const sectors = await addSectors(db, trust.id);
      const name = trust.slug === 'alpha' ? 'Alphaton' : 'Betaville';
      await db.withTrust(trust.id, async (tx) => {
        await tx.insert(localities).values([
          { trustId: trust.id, name: `${name} North` },
          { trustId: trust.id, name: `${name} South` },
        ]);
        await tx.insert(organisations).values({
          trustId: trust.id,
          name: `${name} Health Centre`,
          sectorId: sectors[0]?.id ?? '',
        });
      });
      const round = await addRound(db, trust.id, { title: `${name} 2026` });
      ids[trust.slug] = round.id;
      await addAnalysisWorkshop(db, trust.id, round.id, [
        { dimensionKey: 'shared-vision', score: '2.5', stage: 2 },
        { dimensionKey: 'clear-remits', stage: 3 },
      ]);
    }
    ids.older = (await addRound(db, world.alpha.id, { title: 'Alphaton 2025' })).id;
  });
  after(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a good CSV into a round found by title or id, once', async () => {
    const first = await importAnswers(db, ACTOR, {
      trust: 'alpha',
      round: 'alphaton 2026',
      file: files.alpha ?? '',
    });
    assert.equal(first.round.id, ids.alpha);
    assert.deepEqual([first.responses, first.answers, first.skipped], [3, 4, 0]);
    const again = await importAnswers(db, ACTOR, {
      trust: 'alpha',
      round: ids.alpha ?? '',
      file: files.alpha ?? '',
    });
    assert.deepEqual([again.responses, again.answers, again.skipped], [0, 0, 3]);
    await importAnswers(db, ACTOR, {
      trust: 'alpha',
      round: 'Alphaton 2025',
      file: files.older ?? '',
    });
    await importAnswers(db, ACTOR, {
      trust: 'beta',
      round: 'Betaville 2026',
      file: files.beta ?? '',
    });
    assert.equal(await count(db, 'responses'), 6);
  });

  it('rejects a bad CSV with its line numbers, storing nothing', async () => {
    const before = [await count(db, 'responses'), await count(db, 'answers')];
    await assert.rejects(
      importAnswers(db, ACTOR, { trust: 'alpha', round: 'Alphaton 2026', file: files.bad ?? '' }),
      (error: unknown) =>
        error instanceof CommandError &&
        /Nothing was imported/.test(error.message) &&
        /line 3, sector: “nowhere”/.test(error.message) &&
        /line 3, value:/.test(error.message) &&
        /line 4, item: “no\.such\.item”/.test(error.message),
    );
    assert.deepEqual([await count(db, 'responses'), await count(db, 'answers')], before);
    await assert.rejects(
      importAnswers(db, ACTOR, { trust: 'alpha', round: 'Betaville 2026', file: files.bad ?? '' }),
      UsageError,
      "another trust's round is not found",
    );
    await assert.rejects(
      importAnswers(db, ACTOR, { trust: 'gamma', round: 'x', file: files.bad ?? '' }),
      /No trust/,
    );
    const binary = join(dir, 'sheet.xlsx');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    await assert.rejects(
      importAnswers(db, ACTOR, { trust: 'alpha', round: 'Alphaton 2026', file: binary }),
      /not a CSV file/,
    );
  });

  it("exports a trust's data as CSV files, with none of another trust's", async () => {
    const out = join(dir, 'alpha-export');
    const summary = await exportTrust(db, { trust: 'alpha', out });
    assert.deepEqual(readdirSync(out).sort(), [...EXPORT_FILE_NAMES].sort());
    const rows = Object.fromEntries(
      EXPORT_FILE_NAMES.map((name) => [name, readCsv(join(out, name))]),
    );
    assert.deepEqual(
      Object.fromEntries(Object.entries(rows).map(([name, r]) => [name, r.length])),
      {
        'rounds.csv': 2,
        'responses.csv': 4,
        'answers.csv': 5,
        'workshops.csv': 1,
        'workshop-ratings.csv': 2,
        'sectors.csv': 3,
        'localities.csv': 2,
        'organisations.csv': 1,
      },
    );
    assert.deepEqual(
      summary.files.map((f) => f.rows),
      EXPORT_FILE_NAMES.map((name) => rows[name]?.length),
    );
    assert.deepEqual(
      rows['answers.csv']?.map((a) => a.value).sort(),
      ['2', '4', '5', 'DK', 'NA'],
      'answers as in an import: 1 to 5, DK, NA',
    );
    assert.deepEqual(
      rows['workshop-ratings.csv']?.map((r) => [r.dimension_key, r.score, r.stage]).sort(),
      [
        ['clear-remits', '', '3'],
        ['shared-vision', '2.5', '2'],
      ],
    );
    assert.equal(rows['organisations.csv']?.[0]?.sector_key, 'health');
    assert.ok(!('submission_key' in (rows['responses.csv']?.[0] ?? {})));
    const everything = EXPORT_FILE_NAMES.map((name) => readFileSync(join(out, name), 'utf8')).join(
      '\n',
    );
    assert.doesNotMatch(everything, /Betaville/);
    assert.ok(!everything.includes(ids.beta ?? 'none'));
    assert.ok(!everything.includes(world.beta.id));

    await assert.rejects(exportTrust(db, { trust: 'alpha', out }), /already has files/);
  });

  it('exports one round with the trust’s sectors and places', async () => {
    const out = join(dir, 'one-round');
    const summary = await exportTrust(db, { trust: 'alpha', round: 'Alphaton 2025', out });
    const counts = Object.fromEntries(summary.files.map((f) => [f.name, f.rows]));
    assert.deepEqual(counts, {
      'rounds.csv': 1,
      'responses.csv': 1,
      'answers.csv': 1,
      'workshops.csv': 0,
      'workshop-ratings.csv': 0,
      'sectors.csv': 3,
      'localities.csv': 2,
      'organisations.csv': 1,
    });
    assert.equal(readCsv(join(out, 'rounds.csv'))[0]?.id, ids.older);
    assert.equal(
      readFileSync(join(out, 'workshops.csv'), 'utf8'),
      'id,round_id,kind,title,held_on,facilitator,participants,notes\r\n',
      'an empty file still has its header row',
    );
    await assert.rejects(
      exportTrust(db, { trust: 'alpha', round: 'Betaville 2026', out: join(dir, 'never') }),
      UsageError,
    );
  });
});
