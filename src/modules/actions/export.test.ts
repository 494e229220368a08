import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { useApp, type TokenHolder } from '../../../test/build.ts';
import { XLSX_CONTENT_TYPE } from '../../web/xlsx.ts';
import { councilPlanCsv } from './import/fixtures/council-plan.ts';

// A council's 12-row progress table (No, Action, Lead Officer, Target Date, Progress, RAG;
// mixed date spellings, a revised date in the progress text, two leads in a cell, empty RAGs)
// previewed through the API without storing, imported, then downloaded as CSV and XLSX, and
// each download imported into a trust with no plan gives the same actions.

interface Action {
  id: string;
  number: string;
  title: string;
  status: string;
  rag: string | null;
  ragOverridden: boolean;
  target: unknown;
  revisedTarget: unknown;
  leads: { name: string }[];
  updateCount: number;
}

interface Detail extends Action {
  revisedReason: string;
  updates: { text: string }[];
}

interface Imported {
  stored: boolean;
  ready: boolean;
  actions: number;
  rows: { line: number; problems: unknown[] }[];
}

const ALPHA = '/api/v1/trusts/alpha/actions';
const BETA = '/api/v1/trusts/beta/actions';

describe('a council plan imported, exported and imported again', () => {
  const t = useApp({ tokens: ['trust-admin', 'beta'], signIn: ['viewer'] });

  const importPlan = (
    holder: TokenHolder,
    base: string,
    type: string,
    body: string | Buffer,
    query = '',
  ) =>
    t.app.inject({
      method: 'POST',
      url: `${base}/import${query}`,
      headers: { authorization: `Bearer ${t.token(holder)}`, 'content-type': type },
      payload: body,
    });

  /** The plan as compared: every action with its latest progress and revision reason. */
  async function planOf(holder: TokenHolder, base: string) {
    const list = (await t.api(holder, 'GET', `${base}?limit=500`)).json<Action[]>();
    return Promise.all(
      list.map(async (a) => {
        const detail = (await t.api(holder, 'GET', `${base}/${a.id}`)).json<Detail>();
        return {
          number: a.number,
          title: a.title,
          leads: a.leads.map((l) => l.name),
          target: a.target,
          revisedTarget: a.revisedTarget,
          revisedReason: detail.revisedReason,
          status: a.status,
          rag: a.rag,
          ragOverridden: a.ragOverridden,
          progress: detail.updates[0]?.text ?? null,
        };
      }),
    );
  }

  let original: Awaited<ReturnType<typeof planOf>> = [];

  it('previews the plan row by row and stores nothing', async () => {
    const response = await importPlan(
      'trust-admin',
      ALPHA,
      'text/csv',
      councilPlanCsv(),
      '?preview=true',
    );
    assert.equal(response.statusCode, 200, response.body);
    const preview = response.json<Imported>();
    assert.equal(preview.stored, false);
    assert.equal(preview.ready, true, response.body);
    assert.equal(preview.rows.length, 12);
    assert.equal(preview.rows[0]?.line, 5);
    assert.equal((await t.api('trust-admin', 'GET', ALPHA)).json<[]>().length, 0);
  });

  it('stores the 12 actions, with the revised date, both leads and the empty RAGs', async () => {
    const response = await importPlan('trust-admin', ALPHA, 'text/csv', councilPlanCsv());
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<Imported>().actions, 12);
    original = await planOf('trust-admin', ALPHA);
    assert.deepEqual(
      original.map((a) => a.number),
      ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'],
    );
    const [first, second, third] = original;
    assert.deepEqual(first?.leads, ['Head of Workforce', 'Training Manager']);
    assert.deepEqual(second?.revisedTarget, { kind: 'day', date: '2009-12-31' });
    assert.deepEqual(second.target, { kind: 'month', year: 2009, month: 11 });
    assert.match(second.revisedReason, /now revised to 31st Dec 2009/);
    assert.equal(third?.ragOverridden, false, 'an empty RAG leaves the suggestion');
    assert.equal(third.progress, null);
    assert.equal(original[6]?.status, 'complete');
  });

  it('refuses a plan with a problem row by row, storing none of it', async () => {
    const broken = councilPlanCsv().replace('Oct-09', '31/02/2010');
    const response = await importPlan('beta', BETA, 'text/csv', broken);
    assert.equal(response.statusCode, 400, response.body);
    const errors = response.json<{ errors: { field: string }[] }>().errors;
    assert.deepEqual(
      errors.map((e) => e.field),
      ['row-5.target'],
    );
    assert.equal((await t.api('beta', 'GET', BETA)).json<[]>().length, 0);
  });

  it('round-trips through the CSV download', async () => {
    const csv = await t.as('viewer').get('/trusts/alpha/actions/export.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(
      csv.body.split('\r\n')[0] ?? '',
      /^No,Action,Description,Lead,Partners,Target date/,
    );
    const response = await importPlan('beta', BETA, 'text/csv', csv.body);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(await planOf('beta', BETA), original);
  });

  it('round-trips through the XLSX download, with every update on its second sheet', async () => {
    for (const a of (await t.api('beta', 'GET', BETA)).json<Action[]>())
      assert.equal((await t.api('beta', 'DELETE', `${BETA}/${a.id}`)).statusCode, 204);
    const xlsx = await t.as('viewer').get('/trusts/alpha/actions/export.xlsx');
    assert.equal(xlsx.statusCode, 200);
    const bytes = xlsx.rawPayload;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ['Action plan', 'Progress history'],
    );
    const history = workbook.getWorksheet('Progress history');
    const updates = original.filter((a) => a.progress !== null).length;
    assert.equal((history?.actualRowCount ?? 0) - 1, updates);
    const response = await importPlan('beta', BETA, XLSX_CONTENT_TYPE, bytes);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(await planOf('beta', BETA), original);
  });

  it('downloads every progress update as CSV', async () => {
    const csv = await t.as('viewer').get('/trusts/alpha/actions/export-history.csv');
    assert.equal(csv.statusCode, 200);
    const lines = csv.body.trimEnd().split('\r\n');
    assert.equal(lines[0], 'No,Action,Date,Update,By,RAG at the time,Status');
    assert.equal(lines.length - 1, original.filter((a) => a.progress !== null).length);
    assert.match(csv.body, /Draft standard shared with schools/);
  });

  it("does not give another trust's plan", async () => {
    const other = await t.as('viewer').get('/trusts/beta/actions/export.csv');
    assert.equal(other.statusCode, 404);
  });
});
