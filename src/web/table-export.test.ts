import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { exportFormat, sendTable, tablesToCsv, type ExportTable } from './table-export.ts';
import { readXlsxRows, XLSX_CONTENT_TYPE } from './xlsx.ts';

const PEOPLE: ExportTable = {
  name: 'People',
  headers: ['Name', 'Score'],
  rows: [
    ['Ada', 3],
    ['=HYPERLINK("http://example.com")', null],
  ],
};
const SECTORS: ExportTable = { name: 'Sectors: 2024/25', headers: ['Sector'], rows: [['Health']] };

describe('exportFormat', () => {
  it('reads a .csv or .xlsx suffix and nothing else', () => {
    assert.equal(exportFormat('csv'), 'csv');
    assert.equal(exportFormat('xlsx'), 'xlsx');
    assert.equal(exportFormat('.xlsx'), 'xlsx');
    assert.equal(exportFormat('/trusts/alpha/users.csv'), 'csv');
    assert.equal(exportFormat('/trusts/alpha/users.xlsx?round=1#top'), 'xlsx');
    for (const value of ['', 'xls', 'XLSX', 'users.json', 'mycsv', 'users.csv/', 'csv.pdf']) {
      assert.equal(exportFormat(value), undefined, value);
    }
  });
});

describe('tablesToCsv', () => {
  it('writes one table as it is, and several one after another with their names', () => {
    assert.equal(
      tablesToCsv([PEOPLE]),
      'Name,Score\r\nAda,3\r\n"\'=HYPERLINK(""http://example.com"")",\r\n',
    );
    assert.equal(
      tablesToCsv([PEOPLE, SECTORS]),
      [
        'People',
        'Name,Score',
        'Ada,3',
        '"\'=HYPERLINK(""http://example.com"")",',
        '',
        'Sectors: 2024/25',
        'Sector',
        'Health',
        '',
      ].join('\r\n'),
    );
  });
});

describe('sendTable', () => {
  let app: FastifyInstance;
  before(async () => {
    app = Fastify();
    app.get<{ Params: { format: string } }>('/people.:format', async (request, reply) => {
      const format = exportFormat(request.params.format);
      if (format === undefined) return reply.code(404).send();
      return sendTable(reply, format, 'alpha-people', PEOPLE);
    });
    app.get<{ Params: { format: string } }>('/all.:format', async (request, reply) => {
      const format = exportFormat(request.params.format);
      if (format === undefined) return reply.code(404).send();
      return sendTable(reply, format, 'alpha "all" – 2024', [PEOPLE, SECTORS]);
    });
    await app.ready();
  });
  after(() => app.close());

  it('sends CSV with its type and file name', async () => {
    const response = await app.inject({ method: 'GET', url: '/people.csv' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(
      response.headers['content-disposition'],
      'attachment; filename="alpha-people.csv"',
    );
    assert.equal(response.body, tablesToCsv([PEOPLE]));
  });

  it('sends a workbook with its type and file name', async () => {
    const response = await app.inject({ method: 'GET', url: '/people.xlsx' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], XLSX_CONTENT_TYPE);
    assert.equal(
      response.headers['content-disposition'],
      'attachment; filename="alpha-people.xlsx"',
    );
    assert.equal(Number(response.headers['content-length']), response.rawPayload.length);
    assert.deepEqual(await readXlsxRows(response.rawPayload), [
      ['Name', 'Score'],
      ['Ada', '3'],
      ['=HYPERLINK("http://example.com")', ''],
    ]);
  });

  it('sends several tables as sheets of one workbook, or one after another in CSV', async () => {
    const xlsx = await app.inject({ method: 'GET', url: '/all.xlsx' });
    assert.equal(
      xlsx.headers['content-disposition'],
      'attachment; filename="alpha _all_ _ 2024.xlsx"',
    );
    assert.deepEqual(await readXlsxRows(xlsx.rawPayload, { sheet: 1 }), [['Sector'], ['Health']]);
    const csv = await app.inject({ method: 'GET', url: '/all.csv' });
    assert.equal(
      csv.headers['content-disposition'],
      'attachment; filename="alpha _all_ _ 2024.csv"',
    );
    assert.equal(csv.body, tablesToCsv([PEOPLE, SECTORS]));
  });

  it('answers 404 for another suffix', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/people.json' })).statusCode, 404);
  });
});
