import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { auditLog, trustTranslations } from '../../db/schema/index.ts';
import { addLink, addQuestionnaire, addRound } from '../../../test/fixtures.ts';
import type { Agent } from '../../../test/helpers.ts';
import { dom, useApp } from '../../../test/build.ts';
import { Respondent } from '../answering/testing.ts';
import { filledWorkbook, markedTexts, multipart, versionTexts, type Part } from './testing.ts';

// The trust admin's translation pages, and what an uploaded translation does: offered on
// the questionnaire form, used on the respondent's pages, for that trust only.

const BASE = '/trusts/alpha/settings/translations';
const SOMALI = markedTexts('so');

describe('translation pages', () => {
  const t = useApp({ signIn: ['trust-admin', 'viewer', 'betaAdmin'] });
  const admin = () => t.as('trust-admin');

  const stored = () =>
    t.db.asSystem((tx) =>
      tx
        .select({
          trust: trustTranslations.trustId,
          language: trustTranslations.language,
          texts: trustTranslations.texts,
        })
        .from(trustTranslations),
    );
  const audits = (action: string) =>
    t.db.withTrust(t.alpha.id, (tx) =>
      tx
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.action, action), eq(auditLog.entity, 'translation'))),
    );

  async function upload(agent: Agent, parts: Part[], base = BASE) {
    await agent.get(`${base}/upload`);
    return agent.request({
      method: 'POST',
      url: `${base}/upload?_csrf=${encodeURIComponent(agent.csrf)}`,
      ...multipart(parts),
    });
  }
  const somaliParts = (file: Buffer): Part[] => [
    { name: 'version', value: '2026.1' },
    { name: 'language', value: 'other' },
    { name: 'code', value: 'SO' },
    { name: 'name', value: 'Somali' },
    { name: 'nativeName', value: 'Soomaali' },
    { name: 'dir', value: 'ltr' },
    { name: 'file', value: file, filename: 'somali.xlsx' },
  ];

  it('lists what questionnaires can be offered in, and gives the workbook to translate', async () => {
    const page = await admin().get(BASE);
    assert.equal(page.statusCode, 200);
    const d = dom(page.body);
    assert.equal(d.text('h1'), 'Translations');
    assert.match(d.text('[data-testid="built-in-2026.1"]') ?? '', /Cymraeg \(Welsh\)/);
    assert.equal(d.attr('[data-testid="built-in-2026.1"] span[lang="cy"]', 'dir'), 'ltr');

    const file = await admin().get(`${BASE}/template?version=2026.1`);
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers['content-type']), /spreadsheetml/);
    assert.match(String(file.headers['content-disposition']), /translation-2026\.1\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Translation');
    assert.equal(sheet?.rowCount, versionTexts().length + 1);
    assert.equal(sheet.getCell(2, 1).value, 'summary');
    assert.equal(sheet.getCell(2, 4).value, null, 'the translation column starts empty');

    // For a language the service has, the column starts with its wording.
    const welsh = await admin().get(`${BASE}/template?version=2026.1&language=cy`);
    await book.xlsx.load(welsh.rawPayload as unknown as ArrayBuffer);
    assert.match(String(book.getWorksheet('Translation')?.getCell(2, 4).text), /^Mae fframwaith/);
  });

  it('is for trust admins of the trust only', async () => {
    assert.equal((await t.as('viewer').get(BASE)).statusCode, 403);
    assert.equal((await t.as('betaAdmin').get(BASE)).statusCode, 404);
    assert.equal((await t.as('betaAdmin').get(`${BASE}/template?version=2026.1`)).statusCode, 404);
    assert.equal((await admin().get(`${BASE}/template?version=1999.1`)).statusCode, 404);
  });

  it('explains every problem with an upload, and saves nothing', async () => {
    const missing = await filledWorkbook(SOMALI, (sheet, rowOf) => {
      sheet.spliceRows(rowOf('summary'), 1);
      sheet.getCell(rowOf('item.red.shared-vision.p1') - 1, 4).value = '';
      sheet.addRow(['item.extra', '', '', 'Extra']);
    });
    const bad = await upload(admin(), [
      { name: 'version', value: '2026.1' },
      { name: 'language', value: 'other' },
      { name: 'code', value: 'so' },
      { name: 'file', value: missing, filename: 'somali.xlsx' },
    ]);
    assert.equal(bad.statusCode, 400);
    const d = dom(bad.body);
    assert.match(d.text('title') ?? '', /^Error: Upload a translation/);
    const errors = d.errors();
    assert.ok(errors.includes("Enter the language's name in English"), errors.join('\n'));
    assert.ok(errors.includes('Select which way the language is written'));
    assert.ok(errors.some((e) => /is missing 1 text of version 2026\.1: summary\./.test(e)));
    assert.ok(errors.some((e) => /not a text of version 2026\.1: row \d+ \(item\.extra\)/.test(e)));
    assert.ok(
      errors.some((e) => /no translation: row \d+ \(item\.red\.shared-vision\.p1\)/.test(e)),
    );
    assert.equal(d.attr('.govuk-error-summary a[href="#file"]', 'href'), '#file');
    assert.equal(d.attr('#code', 'value'), 'so', 'what was typed is kept');

    const notXlsx = await upload(admin(), [
      ...somaliParts(Buffer.from('key,translation\n')).slice(0, -1),
      { name: 'file', value: Buffer.from('key,translation\n'), filename: 'somali.csv' },
    ]);
    assert.equal(notXlsx.statusCode, 400);
    assert.match(dom(notXlsx.body).errors().join(), /must be an Excel workbook \(\.xlsx\)/);
    const nothing = await upload(admin(), [{ name: 'version', value: '2026.1' }]);
    assert.deepEqual(dom(nothing.body).errors(), [
      'Select the language of the translation',
      'Choose the filled workbook (.xlsx)',
    ]);
    assert.deepEqual(await stored(), []);
    assert.deepEqual(await audits('uploaded translation'), []);
  });

  it('stores a new language, offers it on the questionnaire form and speaks it to respondents', async () => {
    const response = await upload(admin(), somaliParts(await filledWorkbook(SOMALI)));
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `${BASE}?done=uploaded`);
    const list = dom((await admin().get(`${BASE}?done=uploaded`)).body);
    assert.match(list.text('.govuk-notification-banner') ?? '', /Translation uploaded/);
    assert.match(list.text('[data-testid="own-2026.1"]') ?? '', /Soomaali \(Somali, so\)/);
    const [row] = await stored();
    assert.equal(row?.language, 'so');
    assert.equal(Object.keys(row.texts).length, versionTexts().length);
    assert.equal((await audits('uploaded translation')).length, 1);

    // The questionnaire form offers it.
    const round = await addRound(t.db, t.alpha.id);
    const form = dom(
      (await admin().get(`/trusts/alpha/rounds/${round.id}/questionnaires/new`)).body,
    );
    assert.equal(form.attr('input[name="languages"][value="so"]', 'type'), 'checkbox');
    assert.equal(form.attr('label[for] span[lang="so"]', 'lang'), 'so');

    // A respondent sees it in the switcher, named in itself, and every text in it.
    const q = await addQuestionnaire(t.db, t.alpha.id, round.id, {
      languages: ['en', 'so'],
      askSector: false,
    });
    const base = `/q/${(await addLink(t.db, t.alpha.id, q.id)).code}`;
    const r = new Respondent(t.app, base);
    const start = dom((await r.open()).body);
    assert.equal(start.text('[data-testid="languages"] a[lang="so"]'), 'Soomaali');
    assert.equal(start.attr('[data-testid="languages"] a[lang="so"]', 'hreflang'), 'so');
    const somali = dom((await r.open('?lang=so')).body);
    assert.equal(somali.attr('html', 'lang'), 'so');
    assert.equal(somali.attr('html', 'dir'), 'ltr');
    assert.equal(somali.text('h1'), SOMALI['respondent.startTitle']);
    await r.start('so');
    const page = dom(r.html);
    assert.equal(page.text('[data-testid="progress"]'), '[so] Page 1 of 2');
    assert.equal(page.text('h1'), SOMALI['area.shared-identity.name']);
    assert.equal(page.text('legend'), SOMALI['item.red.shared-vision.p1']);
    assert.equal(page.text('label[for="red-shared-vision-p1"]'), SOMALI['scale.label.1']);
  });

  it('replaces a language wholesale, keeping one translation of it', async () => {
    const changed = markedTexts('so2');
    const response = await upload(admin(), somaliParts(await filledWorkbook(changed)));
    assert.equal(response.headers.location, `${BASE}?done=replaced`);
    const rows = await stored();
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]?.texts, changed);
    assert.equal((await audits('replaced translation')).length, 1);
  });

  it('never shows or uses one trust’s translation for another', async () => {
    const beta = t.as('betaAdmin');
    const list = dom((await beta.get('/trusts/beta/settings/translations')).body);
    assert.equal(list.has('[data-testid="own-2026.1"]'), false);
    const round = await addRound(t.db, t.beta.id);
    const form = dom((await beta.get(`/trusts/beta/rounds/${round.id}/questionnaires/new`)).body);
    assert.equal(form.has('input[name="languages"][value="so"]'), false);
    // Even a questionnaire that names the language (written straight to the database).
    const q = await addQuestionnaire(t.db, t.beta.id, round.id, {
      languages: ['en', 'so'],
      askSector: false,
    });
    const r = new Respondent(t.app, `/q/${(await addLink(t.db, t.beta.id, q.id)).code}`);
    const page = dom((await r.open('?lang=so')).body);
    assert.equal(page.attr('html', 'lang'), 'en');
    assert.equal(page.has('[data-testid="languages"]'), false);
    assert.equal((await beta.get(`${BASE}/2026.1/so/remove`)).statusCode, 404);
    const count = await t.db.asSystem((tx) =>
      tx.select({ n: sql<number>`count(*)::int` }).from(trustTranslations),
    );
    assert.equal(count[0]?.n, 1);
  });

  it('removes a translation after asking; a respondent part-way through carries on in English', async () => {
    const round = await addRound(t.db, t.alpha.id);
    const q = await addQuestionnaire(t.db, t.alpha.id, round.id, {
      languages: ['en', 'so'],
      askSector: false,
    });
    const r = new Respondent(t.app, `/q/${(await addLink(t.db, t.alpha.id, q.id)).code}`);
    await r.start('so');
    const first = String(r.posted.headers.location);

    const confirm = dom((await admin().get(`${BASE}/2026.1/so/remove`)).body);
    assert.equal(confirm.text('h1'), 'Remove the Somali translation of version 2026.1?');
    const removed = await admin().post(`${BASE}/2026.1/so/remove`);
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, `${BASE}?done=removed`);
    assert.deepEqual(await stored(), []);
    assert.equal((await audits('removed translation')).length, 1);

    const page = dom((await r.get(first)).body);
    assert.equal(page.attr('html', 'lang'), 'en');
    assert.equal(page.text('[data-testid="progress"]'), 'Page 1 of 2');
    assert.equal((await admin().get(`${BASE}/2026.1/so/remove`)).statusCode, 404);
  });
});
