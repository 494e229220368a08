import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { auditLog, trustTranslations } from '../../db/schema/index.ts';
import { XLSX_CONTENT_TYPE } from '../../web/xlsx.ts';
import { useApp, type TokenHolder } from '../../../test/build.ts';
import { addRound } from '../../../test/fixtures.ts';
import { filledWorkbook, markedTexts, versionTexts } from './testing.ts';

// The translations API: the same rules as the pages, problem+json with the rows at fault,
// nothing half-saved, and one trust's translations out of another's reach.

const URL = '/api/v1/trusts/alpha/translations';
const SOMALI = '/2026.1/so?name=Somali&nativeName=Soomaali&dir=ltr';

interface Problem {
  type: string;
  status: number;
  errors?: { field: string; message: string; rows?: number[]; keys?: string[] }[];
}

describe('translations API', () => {
  const t = useApp({ tokens: ['trust-admin', 'viewer', 'beta'] });

  const put = (holder: TokenHolder, url: string, body: Buffer, type = XLSX_CONTENT_TYPE) =>
    t.app.inject({
      method: 'PUT',
      url,
      headers: { authorization: `Bearer ${t.token(holder)}`, 'content-type': type },
      payload: body,
    });
  const rows = () =>
    t.db.asSystem((tx) =>
      tx
        .select({ trust: trustTranslations.trustId, language: trustTranslations.language })
        .from(trustTranslations),
    );

  it('lists nothing before an upload, and gives the texts to translate as JSON or a workbook', async () => {
    const list = await t.api('viewer', 'GET', URL);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json(), []);
    const json = await t.api('viewer', 'GET', `${URL}/template?version=2026.1&language=cy`);
    assert.equal(json.statusCode, 200);
    const body = json.json<{
      version: string;
      columns: string[];
      rows: { key: string; english: string; translation: string }[];
    }>();
    assert.deepEqual(body.columns, ['Key', 'Where it is used', 'English', 'Translation']);
    assert.equal(body.rows.length, versionTexts().length);
    const pageOf = body.rows.find((r) => r.key === 'respondent.pageOf');
    assert.equal(pageOf?.english, 'Page {n} of {total}');
    assert.equal(pageOf.translation, 'Tudalen {n} o {total}');
    const xlsx = await t.api('viewer', 'GET', `${URL}/template?version=2026.1&format=xlsx`);
    assert.equal(xlsx.headers['content-type'], XLSX_CONTENT_TYPE);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.equal(book.getWorksheet('Translation')?.rowCount, versionTexts().length + 1);
    assert.equal((await t.api('viewer', 'GET', `${URL}/template?version=1999.1`)).statusCode, 404);
  });

  it('refuses changes without a trust admin token, and a body that is not a workbook', async () => {
    const file = await filledWorkbook(markedTexts('so'));
    assert.equal((await put('viewer', `${URL}${SOMALI}`, file)).statusCode, 403);
    const json = await t.api('trust-admin', 'PUT', `${URL}${SOMALI}`, { texts: {} });
    assert.equal(json.statusCode, 400);
    assert.match(String(json.headers['content-type']), /application\/problem\+json/);
    assert.equal(json.json<Problem>().errors?.[0]?.field, 'body');
    assert.deepEqual(await rows(), []);
  });

  it('names the rows and keys at fault, and stores nothing', async () => {
    const file = await filledWorkbook(markedTexts('so'), (sheet, rowOf) => {
      sheet.getCell(rowOf('summary'), 4).value = null;
      sheet.getCell(rowOf('respondent.pageOf'), 4).value = 'Bogga {n}';
      sheet.spliceRows(rowOf('scale.dontKnow'), 1);
    });
    const response = await put('trust-admin', `${URL}/2026.1/so`, file);
    assert.equal(response.statusCode, 400);
    const problem = response.json<Problem>();
    assert.equal(problem.type, 'urn:ocw:problem:invalid-request');
    const byField = (problem.errors ?? []).map((e) => e.field);
    assert.deepEqual(byField, [
      'query.name',
      'query.nativeName',
      'query.dir',
      'body',
      'body',
      'body',
    ]);
    const [missing, empty, placeholders] = (problem.errors ?? []).slice(3);
    assert.deepEqual(missing?.keys, ['scale.dontKnow']);
    assert.deepEqual(empty?.keys, ['summary']);
    assert.deepEqual(empty.rows, [2]);
    assert.deepEqual(placeholders?.keys, ['respondent.pageOf']);
    const english = await put('trust-admin', `${URL}/2026.1/en`, file);
    assert.equal(english.json<Problem>().errors?.[0]?.field, 'params.language');
    const unknown = await put('trust-admin', `${URL}/1999.1/so`, file);
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(await rows(), []);
  });

  it('stores, replaces and removes a translation, each audited, for its own trust only', async () => {
    const first = await put(
      'trust-admin',
      `${URL}${SOMALI}`,
      await filledWorkbook(markedTexts('so')),
    );
    assert.equal(first.statusCode, 200);
    const made = first.json<{
      language: string;
      name: string;
      dir: string;
      texts: number;
      uploadedBy: string;
    }>();
    assert.equal(made.language, 'so');
    assert.equal(made.name, 'Somali');
    assert.equal(made.dir, 'ltr');
    assert.equal(made.texts, versionTexts().length);
    assert.equal(made.uploadedBy, 'API token: test trust-admin');
    // Arabic is the service's: its own names and direction, whatever the query says.
    const arabic = await put(
      'trust-admin',
      `${URL}/2026.1/ar?name=x&dir=ltr`,
      await filledWorkbook(markedTexts('ar')),
    );
    assert.equal(arabic.statusCode, 200);
    assert.equal(arabic.json<{ dir: string; nativeName: string }>().dir, 'rtl');
    assert.equal(arabic.json<{ nativeName: string }>().nativeName, 'العربية');
    const again = await put(
      'trust-admin',
      `${URL}/2026.1/so`,
      await filledWorkbook(markedTexts('so2')),
    );
    assert.equal(again.statusCode, 200, again.body);
    const listed = (await t.api('viewer', 'GET', URL)).json<{ language: string }[]>();
    assert.deepEqual(
      listed.map((l) => l.language),
      ['ar', 'so'],
    );

    // A questionnaire can be offered in it, in this trust only.
    const round = await addRound(t.db, t.alpha.id);
    const body = {
      audience: 'frontline',
      title: 'In Somali',
      opensOn: '2026-01-01',
      closesOn: '2026-12-31',
      languages: ['so', 'ar'],
    };
    const created = await t.api(
      'trust-admin',
      'POST',
      `/api/v1/trusts/alpha/rounds/${round.id}/questionnaires`,
      body,
    );
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json<{ languages: string[] }>().languages, ['en', 'ar', 'so']);
    const betaRound = await addRound(t.db, t.beta.id);
    const refused = await t.api(
      'beta',
      'POST',
      `/api/v1/trusts/beta/rounds/${betaRound.id}/questionnaires`,
      { ...body, languages: ['so'] },
    );
    assert.equal(refused.statusCode, 400, 'Somali is not beta’s to offer');

    // Another trust sees none of it, and cannot touch it.
    assert.equal((await t.api('beta', 'GET', URL)).statusCode, 404);
    assert.equal((await t.api('beta', 'DELETE', `${URL}/2026.1/so`)).statusCode, 404);
    assert.deepEqual((await t.api('beta', 'GET', '/api/v1/trusts/beta/translations')).json(), []);
    const beta = await put(
      'beta',
      '/api/v1/trusts/beta/translations' + SOMALI,
      await filledWorkbook(markedTexts('b')),
    );
    assert.equal(beta.statusCode, 200);
    assert.equal((await rows()).filter((r) => r.trust === t.alpha.id).length, 2);

    const removed = await t.api('trust-admin', 'DELETE', `${URL}/2026.1/so`);
    assert.equal(removed.statusCode, 200);
    assert.equal(removed.json<{ removed: { language: string } }>().removed.language, 'so');
    assert.equal((await t.api('trust-admin', 'DELETE', `${URL}/2026.1/so`)).statusCode, 404);
    assert.deepEqual(
      (await t.api('viewer', 'GET', URL)).json<{ language: string }[]>().map((l) => l.language),
      ['ar'],
    );
    const actions = await t.db.withTrust(t.alpha.id, (tx) =>
      tx
        .select({ action: auditLog.action, actor: auditLog.actor })
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'translation'), eq(auditLog.trustId, t.alpha.id))),
    );
    assert.deepEqual(actions.map((a) => a.action).sort(), [
      'removed translation',
      'replaced translation',
      'uploaded translation',
      'uploaded translation',
    ]);
    assert.ok(actions.every((a) => a.actor === 'API token: test trust-admin'));
  });
});
