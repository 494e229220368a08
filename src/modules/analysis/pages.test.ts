import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  addAnalysisWorkshop,
  addAnsweredResponses,
  addRound,
  addSectors,
  frameworkVersion,
  type AnsweringPerson,
} from '../../../test/fixtures.ts';
import { dom, useApp } from '../../../test/build.ts';
import type { FrameworkVersion } from '../framework/schema.ts';
import { readXlsxRows } from '../../web/xlsx.ts';

// The analysis pages of a round: overview, area, items, comparison and downloads, with
// small groups withheld everywhere.

describe('analysis pages', () => {
  const t = useApp({ signIn: ['viewer', 'contributor', 'betaAdmin'] });
  const viewer = () => t.as('viewer');
  const contributor = () => t.as('contributor');
  let version: FrameworkVersion;
  let roundId = '';
  let earlierId = '';
  let base = '';

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    version = await frameworkVersion(t.db);
    const earlier = await addRound(t.db, t.alpha.id, {
      title: '2025 self-assessment',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      status: 'reported',
    });
    const round = await addRound(t.db, t.alpha.id, {
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
    await addAnsweredResponses(t.db, t.alpha.id, roundId, version, people);
    await addAnsweredResponses(
      t.db,
      t.alpha.id,
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
    await addAnalysisWorkshop(t.db, t.alpha.id, roundId, [
      { dimensionKey: firstDimension, score: '3.5', stage: 3 },
    ]);
  });

  it('links the round task list to the analysis', async () => {
    const page = await viewer().get(base);
    const links = dom(page.body).root.querySelectorAll(`a[href="${base}/analysis"]`);
    assert.deepEqual(
      links.map((link) => link.text.trim()),
      ['Review the position'],
    );
  });

  it('shows the seven areas with a spider diagram each, its text and its table', async () => {
    const page = await viewer().get(`${base}/analysis`);
    assert.equal(page.statusCode, 200);
    const overview = dom(page.body);
    assert.deepEqual(overview.texts('h1'), ['Where the partnership stands']);
    assert.ok(
      overview
        .text('[data-testid="analysis-summary"]')
        ?.startsWith('30 responses to the questionnaires.'),
    );
    // Seven spider diagrams and the trend of the areas over the two rounds, each described.
    // Each spider diagram is drawn twice, wide and for a phone; the wide ones are counted here.
    const charts = overview.root
      .querySelectorAll('svg[role="img"]')
      .filter((svg) => !svg.classList.contains('ocw-chart__svg--narrow'));
    assert.deepEqual(
      charts.map((svg) => svg.getAttribute('aria-labelledby')),
      [
        'trend-areas-title trend-areas-desc',
        ...version.areas.map((area) => `spider-${area.key}-title spider-${area.key}-desc`),
      ],
    );
    assert.ok(overview.text('#trend-areas-desc')?.startsWith('Line chart of scores'));
    assert.ok(overview.texts('h2').includes('How the areas have moved'));
    for (const area of version.areas) {
      assert.ok(overview.has(`#spider-${area.key}-title`), area.key);
      assert.ok(overview.has(`#spider-${area.key}-desc`), area.key);
    }
    const scores = overview.rows('[data-testid="area-scores"]');
    assert.deepEqual(scores[0]?.slice(1, 5), [
      'Questionnaire score',
      'Stage',
      'Agreed position (workshop)',
      'Agreed stage',
    ]);
    assert.equal(scores.length, 1 + version.areas.length);
    assert.ok(
      overview
        .texts('.govuk-inset-text')
        .some((inset) => inset.startsWith('Figures for Early years and childcare are withheld')),
    );
    const compare = overview.root
      .querySelectorAll('a')
      .find((link) => link.text.trim() === 'Compare with 2025 self-assessment');
    assert.equal(compare?.getAttribute('href'), `${base}/analysis/compare?with=${earlierId}`);
    assert.equal(
      overview.root.querySelectorAll('[style]').length,
      0,
      'no inline styles under the CSP',
    );
  });

  it('shows an area: dimensions, agreed position and its source, groups with small ones withheld', async () => {
    const area = version.areas[0];
    assert.ok(area);
    const page = await viewer().get(`${base}/analysis/areas/${area.key}`);
    assert.equal(page.statusCode, 200);
    const areaPage = dom(page.body);
    const headings = areaPage.texts('h1');
    assert.equal(headings.length, 1);
    assert.ok(headings[0]?.endsWith(`: ${area.name}`), headings[0]);
    const [head = [], agreed = [], ...others] = areaPage.rows('[data-testid="dimension-table"]');
    const column = (name: string) => head.indexOf(name);
    assert.ok(column('Questionnaire score') > 0 && column('Agreed position (workshop)') > 0);
    // The first dimension's position was agreed at the analysis workshop; it did not rate
    // the others, which have their questionnaire scores only.
    assert.equal(agreed[column('Agreed position (workshop)')], '3.5');
    assert.equal(agreed[column('Agreed stage')], 'Developing');
    assert.ok(others.length > 0);
    assert.deepEqual(
      new Set(others.map((cells) => cells[column('Agreed position (workshop)')])),
      new Set(['Not rated']),
    );
    assert.ok(others.every((cells) => /^\d\.\d$/.test(cells[column('Questionnaire score')] ?? '')));
    const earlyYears = areaPage
      .rows('[data-testid="heatmap-sector"]')
      .find((cells) => cells[0] === 'Early years and childcare');
    assert.ok(earlyYears);
    // n and every score of a group of 3 are withheld.
    assert.deepEqual(new Set(earlyYears.slice(1)), new Set(['Withheld']));
    assert.ok(!earlyYears.some((cell) => /\d\.\d/.test(cell)), 'no score for a group of 3');
    // Health scores 4–5 and schools 2–3: the sectors differ by 1.0 or more.
    const divergence = areaPage.texts('[data-testid="divergence"] li');
    assert.ok(divergence.length > 0);
    assert.ok(divergence.some((line) => line.includes('Health scored it')));
    // Comments only for trust admins and contributors.
    assert.ok(!areaPage.has('[data-testid="comments"]'));
    assert.ok(!areaPage.root.text.includes('A comment from health'));
    const asContributor = await contributor().get(`${base}/analysis/areas/${area.key}`);
    assert.ok(
      dom(asContributor.body)
        .texts('[data-testid="comments"] blockquote')
        .includes('A comment from health: =SUM(1)'),
    );
  });

  it('shows every question of an area with its answer counts', async () => {
    const area = version.areas[0];
    assert.ok(area);
    const page = await viewer().get(`${base}/analysis/areas/${area.key}/items`);
    assert.equal(page.statusCode, 200);
    const firstDimension = area.dimensions[0];
    const firstItem = firstDimension?.items[0];
    assert.ok(firstDimension && firstItem);
    const [head = [], first = []] = dom(page.body).rows(
      `[data-testid="items-${firstDimension.key}"]`,
    );
    assert.deepEqual(head.slice(0, 3), ['Question', 'Asked of', 'Mean']);
    assert.equal(first[0], firstItem.text);
    // How many gave each answer, 1 to 5, don't know and not applicable, and how many in all.
    assert.deepEqual(head.slice(3), ['1', '2', '3', '4', '5', "Don't know", 'N/A', 'People']);
    assert.ok(first.slice(3).every((cell) => /^\d+$/.test(cell)));
  });

  it('compares with an earlier round, and says so when the choice is not a round', async () => {
    const page = await viewer().get(`${base}/analysis/compare?with=${earlierId}`);
    assert.equal(page.statusCode, 200);
    const comparison = dom(page.body);
    assert.equal(
      comparison.text('[data-testid="comparing"]'),
      'Questionnaire scores of 2026 self-assessment against 2025 self-assessment.',
    );
    assert.deepEqual(comparison.rows('[data-testid="change-table"]')[0], [
      'Area or dimension',
      '2025 self-assessment',
      '2026 self-assessment',
      'Change',
    ]);
    const wide = comparison.root
      .querySelectorAll('svg[role="img"]')
      .filter((svg) => !svg.classList.contains('ocw-chart__svg--narrow'));
    assert.equal(wide.length, 7);
    const bad = await viewer().get(`${base}/analysis/compare?with=nonsense`);
    assert.equal(bad.statusCode, 200);
    const badPage = dom(bad.body);
    assert.deepEqual(badPage.errors(), ['Choose one of the rounds in the list']);
    assert.equal(badPage.attr('.govuk-error-summary__list a', 'href'), '#with');
    assert.equal(badPage.text('#with-error'), 'Error: Choose one of the rounds in the list');
  });

  it('downloads every score as CSV and XLSX without a withheld figure', async () => {
    const csv = await viewer().get(`${base}/analysis.csv`);
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
    const heat = await viewer().get(
      `${base}/analysis/areas/${version.areas[0]?.key ?? ''}/heatmap.csv`,
    );
    const earlyRow = heat.body.split('\n').find((l) => l.startsWith('Early years'));
    assert.ok(earlyRow);
    assert.doesNotMatch(earlyRow, /\d/, 'no figure for a sector of 3');
    const xlsx = await viewer().get(`${base}/analysis.xlsx`);
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
      assert.equal((await viewer().get(path)).statusCode, 200, path);
    assert.equal((await viewer().get(`${base}/analysis.pdf`)).statusCode, 404);
  });

  it('answers 404 for an unknown area, another trust, or a round of another trust', async () => {
    assert.equal((await viewer().get(`${base}/analysis/areas/nowhere`)).statusCode, 404);
    const beta = t.as('betaAdmin');
    assert.equal((await beta.get(`${base}/analysis`)).statusCode, 404);
    assert.equal((await beta.get(`/trusts/beta/rounds/${roundId}/analysis`)).statusCode, 404);
  });
});
