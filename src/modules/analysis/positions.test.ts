import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  addAnalysisWorkshop,
  addAnsweredResponses,
  addRound,
  addSectors,
  frameworkVersion,
} from '../../../test/fixtures.ts';
import { dom, useApp } from '../../../test/build.ts';
import type { FrameworkVersion } from '../framework/schema.ts';
import { readXlsxRows } from '../../web/xlsx.ts';

// "Agreed position" is what an analysis workshop agreed: no page, chart, table or download
// calls a dimension's questionnaire score by that name. A round without a workshop shows
// questionnaire scores only; in a round whose workshop rated one dimension, only that
// dimension (and its area, and the overview) show an agreed position.

describe('agreed positions and questionnaire scores', () => {
  const t = useApp({ signIn: ['viewer'] });
  let version: FrameworkVersion;
  let withWorkshop = '';
  let without = '';

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    version = await frameworkVersion(t.db);
    const earlier = await addRound(t.db, t.alpha.id, {
      title: 'Round without a workshop',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      status: 'reported',
    });
    const round = await addRound(t.db, t.alpha.id, {
      title: 'Round with a workshop',
      status: 'analysing',
    });
    without = earlier.id;
    withWorkshop = round.id;
    const people = (value: number) =>
      Array.from({ length: 12 }, (_, p) => ({
        sector: p % 2 === 0 ? 'health' : 'schools',
        audience: p < 6 ? ('frontline' as const) : ('leaders-managers' as const),
        value: () => value,
      }));
    await addAnsweredResponses(t.db, t.alpha.id, withWorkshop, version, people(3));
    await addAnsweredResponses(t.db, t.alpha.id, without, version, people(2));
    await addAnalysisWorkshop(t.db, t.alpha.id, withWorkshop, [
      { dimensionKey: version.areas[0]?.dimensions[0]?.key ?? '', score: '3.5', stage: 3 },
    ]);
  });

  /** The text of a page's main content, SVG titles, descriptions and legends included. */
  async function mainText(path: string): Promise<string> {
    const page = await t.as('viewer').get(path);
    assert.equal(page.statusCode, 200, path);
    return dom(page.body).root.querySelector('main')?.text ?? '';
  }

  const pagesOf = (roundId: string, other: string) => {
    const base = `/trusts/alpha/rounds/${roundId}/analysis`;
    const [first, second] = version.areas;
    return {
      overview: base,
      firstArea: `${base}/areas/${first?.key ?? ''}`,
      secondArea: `${base}/areas/${second?.key ?? ''}`,
      items: `${base}/areas/${first?.key ?? ''}/items`,
      compare: `${base}/compare?with=${other}`,
    };
  };

  it('never says "agreed position" in a round no workshop rated', async () => {
    for (const [name, path] of Object.entries(pagesOf(without, withWorkshop))) {
      const text = await mainText(path);
      assert.doesNotMatch(text, /agreed position/i, name);
      if (name !== 'items') assert.match(text, /questionnaire score/i, name);
    }
    const overview = dom((await t.as('viewer').get(pagesOf(without, withWorkshop).overview)).body);
    assert.deepEqual(overview.rows('[data-testid="area-scores"]')[0], [
      'Area',
      'Questionnaire score',
      'Stage',
      'People (n)',
    ]);
  });

  it('says "agreed position" where the workshop rated a dimension, and only there', async () => {
    const pages = pagesOf(withWorkshop, without);
    for (const name of ['overview', 'firstArea'] as const)
      assert.match(await mainText(pages[name]), /Agreed position/, name);
    for (const name of ['secondArea', 'items', 'compare'] as const)
      assert.doesNotMatch(await mainText(pages[name]), /agreed position/i, name);
    const area = dom((await t.as('viewer').get(pages.firstArea)).body);
    const [head = [], first = [], ...others] = area.rows('[data-testid="dimension-table"]');
    const at = (name: string) => head.indexOf(name);
    assert.equal(first[at('Agreed position (workshop)')], '3.5');
    assert.equal(first[at('Questionnaire score')], '3.0');
    assert.ok(others.every((row) => row[at('Agreed position (workshop)')] === 'Not rated'));
    // The diagram's series: everyone's score, and the workshop's for the one it rated.
    const desc = area.text('#spider-shared-identity-desc') ?? '';
    assert.match(desc, /Questionnaire score \(everyone\): /);
    assert.match(
      desc,
      /Agreed position \(workshop\): [^;.]+ 3\.5; not rated at an analysis workshop: /,
    );
    const overview = dom((await t.as('viewer').get(pages.overview)).body);
    const rows = overview.rows('[data-testid="area-scores"]');
    assert.equal(rows[0]?.[3], 'Agreed position (workshop)');
    assert.match(rows[1]?.[3] ?? '', /^\d\.\d\s*Agreed for 1 of \d dimensions/);
    assert.ok(rows.slice(2).every((row) => row[3] === 'Not rated'));
    assert.match(
      overview.text(`[data-testid="area-position-${version.areas[1]?.key ?? ''}"]`) ?? '',
      /^Questionnaire score \d\.\d \(\w+\)\. No analysis workshop rated/,
    );
  });

  it("fills the workbook's agreed columns only for the dimension the workshop rated", async () => {
    const xlsx = await t.as('viewer').get(`/trusts/alpha/rounds/${withWorkshop}/analysis.xlsx`);
    assert.equal(xlsx.statusCode, 200);
    const rows = await readXlsxRows(xlsx.rawPayload, { sheet: 1 });
    const [head = [], ...body] = rows;
    assert.deepEqual(head.slice(2, 6), [
      'questionnaire score',
      'questionnaire stage',
      'position from',
      'agreed position (workshop)',
    ]);
    const rated = body.filter((r) => r[5] !== '');
    assert.deepEqual(
      rated.map((r) => [r[1], r[4], r[5]]),
      [[version.areas[0]?.dimensions[0]?.name, 'Analysis workshop', '3.5']],
    );
    assert.ok(body.filter((r) => r[5] === '').every((r) => r[4] === 'Questionnaires'));
  });
});
