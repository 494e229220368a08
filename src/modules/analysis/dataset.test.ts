import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { dom, useApp } from '../../../test/build.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import { readXlsxRows } from '../../web/xlsx.ts';
import type { TidyRow } from './models/index.ts';
import type { RoundScores } from './types.ts';

// The long-form dataset of a round (JSON, CSV, XLSX, and the page's download): the same
// figures as the scores, the same suppression, and the same rows in every format.

interface Dataset {
  roundId: string;
  release: number;
  columns: string[];
  rows: TidyRow[];
}

const P1 = 'red.shared-vision.p1';
const P3 = 'red.shared-vision.p3';

describe('round dataset in long form', () => {
  const t = useApp({ tokens: ['trust-admin', 'viewer'], signIn: ['trust-admin'] });
  let roundId = '';
  let ready: Promise<void> | undefined;
  const base = () => `/api/v1/trusts/alpha/rounds/${roundId}`;

  /** Six frontline health workers and two school leaders answer; the answers are released. */
  const setUp = () =>
    (ready ??= (async () => {
      await addSectors(t.db, t.alpha.id);
      roundId = (await addRound(t.db, t.alpha.id, { status: 'analysing' })).id;
      const rows = ['respondent,sector,audience,item,value'];
      for (let i = 1; i <= 6; i++)
        rows.push(`H${i},health,frontline,${P1},${1 + (i % 5)}`, `H${i},health,frontline,${P3},4`);
      for (let i = 1; i <= 2; i++) rows.push(`S${i},schools,leaders-managers,${P1},5`);
      const imported = await t.app.inject({
        method: 'POST',
        url: `${base()}/responses/import`,
        headers: { authorization: `Bearer ${t.token('trust-admin')}`, 'content-type': 'text/csv' },
        payload: rows.join('\n'),
      });
      assert.equal(imported.statusCode, 201, imported.body);
      assert.equal((await t.api('trust-admin', 'POST', `${base()}/release`)).statusCode, 200);
    })());

  const dataset = async () => {
    await setUp();
    const response = await t.api('viewer', 'GET', `${base()}/dataset`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<Dataset>();
  };
  const find = (rows: TidyRow[], where: Partial<TidyRow>) =>
    rows.filter((r) => Object.entries(where).every(([k, v]) => r[k as keyof TidyRow] === v));

  it('gives the scores’ figures, one row per group × area or dimension × measure', async () => {
    const data = await dataset();
    assert.deepEqual(data.columns.slice(-3), ['measure', 'value', 'withheld']);
    const scores = (await t.api('viewer', 'GET', `${base()}/scores`)).json<RoundScores>();
    const dimension = scores.overall.areas[0]?.dimensions.find((d) => d.key === 'shared-vision');
    assert.ok(dimension?.score !== null && dimension?.score !== undefined);
    const [score] = find(data.rows, {
      group_kind: 'everyone',
      dimension_key: 'shared-vision',
      measure: 'score',
    });
    assert.equal(score?.value, Math.round(dimension.score * 100) / 100);
    assert.equal(
      find(data.rows, {
        group_kind: 'everyone',
        dimension_key: 'shared-vision',
        measure: 'n',
      })[0]?.value,
      dimension.n,
    );
    // One row per measure: no two rows say the same thing.
    const keys = data.rows.map(
      (r) => `${r.group_kind}|${r.group_key}|${r.area_key}|${r.dimension_key}|${r.measure}`,
    );
    assert.equal(new Set(keys).size, keys.length);
  });

  it('leaves every withheld figure empty and marked, and shows nothing for a group of two', async () => {
    const data = await dataset();
    for (const row of data.rows) if (row.withheld) assert.equal(row.value, null);
    const schools = find(data.rows, { group_kind: 'sector', group_key: 'schools' });
    assert.ok(schools.length > 0);
    assert.ok(schools.every((r) => r.withheld && r.value === null));
    const leaders = find(data.rows, { group_kind: 'audience', group_key: 'leaders-managers' });
    assert.ok(leaders.every((r) => r.value === null));
  });

  it('gives the same rows as CSV and as a workbook, from the API and from the page', async () => {
    const data = await dataset();
    const expected = data.rows.map((r) =>
      data.columns.map((c) => {
        const v = r[c as keyof TidyRow];
        return c === 'withheld' ? (v === true ? 'yes' : 'no') : v === null ? '' : String(v);
      }),
    );
    const csv = await t.api('viewer', 'GET', `${base()}/dataset?format=csv`);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const records: string[][] = parse(csv.body, { bom: true });
    const [head, ...rows] = records;
    assert.deepEqual(head, data.columns);
    assert.deepEqual(rows, expected);
    const xlsx = await t.api('viewer', 'GET', `${base()}/dataset?format=xlsx`);
    const [sheetHead, ...sheetRows] = await readXlsxRows(xlsx.rawPayload);
    assert.deepEqual(sheetHead, data.columns);
    assert.deepEqual(sheetRows, expected);
    const page = await t
      .as('trust-admin')
      .get(`/trusts/alpha/rounds/${roundId}/analysis/dataset.csv`);
    assert.equal(page.statusCode, 200);
    assert.equal(page.body, csv.body);
  });

  it('is offered on the analysis overview as CSV and Excel', async () => {
    await setUp();
    const page = dom(
      (await t.as('trust-admin').get(`/trusts/alpha/rounds/${roundId}/analysis`)).body,
    );
    const href = `/trusts/alpha/rounds/${roundId}/analysis/dataset`;
    assert.ok(page.has(`a[href="${href}.csv"]`));
    assert.ok(page.has(`a[href="${href}.xlsx"]`));
  });

  it('answers 409 before the first release, and 400 for an unknown format', async () => {
    await setUp();
    const open = await addRound(t.db, t.alpha.id, { status: 'collecting' });
    const early = await t.api('viewer', 'GET', `/api/v1/trusts/alpha/rounds/${open.id}/dataset`);
    assert.equal(early.statusCode, 409);
    assert.equal(early.json<{ type: string }>().type, 'urn:ocw:problem:conflict');
    const odd = await t.api('viewer', 'GET', `${base()}/dataset?format=pdf`);
    assert.equal(odd.statusCode, 400);
  });
});
