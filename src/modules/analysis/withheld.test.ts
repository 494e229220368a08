import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse } from 'node-html-parser';
import {
  addAnsweredResponses,
  addRound,
  addSectors,
  frameworkVersion,
  type AnsweringPerson,
} from '../../../test/fixtures.ts';
import {
  Agent,
  apiToken,
  createTestApp,
  seedWorld,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { localities } from '../../db/schema/index.ts';
import type { FrameworkVersion } from '../framework/schema.ts';
import { readXlsxRows } from '../../web/xlsx.ts';
import type { RoundScores } from './types.ts';

// What is withheld is decided once (scoring/plan.ts) and every output follows it: the area
// pages' heat maps, the CSV and XLSX of every score, and the scores API give the same
// answer for every group and dimension of the same round. Plus the edge cases of SPEC §6:
// a round of 4, a sector of exactly 5 beside one of 4 in the same audience, and a group
// whose every answer is Don't know.

describe('what is withheld, everywhere', () => {
  let t: TestApp;
  let world: World;
  let version: FrameworkVersion;
  let viewer: Agent;
  let token: string;

  async function roundOf(people: AnsweringPerson[], status = 'analysing') {
    const round = await addRound(t.db, world.alpha.id, { status });
    await addAnsweredResponses(t.db, world.alpha.id, round.id, version, people);
    return round.id;
  }

  const many = (
    n: number,
    p: Omit<AnsweringPerson, 'value'>,
    value: (i: number) => number = () => 3,
  ) => Array.from({ length: n }, (): AnsweringPerson => ({ ...p, value: (_key, i) => value(i) }));

  const api = async (roundId: string) => {
    const reply = await t.app.inject({
      method: 'GET',
      url: `/api/v1/trusts/alpha/rounds/${roundId}/scores`,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(reply.statusCode, 200, reply.body);
    return reply.json<RoundScores>();
  };

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id);
    await t.db.withTrust(world.alpha.id, (tx) =>
      tx.insert(localities).values([
        { trustId: world.alpha.id, name: 'Northgate' },
        { trustId: world.alpha.id, name: 'Southfield' },
      ]),
    );
    version = await frameworkVersion(t.db);
    viewer = new Agent(t.app);
    await viewer.signIn(world.users.viewer);
    token = await apiToken(t.db, world.alpha.id, 'viewer');
  });
  after(() => t.close());

  it('gives the same answer on the pages, in CSV, in XLSX and in the API', async () => {
    // Health: 7 frontline in Northgate, 6 leaders in Southfield; schools: 5 frontline in
    // Northgate and 2 leaders with no locality; early years: 3 frontline in Southfield;
    // 6 children with no sector, 4 of them in Northgate. Small groups and the groups that
    // would give them away by subtraction must be withheld alike everywhere.
    const roundId = await roundOf([
      ...many(
        7,
        { sector: 'health', audience: 'frontline', locality: 'Northgate' },
        (i) => 2 + (i % 3),
      ),
      ...many(
        6,
        { sector: 'health', audience: 'leaders-managers', locality: 'Southfield' },
        () => 4,
      ),
      ...many(
        5,
        { sector: 'schools', audience: 'frontline', locality: 'Northgate' },
        (i) => 1 + (i % 5),
      ),
      ...many(2, { sector: 'schools', audience: 'leaders-managers', locality: null }, () => 5),
      ...many(3, { sector: 'early-years', audience: 'frontline', locality: 'Southfield' }, () => 1),
      ...many(4, { sector: null, audience: 'children-young-people', locality: 'Northgate' }),
      ...many(2, { sector: null, audience: 'children-young-people', locality: null }, () => 8),
    ]);
    const scores = await api(roundId);
    const label = new Map(scores.groups.map((g) => [`${g.kind}:${g.label}`, `${g.kind}:${g.key}`]));
    const fromApi = new Set<string>();
    const seen = new Set<string>();
    for (const g of [{ kind: 'all', key: 'everyone', ...scores.overall }, ...scores.groups])
      for (const a of g.areas)
        for (const d of a.dimensions) {
          const id = `${g.kind}:${g.key}|${d.name}`;
          seen.add(id);
          if (d.suppressed) fromApi.add(id);
        }
    assert.ok(fromApi.size > 0 && fromApi.size < seen.size, `${fromApi.size} of ${seen.size}`);

    // CSV and XLSX: one row per group × area and group × dimension.
    const csv = await viewer.get(`/trusts/alpha/rounds/${roundId}/analysis.csv`);
    assert.equal(csv.statusCode, 200);
    const csvRows = parseCsv(csv.body, { bom: true }) satisfies string[][];
    const xlsx = await viewer.get(`/trusts/alpha/rounds/${roundId}/analysis.xlsx`);
    assert.equal(xlsx.statusCode, 200);
    const xlsxRows = await readXlsxRows(xlsx.rawPayload);
    for (const [name, rows] of [
      ['CSV', csvRows],
      ['XLSX', xlsxRows],
    ] as const) {
      const head = rows[0] ?? [];
      const col = (h: string) => head.indexOf(h);
      const withheld = new Set<string>();
      for (const row of rows.slice(1)) {
        const dimension = row[col('dimension')] ?? '';
        if (dimension === '') continue;
        const kind = row[col('group kind')] ?? '';
        const group =
          kind === 'Everyone' ? 'all:everyone' : (label.get(`${kind}:${row[col('group')]}`) ?? '?');
        if (row[col('withheld to protect anonymity')] === 'yes')
          withheld.add(`${group}|${dimension}`);
        else assert.notEqual(row[col('score')], '', `${name}: a shown row without a score`);
      }
      assert.deepEqual([...withheld].sort(), [...fromApi].sort(), name);
    }

    // The area pages: every heat map cell of sectors, audiences and localities.
    for (const area of version.areas) {
      const page = await viewer.get(`/trusts/alpha/rounds/${roundId}/analysis/areas/${area.key}`);
      assert.equal(page.statusCode, 200);
      const html = parse(page.body);
      for (const kind of ['sector', 'audience', 'locality'] as const) {
        const table = html.querySelector(`[data-testid="heatmap-${kind}"]`);
        assert.ok(table !== null, `${area.key} ${kind}`);
        const head = table.querySelectorAll('thead th').map((th) => th.text.trim());
        for (const tr of table.querySelectorAll('tbody tr')) {
          const cells = tr.querySelectorAll('th, td').map((c) => c.text.trim());
          const group = label.get(`${kind}:${cells[0]}`) ?? '?';
          area.dimensions.forEach((d) => {
            const index = head.indexOf(d.name);
            const id = `${group}|${d.name}`;
            assert.equal(cells[index] === 'Withheld', fromApi.has(id), `page ${id}`);
          });
        }
      }
    }
  });

  it('withholds everything of a round of 4 and says why', async () => {
    const roundId = await roundOf(
      many(4, { sector: 'health', audience: 'frontline', locality: null }),
    );
    const scores = await api(roundId);
    assert.equal(scores.overall.n, null);
    assert.ok(scores.groups.every((g) => g.n === null));
    const page = await viewer.get(`/trusts/alpha/rounds/${roundId}/analysis`);
    assert.equal(page.statusCode, 200);
    assert.match(parse(page.body).text, /Fewer than 5 people have answered/);
  });

  it('shows a sector of 5 and withholds one of 4 in the same audience, and what would give it away', async () => {
    const roundId = await roundOf([
      ...many(5, { sector: 'health', audience: 'frontline', locality: null }, () => 4),
      ...many(4, { sector: 'schools', audience: 'frontline', locality: null }, () => 2),
    ]);
    const scores = await api(roundId);
    const n = (key: string) => scores.groups.find((g) => g.key === key)?.n;
    assert.equal(n('schools'), null);
    // Frontline (9) − health (5) would give the 4 schools practitioners: one of them goes.
    assert.ok(n('health') === null || n('frontline') === null);
    assert.equal(scores.overall.n, 9);
  });

  it("withholds a group's items when all its answers are Don't know, and says so", async () => {
    const roundId = await roundOf([
      ...many(6, { sector: 'health', audience: 'frontline', locality: null }, () => 8),
      ...many(8, { sector: 'schools', audience: 'frontline', locality: null }, () => 3),
    ]);
    const scores = await api(roundId);
    const health = scores.groups.find((g) => g.key === 'health');
    // Nobody in health gave a 1–5 answer: n is 0, under 5, so nothing is shown.
    assert.equal(health?.n, null);
    for (const d of health.areas.flatMap((a) => a.dimensions)) assert.equal(d.score, null);
    const schools = scores.groups.find((g) => g.key === 'schools');
    const dimension = schools?.areas[0]?.dimensions[0];
    assert.equal(dimension?.itemsShown, dimension?.itemsAsked);
  });

  it('shows only response counts while the round is collecting', async () => {
    const roundId = await roundOf(
      many(12, { sector: 'health', audience: 'frontline', locality: null }),
      'collecting',
    );
    const reply = await t.app.inject({
      method: 'GET',
      url: `/api/v1/trusts/alpha/rounds/${roundId}/scores`,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(reply.statusCode, 409);
    const page = await viewer.get(`/trusts/alpha/rounds/${roundId}/analysis`);
    assert.equal(page.statusCode, 200);
    const notice = parse(page.body).querySelector('[data-testid="release-notice"]');
    assert.match(notice?.text ?? '', /still being collected: 12 responses so far/);
  });
});
