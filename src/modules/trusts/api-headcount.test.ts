import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { asc, desc } from 'drizzle-orm';
import { auditLog, trustSectors } from '../../db/schema/index.ts';
import { useApp, type TokenHolder } from '../../../test/build.ts';
import { readXlsxRows, toXlsx, XLSX_CONTENT_TYPE } from '../../web/xlsx.ts';

// Every sector's headcount at once through the API: read as JSON or as the template (CSV,
// Excel), set from JSON or from the filled-in template. All or nothing, errors per entry or
// row, and a name that looks like a formula stays text.

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

const PATH = '/api/v1/trusts/alpha/headcount';
const FORMULA = '=HYPERLINK("http://evil.example","Click")';

describe('all headcounts at once through the API', () => {
  const bed = useApp({ tokens: ['trust-admin', 'viewer', 'beta'] });

  before(async () => {
    const trustId = bed.alpha.id;
    await bed.db.withTrust(trustId, (tx) =>
      tx.insert(trustSectors).values([
        { trustId, key: 'schools', name: 'Schools', nationalKey: 'schools', headcount: 900 },
        { trustId, key: 'health', name: 'Health', nationalKey: 'health' },
        { trustId, key: 'tricky', name: FORMULA, nationalKey: 'other', custom: true },
      ]),
    );
  });

  const headcounts = async () =>
    Object.fromEntries(
      (
        await bed.db.withTrust(bed.alpha.id, (tx) =>
          tx.select().from(trustSectors).orderBy(asc(trustSectors.key)),
        )
      ).map((s) => [s.key, s.headcount]),
    );
  const auditCount = async () =>
    (await bed.db.withTrust(bed.alpha.id, (tx) => tx.select({ id: auditLog.id }).from(auditLog)))
      .length;
  const lastAudit = async () =>
    (
      await bed.db.withTrust(bed.alpha.id, (tx) =>
        tx.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1),
      )
    )[0];
  const put = (body: string | Buffer, type: string, holder: TokenHolder = 'trust-admin') =>
    bed.app.inject({
      method: 'PUT',
      url: PATH,
      headers: { authorization: `Bearer ${bed.token(holder)}`, 'content-type': type },
      payload: body,
    });
  const fields = (body: Problem) => (body.errors ?? []).map((e) => e.field);

  it('reads every sector’s headcount as JSON, by default', async () => {
    const response = await bed.api('viewer', 'GET', PATH);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), [
      { key: 'schools', name: 'Schools', headcount: 900 },
      { key: 'health', name: 'Health', headcount: null },
      { key: 'tricky', name: FORMULA, headcount: null },
    ]);
    const bad = await bed.api('viewer', 'GET', `${PATH}?format=pdf`);
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(fields(bad.json<Problem>()), ['query.format']);
  });

  it('gives the template as CSV and Excel, text never a formula', async () => {
    const csv = await bed.api('viewer', 'GET', `${PATH}?format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /alpha-headcount\.csv/);
    const lines = csv.body.trim().split(/\r\n/);
    assert.deepEqual(lines.slice(0, 3), [
      'sector key,sector name,headcount',
      'schools,Schools,900',
      'health,Health,',
    ]);
    assert.equal(lines[3], `tricky,"'=HYPERLINK(""http://evil.example"",""Click"")",`);
    const xlsx = await bed.api('viewer', 'GET', `${PATH}?format=xlsx`);
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.headers['content-type'], XLSX_CONTENT_TYPE);
    const rows = await readXlsxRows(xlsx.rawPayload);
    assert.deepEqual(rows, [
      ['sector key', 'sector name', 'headcount'],
      ['schools', 'Schools', '900'],
      ['health', 'Health', ''],
      ['tricky', FORMULA, ''],
    ]);
  });

  it('sets headcounts from JSON, leaving sectors not listed as they are', async () => {
    const response = await bed.api('trust-admin', 'PUT', PATH, {
      headcounts: [
        { sector: 'health', headcount: 250 },
        { sector: 'tricky', headcount: 0 },
      ],
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), [
      { key: 'schools', name: 'Schools', headcount: 900 },
      { key: 'health', name: 'Health', headcount: 250 },
      { key: 'tricky', name: FORMULA, headcount: 0 },
    ]);
    const entry = await lastAudit();
    assert.equal(entry?.action, 'changed headcount');
    assert.equal(entry.actor, 'API token: test trust-admin');
    assert.deepEqual(entry.details, {
      health: { from: null, to: 250 },
      tricky: { from: null, to: 0 },
    });
  });

  it('refuses a wrong JSON list with an error per entry and saves nothing', async () => {
    const before = { headcounts: await headcounts(), audit: await auditCount() };
    const unknown = await bed.api('trust-admin', 'PUT', PATH, {
      headcounts: [
        { sector: 'schools', headcount: 1 },
        { sector: 'pirates', headcount: 2 },
        { sector: 'schools', headcount: 3 },
      ],
    });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(unknown.json<Problem>().errors, [
      {
        field: 'headcounts.1.sector',
        message: 'Entry 2: your trust has no sector with the key pirates',
      },
      { field: 'headcounts.2.sector', message: 'Entry 3: schools is already given in entry 1' },
    ]);
    const badValues = await bed.api('trust-admin', 'PUT', PATH, {
      headcounts: [
        { sector: 'schools', headcount: -1 },
        { sector: 'health', headcount: 2.5 },
      ],
    });
    assert.equal(badValues.statusCode, 400);
    assert.deepEqual(fields(badValues.json<Problem>()), [
      'headcounts.0.headcount',
      'headcounts.1.headcount',
    ]);
    const notAList = await bed.api('trust-admin', 'PUT', PATH, { headcounts: 'lots' });
    assert.deepEqual(fields(notAList.json<Problem>()), ['headcounts']);
    assert.deepEqual({ headcounts: await headcounts(), audit: await auditCount() }, before);
  });

  it('sets headcounts from the filled-in CSV template', async () => {
    const template = (await bed.api('viewer', 'GET', `${PATH}?format=csv`)).body;
    const filled = template
      .replace('schools,Schools,900', 'schools,Schools,"1,200"')
      .replace('health,Health,250', 'health,Health,');
    const response = await put(filled, 'text/csv');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(await headcounts(), { health: null, schools: 1200, tricky: 0 });
    assert.deepEqual((await lastAudit())?.details, {
      schools: { from: 900, to: 1200 },
      health: { from: 250, to: null },
    });
  });

  it('refuses a wrong file with an error per row and saves nothing', async () => {
    const before = { headcounts: await headcounts(), audit: await auditCount() };
    const rows = await put(
      'sector key,sector name,headcount\nschools,Schools,lots\npirates,Pirates,4\nhealth,Health,-3\n,,5\nschools,Schools,7\n',
      'text/csv',
    );
    assert.equal(rows.statusCode, 400);
    assert.deepEqual(
      rows.json<Problem>().errors?.map((e) => e.message),
      [
        'Row 2: enter the headcount as a whole number, like 250, or leave it empty',
        'Row 3: your trust has no sector with the key pirates',
        'Row 4: the headcount must be 0 or more',
        'Row 5: enter the sector key',
      ],
    );
    assert.deepEqual(fields(rows.json<Problem>()), ['row-2', 'row-3', 'row-4', 'row-5']);
    const header = await put('key,count\nschools,4\n', 'text/csv');
    assert.equal(header.statusCode, 400);
    assert.deepEqual(fields(header.json<Problem>()), ['file']);
    const empty = await put('sector key,sector name,headcount\n', 'text/csv');
    assert.match(empty.json<Problem>().detail, /no sectors in it/);
    const notWorkbook = await put(Buffer.from('not a workbook'), XLSX_CONTENT_TYPE);
    assert.equal(notWorkbook.statusCode, 400);
    assert.deepEqual(fields(notWorkbook.json<Problem>()), ['file']);
    assert.deepEqual({ headcounts: await headcounts(), audit: await auditCount() }, before);
  });

  it('sets headcounts from the filled-in Excel template', async () => {
    const workbook = await toXlsx([
      {
        name: 'Headcount',
        headers: ['Sector key', 'Sector name', 'Headcount'],
        rows: [
          ['schools', 'Schools', 950],
          ['tricky', FORMULA, null],
        ],
      },
    ]);
    const response = await put(workbook, XLSX_CONTENT_TYPE);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(await headcounts(), { health: null, schools: 950, tricky: null });
    const wrong = await toXlsx([
      { name: 'Headcount', headers: ['sector key', 'headcount'], rows: [['schools', 'many']] },
    ]);
    const refused = await put(wrong, XLSX_CONTENT_TYPE);
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(fields(refused.json<Problem>()), ['row-2']);
    assert.deepEqual(await headcounts(), { health: null, schools: 950, tricky: null });
  });

  it('refuses a viewer token (403) and another trust (404), saving nothing', async () => {
    const before = await headcounts();
    const body = { headcounts: [{ sector: 'schools', headcount: 1 }] };
    assert.equal((await bed.api('viewer', 'PUT', PATH, body)).statusCode, 403);
    assert.equal(
      (await put('sector key,headcount\nschools,1\n', 'text/csv', 'viewer')).statusCode,
      403,
    );
    assert.equal((await bed.api('beta', 'PUT', PATH, body)).statusCode, 404);
    assert.equal((await bed.api('beta', 'GET', PATH)).statusCode, 404);
    assert.deepEqual(await headcounts(), before);
  });
});
