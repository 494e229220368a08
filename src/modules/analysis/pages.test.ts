import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addAnalysisWorkshop,
  addAnsweredResponses,
  addRound,
  addSectors,
  type AnsweringPerson,
} from '../../../test/fixtures.ts';
import {
  Agent,
  createTestApp,
  seedWorld,
  text,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { getVersion } from '../framework/repository.ts';
import type { FrameworkVersion } from '../framework/schema.ts';
import { readXlsxRows } from '../../web/xlsx.ts';

// The analysis pages of a round: overview, area, items, comparison and downloads, with
// small groups withheld everywhere.

describe('analysis pages', () => {
  let t: TestApp;
  let world: World;
  let version: FrameworkVersion;
  let roundId = '';
  let earlierId = '';
  let base = '';
  let viewer: Agent;
  let contributor: Agent;

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id);
    const found = await t.db.asSystem((tx) => getVersion(tx, '2026.1'));
    if (found === undefined) throw new Error('no framework');
    version = found.content;
    const earlier = await addRound(t.db, world.alpha.id, {
      title: '2025 self-assessment',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      status: 'reported',
    });
    const round = await addRound(t.db, world.alpha.id, {
      title: '2026 self-assessment',
      status: 'analysing',
    });
    roundId = round.id;
    earlierId = earlier.id;
    base = `/trusts/alpha/rounds/${roundId}`;
    const people: AnsweringPerson[] = [];
    // Health and schools: 6 frontline and 5 leaders each; early years: 3 (withheld).
    for (const sector of ['health', 'schools'])
      for (let p = 0; p < 11; p++)
        people.push({
          sector,
          audience: p < 6 ? 'frontline' : 'leaders-managers',
          value: (_key, i) => (sector === 'health' ? 4 : 2) + ((i + p) % 2),
          ...(p === 0 ? { comment: `A comment from ${sector}: =SUM(1)` } : {}),
        });
    for (let p = 0; p < 3; p++)
      people.push({ sector: 'early-years', audience: 'frontline', value: () => 1 });
    // Five children, who are not asked for a sector: with them, what the shown sectors
    // leave over is 8 people, so no sector needs withholding to protect early years.
    for (let p = 0; p < 5; p++)
      people.push({ sector: null, audience: 'children-young-people', value: () => 3 });
    await addAnsweredResponses(t.db, world.alpha.id, roundId, version, people);
    await addAnsweredResponses(
      t.db,
      world.alpha.id,
      earlierId,
      version,
      Array.from({ length: 8 }, (_, p) => ({
        sector: 'health',
        audience: 'frontline',
        value: () => 2 + (p % 2),
      })),
    );
    // An analysis workshop agrees the first dimension at 3.5.
    const firstDimension = version.areas[0]?.dimensions[0]?.key ?? '';
    await addAnalysisWorkshop(t.db, world.alpha.id, roundId, [
      { dimensionKey: firstDimension, score: '3.5', stage: 3 },
    ]);
    viewer = new Agent(t.app);
    await viewer.signIn(world.users.viewer);
    contributor = new Agent(t.app);
    await contributor.signIn(world.users.contributor);
  });
  after(() => t.close());

  it('links the round task list to the analysis', async () => {
    const page = await viewer.get(base);
    assert.match(page.body, new RegExp(`href="${base}/analysis"`));
  });

  it('shows the seven areas with a spider diagram each, its text and its table', async () => {
    const page = await viewer.get(`${base}/analysis`);
    assert.equal(page.statusCode, 200);
    const body = text(page.body);
    assert.match(body, /30 responses/);
    // Seven spider diagrams and the trend of the areas over the two rounds.
    const svgs = page.body.match(/<svg[^>]*role="img"/g) ?? [];
    assert.equal(svgs.length, 8);
    assert.match(page.body, /id="trend-areas-desc"/);
    assert.match(body, /How the areas have moved/);
    for (const area of version.areas) {
      assert.match(page.body, new RegExp(`id="spider-${area.key}-title"`));
      assert.match(page.body, new RegExp(`id="spider-${area.key}-desc"`));
    }
    assert.match(body, /Agreed position/);
    assert.match(
      body,
      /Early years and childcare are withheld|Figures for Early years and childcare/,
    );
    assert.match(body, /Compare with 2025 self-assessment/);
    assert.doesNotMatch(page.body, /style="/, 'no inline styles under the CSP');
  });

  it('shows an area: dimensions, agreed position and its source, groups with small ones withheld', async () => {
    const area = version.areas[0];
    assert.ok(area);
    const page = await viewer.get(`${base}/analysis/areas/${area.key}`);
    assert.equal(page.statusCode, 200);
    const body = text(page.body);
    assert.match(body, /Analysis workshop/);
    assert.match(body, /Questionnaires/);
    assert.match(body, /3\.5/);
    const heat = page.body.split('data-testid="heatmap-sector"')[1]?.split('</table>')[0] ?? '';
    const earlyYears = heat.split('<tr').find((row) => row.includes('Early years'));
    assert.ok(earlyYears);
    assert.match(text(earlyYears), /Withheld/);
    assert.doesNotMatch(text(earlyYears), /\d\.\d/, 'no score for a group of 3');
    // Health scores 4–5 and schools 2–3: the sectors differ by 1.0 or more.
    assert.match(text(page.body.split('data-testid="divergence"')[1] ?? ''), /Health scored it/);
    // Comments only for trust admins and contributors.
    assert.doesNotMatch(body, /A comment from health/);
    const asContributor = await contributor.get(`${base}/analysis/areas/${area.key}`);
    assert.match(text(asContributor.body), /A comment from health/);
  });

  it('shows every question of an area with its answer counts', async () => {
    const area = version.areas[0];
    assert.ok(area);
    const page = await viewer.get(`${base}/analysis/areas/${area.key}/items`);
    assert.equal(page.statusCode, 200);
    const firstItem = area.dimensions[0]?.items[0];
    assert.ok(firstItem);
    assert.match(
      text(page.body),
      new RegExp(firstItem.text.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    );
  });

  it('compares with an earlier round, and says so when the choice is not a round', async () => {
    const page = await viewer.get(`${base}/analysis/compare?with=${earlierId}`);
    assert.equal(page.statusCode, 200);
    assert.match(text(page.body), /against 2025 self-assessment/);
    assert.match(page.body, /data-testid="change-table"/);
    assert.equal((page.body.match(/<svg[^>]*role="img"/g) ?? []).length, 7);
    const bad = await viewer.get(`${base}/analysis/compare?with=nonsense`);
    assert.equal(bad.statusCode, 200);
    assert.match(text(bad.body), /Choose one of the rounds in the list/);
  });

  it('downloads every score as CSV and XLSX without a withheld figure', async () => {
    const csv = await viewer.get(`${base}/analysis.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.split('\n').filter((l) => l.includes('Early years'));
    assert.ok(lines.length > 0);
    for (const line of lines) {
      assert.match(line, /,yes\r?$/);
      assert.doesNotMatch(line, /,\d\.\d/);
    }
    // Every withheld row of every group leaves score, stage, n and counts empty.
    const { parse } = await import('csv-parse/sync');
    const records = parse<Record<string, string>>(csv.body, { columns: true });
    const withheld = records.filter((r) => r['withheld to protect anonymity'] === 'yes');
    assert.ok(withheld.length > 0);
    for (const r of withheld)
      for (const [column, value] of Object.entries(r))
        if (
          !['group kind', 'group', 'area', 'dimension', 'withheld to protect anonymity'].includes(
            column,
          )
        )
          assert.equal(value, '', `${r.group ?? ''} ${r.dimension ?? ''}: ${column} withheld`);
    const heat = await viewer.get(
      `${base}/analysis/areas/${version.areas[0]?.key ?? ''}/heatmap.csv`,
    );
    const earlyRow = heat.body.split('\n').find((l) => l.startsWith('Early years'));
    assert.ok(earlyRow);
    assert.doesNotMatch(earlyRow, /\d/, 'no figure for a sector of 3');
    const xlsx = await viewer.get(`${base}/analysis.xlsx`);
    assert.equal(xlsx.statusCode, 200);
    const rows = await readXlsxRows(xlsx.rawPayload);
    const earlyYears = rows.filter((r) => r.includes('Early years and childcare'));
    assert.ok(earlyYears.length > 0);
    for (const row of earlyYears) assert.equal(row[4], '', 'score withheld');
    const area = version.areas[0]?.key ?? '';
    for (const path of [
      `${base}/analysis/areas/${area}/heatmap.csv`,
      `${base}/analysis/areas/${area}/items.xlsx`,
      `${base}/analysis/compare.csv?with=${earlierId}`,
    ])
      assert.equal((await viewer.get(path)).statusCode, 200, path);
    assert.equal((await viewer.get(`${base}/analysis.pdf`)).statusCode, 404);
  });

  it('answers 404 for an unknown area, another trust, or a round of another trust', async () => {
    assert.equal((await viewer.get(`${base}/analysis/areas/nowhere`)).statusCode, 404);
    const beta = new Agent(t.app);
    await beta.signIn(world.users.betaAdmin);
    assert.equal((await beta.get(`${base}/analysis`)).statusCode, 404);
    assert.equal((await beta.get(`/trusts/beta/rounds/${roundId}/analysis`)).statusCode, 404);
  });
});
