import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { loadStrings } from '../answering/i18n.ts';
import { loadAudienceWording, loadFrameworkFiles } from '../framework/index.ts';
import { sourceTexts, type Texts } from './catalogue.ts';
import { normaliseTag, readLanguage } from './language.ts';
import { partsOf, textsFromParts } from './parts.ts';
import {
  readTranslationWorkbook,
  templateWorkbook,
  type WorkbookProblem,
  type WorkbookRead,
} from './workbook.ts';

// The rules an uploaded translation workbook must meet, read from real workbooks made the
// way a trust makes them: the downloaded template, filled in and edited.

const [version] = loadFrameworkFiles();
if (version === undefined) throw new Error('no framework version');
const english = loadStrings('en');
if (english === null) throw new Error('no English strings');
const sources = {
  version,
  wording: loadAudienceWording(version.key, 'en'),
  respondent: english,
};
const texts = sourceTexts(sources);
const translated = (english: string) => `«${english}»`;
const full: Texts = Object.fromEntries(texts.map((t) => [t.key, translated(t.english)]));

/** The template filled in, then changed by `edit` as a person might in Excel. */
async function workbook(edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const bytes = await templateWorkbook(texts, full);
  if (edit === undefined) return bytes;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('Translation');
  if (sheet === undefined) throw new Error('no Translation sheet');
  edit(sheet);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const read = (bytes: Buffer) => readTranslationWorkbook(bytes, texts, version.key);

function problems(result: WorkbookRead): WorkbookProblem[] {
  if (result.ok) assert.fail('the workbook is refused');
  return result.problems;
}

/** The row of the sheet (1 is the header) holding a key. */
const rowOf = (key: string) => texts.findIndex((t) => t.key === key) + 2;

describe('the translation workbook', () => {
  it('lists every text of the version once: framework, areas in audiences’ words, page wording', () => {
    const keys = texts.map((t) => t.key);
    assert.equal(new Set(keys).size, keys.length);
    for (const key of [
      'summary',
      'audience.frontline',
      'scale.label.1',
      'scale.plainLabel.5',
      'scale.dontKnow',
      'stage.fragmented.name',
      'area.shared-identity.description',
      'item.red.shared-vision.p1',
      'wording.children-young-people.shared-identity.name',
      'respondent.pageOf',
      'respondent-plain.startTitle',
    ])
      assert.ok(keys.includes(key), key);
    // A plain text the same as the standard one has no row of its own.
    assert.equal(english.plain.back, english.standard.back);
    assert.ok(!keys.includes('respondent-plain.back'));
    const items = version.areas.flatMap((a) => a.dimensions.flatMap((d) => d.items));
    assert.ok(items.every((item) => keys.includes(`item.${item.key}`)));
  });

  it('reads a filled template back, text for text, and stands for every part the pages use', async () => {
    const result = await read(await workbook());
    assert.ok(result.ok);
    assert.deepEqual(result.texts, full);
    const parts = partsOf(version.key, 'xx', result.texts);
    assert.equal(parts.translation.summary, translated(version.summary));
    assert.equal(parts.translation.scale?.labels.length, 5);
    assert.equal(parts.respondent.standard.pageOf, translated(english.standard.pageOf ?? ''));
    // Where the plain English is the standard English, the plain wording is the standard one.
    assert.equal(parts.respondent.plain.back, translated(english.standard.back ?? ''));
    assert.equal(parts.respondent.plain.startTitle, translated(english.plain.startTitle ?? ''));
    assert.equal(
      parts.wording.audiences['children-young-people']?.areas['shared-identity']?.name,
      full['wording.children-young-people.shared-identity.name'],
    );
    // And back: the texts the parts stand for are the texts read.
    assert.deepEqual(textsFromParts(sources, parts), full);
  });

  it('names the missing texts: their count and the first few', async () => {
    const gone = ['summary', 'audience.frontline', 'scale.label.1', 'stage.fragmented.name'];
    const more = texts.slice(100, 104).map((t) => t.key);
    const bytes = await workbook((sheet) => {
      for (const key of [...gone, ...more].map(rowOf).sort((a, b) => b - a))
        sheet.spliceRows(key, 1);
    });
    const [missing, ...others] = problems(await read(bytes));
    assert.deepEqual(others, []);
    assert.equal(missing?.field, 'file');
    assert.match(
      missing.message,
      /is missing 8 texts of version 2026\.1: summary, audience\.frontline, scale\.label\.1, stage\.fragmented\.name, .+ and 3 more\./,
    );
    assert.deepEqual(
      missing.keys,
      [...gone, ...more].sort((a, b) => rowOf(a) - rowOf(b)),
    );
  });

  it('refuses keys that are not texts of the version, repeated keys and rows without a key', async () => {
    const bytes = await workbook((sheet) => {
      sheet.addRow(['item.no-such-item', '', '', 'Something']);
      sheet.addRow(['summary', '', '', 'A second summary']);
      sheet.addRow(['', '', '', 'A translation on its own']);
    });
    const last = texts.length + 1;
    const found = problems(await read(bytes));
    assert.deepEqual(
      found.map((p) => p.message),
      [
        `A row has a key that is not a text of version 2026.1: row ${last + 1} (item.no-such-item). Remove it, or download the template again`,
        `A key is in more than one row: summary (rows 2, ${last + 2}). Keep one row for each key`,
        `A row has a translation but no key: row ${last + 3}`,
      ],
    );
    assert.deepEqual(found[0]?.rows, [last + 1]);
    assert.deepEqual(found[0].keys, ['item.no-such-item']);
  });

  it('refuses empty translations, naming their rows', async () => {
    const keys = texts.slice(0, 7).map((t) => t.key);
    const bytes = await workbook((sheet) => {
      for (const key of keys) sheet.getCell(rowOf(key), 4).value = key === 'summary' ? '   ' : null;
    });
    const [empty] = problems(await read(bytes));
    assert.equal(
      empty?.message,
      `7 texts have no translation: row 2 (summary), row 3 (audience.leaders-managers), row 4 (audience.frontline), row 5 (audience.children-young-people), row 6 (audience.parents-carers) and 2 more. Every text needs one`,
    );
    assert.deepEqual(empty.rows, [2, 3, 4, 5, 6, 7, 8]);
  });

  it('keeps the placeholders a page fills in', async () => {
    const bytes = await workbook((sheet) => {
      sheet.getCell(rowOf('respondent.pageOf'), 4).value = 'Page {n}';
    });
    const [problem] = problems(await read(bytes));
    assert.match(problem?.message ?? '', /respondent\.pageOf: \{n\} \{total\}/);
    assert.deepEqual(problem?.rows, [rowOf('respondent.pageOf')]);
  });

  it('reads formula cells as the text Excel saved, and text that looks like a formula as text', async () => {
    const bytes = await workbook((sheet) => {
      sheet.getCell(rowOf('summary'), 4).value = { formula: 'C2&"!"', result: 'Worked out!' };
      sheet.getCell(rowOf('audience.frontline'), 4).value = '=HYPERLINK("http://example.com","x")';
    });
    const result = await read(bytes);
    assert.ok(result.ok);
    assert.equal(result.texts.summary, 'Worked out!');
    assert.equal(result.texts['audience.frontline'], '=HYPERLINK("http://example.com","x")');
    // A formula with no saved result is an empty translation, never worked out here.
    const unsaved = await workbook((sheet) => {
      sheet.getCell(rowOf('summary'), 4).value = {
        formula: 'C2',
        date1904: false,
      };
    });
    assert.match(problems(await read(unsaved))[0]?.message ?? '', /row 2 \(summary\)/);
  });

  it('writes the template as plain text, never formulas, even for text that looks like one', async () => {
    const tricky = { ...full, summary: '=1+1', 'audience.frontline': '+44 20 7946 0000' };
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await templateWorkbook(texts, tricky)) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Translation');
    assert.deepEqual(
      [1, 2, 3, 4].map((c) => sheet?.getCell(1, c).value),
      ['Key', 'Where it is used', 'English', 'Translation'],
    );
    const cell = sheet?.getCell(rowOf('summary'), 4);
    assert.equal(cell?.type, ExcelJS.ValueType.String);
    assert.equal(cell.value, '=1+1');
    assert.equal(sheet?.getCell(rowOf('audience.frontline'), 4).value, '+44 20 7946 0000');
  });

  it('refuses a workbook without the Translation sheet or its headings, and a file that is not a workbook', async () => {
    const renamed = await workbook((sheet) => {
      sheet.name = 'Sheet1';
    });
    assert.match(problems(await read(renamed))[0]?.message ?? '', /no sheet called Translation/);
    const headless = await workbook((sheet) => {
      sheet.getCell(1, 4).value = 'Welsh';
    });
    const [header] = problems(await read(headless));
    assert.match(header?.message ?? '', /first row of the Translation sheet/);
    assert.deepEqual(header?.rows, [1]);
    for (const bytes of [
      Buffer.from('key,translation\nsummary,x\n'),
      Buffer.from('PK\u0003\u0004 not really a zip'),
    ])
      assert.match(
        problems(await read(bytes))[0]?.message ?? '',
        /must be an Excel workbook \(\.xlsx\)/,
      );
  });
});

describe('the language of an upload', () => {
  it('takes BCP 47 tags as convention writes them', () => {
    assert.equal(normaliseTag('SO'), 'so');
    assert.equal(normaliseTag('pa-arab'), 'pa-Arab');
    assert.equal(normaliseTag('pa_Arab_pk'), 'pa-Arab-PK');
    assert.equal(normaliseTag('es-419'), 'es-419');
    for (const bad of ['', 'x', 'english', 'en-', 'zh-Hant-TW-x', '12', 'ar;drop'])
      assert.equal(normaliseTag(bad), null, bad);
  });

  it('uses the product’s own names for its languages, and needs them for others', () => {
    const arabic = readLanguage({ code: 'AR', name: 'ignored', dir: 'ltr' });
    assert.ok(arabic.ok);
    assert.deepEqual(arabic.language, {
      code: 'ar',
      name: 'Arabic',
      nativeName: 'العربية',
      dir: 'rtl',
      numberingSystem: 'arab',
    });
    const somali = readLanguage({ code: 'so', name: 'Somali', nativeName: 'Soomaali', dir: 'ltr' });
    assert.ok(somali.ok);
    assert.equal(somali.language.nativeName, 'Soomaali');
    const bare = readLanguage({ code: 'so' });
    assert.ok(!bare.ok);
    assert.deepEqual(
      bare.errors.map((e) => e.field),
      ['name', 'nativeName', 'dir'],
    );
    const englishUpload = readLanguage({ code: 'en' });
    assert.ok(!englishUpload.ok);
    assert.equal(englishUpload.errors[0]?.field, 'code');
  });
});
