import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { dom, useApp } from '../../test/build.ts';
import { toCsv } from './csv.ts';
import {
  exportTable,
  numeric,
  pageTable,
  shownNumber,
  tablesIn,
  type PageTable,
} from './page-table.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tableAlias, tablePage } from './table-pages.ts';
import { readXlsxRows, toXlsx } from './xlsx.ts';

const SECTORS = pageTable({
  key: 'sectors',
  caption: 'Responses by sector',
  head: ['Sector', { text: 'Responses', format: 'numeric' }, { text: 'Rate', format: 'numeric' }],
  rows: [
    [
      { text: 'Schools', more: [{ text: 'Under-represented', tag: 'govuk-tag--orange' }] },
      numeric(1234),
      { text: '1.5%', format: 'numeric' },
    ],
    ['=HYPERLINK("http://evil.example")', numeric(null), { text: 'Withheld', format: 'numeric' }],
  ],
  actions: [[{ text: 'Remove', hidden: 'Schools', post: '/remove/1' }], undefined],
});

describe('shownNumber', () => {
  it('reads a figure as pages write it, with the Excel format that writes it the same', () => {
    assert.deepEqual(shownNumber('12'), { value: 12, text: '12', numFmt: '0' });
    assert.deepEqual(shownNumber('-0.4'), { value: -0.4, text: '-0.4', numFmt: '0.0' });
    assert.deepEqual(shownNumber('3.50'), { value: 3.5, text: '3.50', numFmt: '0.00' });
    assert.deepEqual(shownNumber('1,234'), { value: 1234, text: '1,234', numFmt: '#,##0' });
    assert.deepEqual(shownNumber('45%'), { value: 0.45, text: '45%', numFmt: '0%' });
    assert.deepEqual(shownNumber('+0.3'), {
      value: 0.3,
      text: '+0.3',
      numFmt: '+0.0;-0.0;0.0',
    });
    for (const text of ['', '–', 'Withheld', '2026.1 draft', '1,23', '12 days', '=1+1', '1e5'])
      assert.equal(shownNumber(text), undefined, text);
  });
});

describe('exportTable', () => {
  it('holds the text the page shows, figures as numbers, and no actions column', () => {
    const table = exportTable(SECTORS);
    assert.equal(table.name, 'Responses by sector');
    assert.deepEqual(table.headers, ['Sector', 'Responses', 'Rate']);
    assert.deepEqual(table.rows, [
      [
        'Schools Under-represented',
        { value: 1234, text: '1,234', numFmt: '#,##0' },
        { value: 0.015, text: '1.5%', numFmt: '0.0%' },
      ],
      ['=HYPERLINK("http://evil.example")', '–', 'Withheld'],
    ]);
  });

  it('writes a CSV with formulas defused and figures as shown', () => {
    const { headers, rows } = exportTable(SECTORS);
    assert.equal(
      toCsv(headers, rows),
      [
        'Sector,Responses,Rate',
        'Schools Under-represented,"1,234",1.5%',
        '"\'=HYPERLINK(""http://evil.example"")",–,Withheld',
        '',
      ].join('\r\n'),
    );
    // A figure is left alone; the same text that is not a figure is defused.
    const change = shownNumber('-0.4');
    assert.ok(change);
    assert.equal(toCsv(['a', 'b'], [[change, '-0.4']]), "a,b\r\n-0.4,'-0.4\r\n");
  });

  it('writes a workbook with figures as numbers in their shown format, text as text', async () => {
    const { name, headers, rows } = exportTable(SECTORS);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await toXlsx([{ name, headers, rows }])) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    assert.ok(sheet);
    assert.equal(sheet.getCell('B2').value, 1234);
    assert.equal(sheet.getCell('B2').numFmt, '#,##0');
    assert.equal(sheet.getCell('C2').value, 0.015);
    assert.equal(sheet.getCell('C2').numFmt, '0.0%');
    assert.equal(sheet.getCell('A3').type, ExcelJS.ValueType.String);
    assert.equal(sheet.getCell('A3').value, '=HYPERLINK("http://evil.example")');
  });
});

describe('tablesIn', () => {
  it('finds the tables of a page context in order, in values, arrays and plain objects', () => {
    const other = pageTable({ key: 'other', caption: 'Other', head: ['A'], rows: [] });
    class Holder {
      table = other;
    }
    const found = tablesIn({
      title: 'A page',
      at: new Date(),
      areas: [{ name: 'Red', table: SECTORS }],
      held: new Holder(),
      tables: { other },
    });
    assert.deepEqual(
      found.map((t) => t.key),
      ['sectors', 'other'],
    );
    assert.deepEqual(tablesIn({ copy: { ...SECTORS } }), [], 'a copy is not a page table');
  });
});

type Params = { Params: { format?: string } };

describe('a page registered with tablePage', () => {
  const one = () =>
    pageTable({ key: 'people', caption: 'People', head: ['Name'], rows: [['Ada']] });
  // A page that shows each of its tables under a heading (a drill-down module's page).
  const page = (tables: PageTable[]) => ({
    title: 'Tables',
    version: { title: 'Test' },
    drill: { description: 'Tables to download' },
    practices: tables.map((table) => ({ name: table.caption, description: '', table })),
  });
  const t = useApp({
    configure: (app) => {
      tablePage<Params>(app, '/test/one', async (_request, reply) =>
        reply.page('framework/views/drill-down.njk', page([one()])),
      );
      const two = async (_request: FastifyRequest, reply: FastifyReply) =>
        reply.page('framework/views/drill-down.njk', page([one(), SECTORS]));
      tablePage(app, '/test/two', two, { at: '/test/two/tables', file: 'both' });
      tableAlias(app, '/test/two/sectors', two, 'sectors');
      tablePage(app, '/test/broken', async (_request, reply) =>
        reply.code(500).page('errors/500.njk', { title: 'Broken' }),
      );
    },
  });

  it('links each table to its downloads: the page’s address with .csv or .xlsx', async () => {
    const html = dom((await t.app.inject({ url: '/test/one?done=saved&q=1' })).body);
    assert.deepEqual(
      html.root
        .querySelectorAll('.ocw-table-downloads a')
        .map((a) => [a.getAttribute('href'), a.text]),
      [
        ['/test/one.csv?q=1', 'Download People as CSV'],
        ['/test/one.xlsx?q=1', 'Download People as Excel (XLSX)'],
      ],
    );
    const csv = await t.app.inject({ url: '/test/one.csv?q=1' });
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.headers['content-disposition'], 'attachment; filename="people.csv"');
    assert.equal(csv.body, 'Name\r\nAda\r\n');
    const xlsx = await t.app.inject({ url: '/test/one.xlsx' });
    assert.deepEqual(await readXlsxRows(xlsx.rawPayload), [['Name'], ['Ada']]);
  });

  it('names the table in the link on a page of several, and sends one or all', async () => {
    const html = dom((await t.app.inject({ url: '/test/two' })).body);
    assert.deepEqual(
      html.root.querySelectorAll('.ocw-table-downloads a').map((a) => a.getAttribute('href')),
      [
        '/test/two/tables.csv?table=people',
        '/test/two/tables.xlsx?table=people',
        '/test/two/tables.csv?table=sectors',
        '/test/two/tables.xlsx?table=sectors',
      ],
    );
    assert.equal(html.root.querySelectorAll('th.ocw-table__actions').length, 1);
    const sectors = await t.app.inject({ url: '/test/two/tables.csv?table=sectors' });
    assert.match(sectors.body, /^Sector,Responses,Rate\r\n/);
    const alias = await t.app.inject({ url: '/test/two/sectors.csv' });
    assert.equal(alias.body, sectors.body);
    const all = await t.app.inject({ url: '/test/two/tables.xlsx' });
    assert.equal(all.headers['content-disposition'], 'attachment; filename="both.xlsx"');
    assert.deepEqual(await readXlsxRows(all.rawPayload, { sheet: 1 }), [
      ['Sector', 'Responses', 'Rate'],
      ['Schools Under-represented', '1234', '0.015'],
      ['=HYPERLINK("http://evil.example")', '–', 'Withheld'],
    ]);
  });

  it('answers another format, an unknown table and an error as such', async () => {
    for (const url of ['/test/one.json', '/test/one.CSV', '/test/two/tables.csv?table=nope'])
      assert.equal((await t.app.inject({ url })).statusCode, 404, url);
    const broken = await t.app.inject({ url: '/test/broken.csv' });
    assert.equal(broken.statusCode, 500);
    assert.match(String(broken.headers['content-type']), /^text\/html/);
  });
});
