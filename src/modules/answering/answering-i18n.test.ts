import assert from 'node:assert/strict';
import { dom } from '../../../test/build.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { createViewEnvironment } from '../../web/views.ts';
import { LANGUAGES, type Language } from '../framework/translations.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { createTestApp, seedWorld, text, type TestApp, type World } from '../../../test/helpers.ts';
import { layoutContext, loadStrings, loadUiCatalogue, makeUi, stringsFileSchema } from './i18n.ts';
import { h1, Respondent } from './testing.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the respondent pages in other languages and for children', () => {
  it('has every UI string in English and Welsh, standard and plain, with the same placeholders', () => {
    const en = loadStrings('en');
    assert.ok(en);
    const keys = Object.keys(en.standard).sort();
    assert.ok(keys.length > 80);
    for (const code of ['en', 'cy']) {
      const strings = loadStrings(code);
      assert.ok(strings, code);
      for (const set of ['standard', 'plain'] as const) {
        assert.deepEqual(Object.keys(strings[set]).sort(), keys, `${code} ${set}`);
        for (const key of keys)
          assert.deepEqual(
            placeholders(strings[set][key] ?? ''),
            placeholders(en.standard[key] ?? ''),
            `${code} ${set} ${key}`,
          );
      }
    }
    const cy = loadStrings('cy');
    assert.ok(cy);
    assert.equal(cy.standard.startNow, 'Dechrau nawr');
    const same = keys.filter((key) => cy.standard[key] === en.standard[key]);
    assert.deepEqual(same, ['sectorRow'], 'Welsh differs from English except the word "Sector"');
  });

  it('renders right to left for a right-to-left language definition and strings file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocw-i18n-'));
    const english = stringsFileSchema.parse(
      JSON.parse(readFileSync(new URL('./i18n/en.json', import.meta.url), 'utf8')),
    );
    const arabicStrings = {
      standard: { ...english.standard, startNow: 'ابدأ الآن' },
      plain: { ...english.plain, startNow: 'ابدأ' },
    };
    writeFileSync(join(dir, 'ar.json'), JSON.stringify(arabicStrings));
    writeFileSync(join(dir, 'en.json'), JSON.stringify(english));
    const arabic: Language = { code: 'ar', name: 'Arabic', nativeName: 'العربية', dir: 'rtl' };
    const catalogue = loadUiCatalogue([...LANGUAGES, arabic], dir);
    assert.deepEqual(
      catalogue.offered(['ar', 'xx']).map((l) => l.code),
      ['ar'],
    );
    // Welsh has no strings file in that folder, so it is not offered; English stands in.
    assert.deepEqual(
      catalogue.offered(['cy']).map((l) => l.code),
      ['en'],
    );
    assert.equal(catalogue.uiFor('ar', false).language.dir, 'rtl');
    assert.equal(catalogue.uiFor('cy', true).language.code, 'en');
    const strings = loadStrings('ar', dir);
    assert.ok(strings);
    const ui = makeUi(arabic, strings, false);
    const html = createViewEnvironment().render('answering/views/start.njk', {
      ...layoutContext(ui),
      csrfToken: 'token',
      title: ui.t('startTitle'),
      trustName: 'Alpha Partnership',
      audienceName: 'Frontline practitioners',
      minutes: 5,
      stepCount: 3,
      closesOn: ui.date('2026-12-31'),
      lang: 'ar',
      base: '/q/abc',
      startUrl: '/q/abc?lang=ar',
      languageItems: null,
    });
    assert.match(html, /<html lang="ar"/);
    assert.match(html, /<body class="govuk-template__body" dir="rtl">/);
    assert.match(html, /<div class="govuk-width-container" dir="rtl">/);
    assert.match(html, /ابدأ الآن/);
    const ltr = createViewEnvironment().render('answering/views/start.njk', {
      ...layoutContext(makeUi(LANGUAGES[0] as Language, english, false)),
      title: 'x',
    });
    assert.match(ltr, /<body class="govuk-template__body" dir="ltr">/);
  });

  describe('over HTTP', () => {
    let t: TestApp;
    let world: World;
    before(async () => {
      t = await createTestApp();
      world = await seedWorld(t.db);
      await addSectors(t.db, world.alpha.id);
    });
    after(() => t.close());

    it('offers Welsh, and runs the whole questionnaire in Welsh', async () => {
      const round = await addRound(t.db, world.alpha.id);
      const q = await addQuestionnaire(t.db, world.alpha.id, round.id, {
        languages: ['en', 'cy'],
        askRoleLevel: true,
      });
      const link = await addLink(t.db, world.alpha.id, q.id);
      const base = `/q/${link.code}`;
      const r = new Respondent(t.app, base);
      const english = await r.open();
      assert.match(english.body, /govuk-language-navigation/);
      assert.match(
        english.body,
        new RegExp(`href="${base}\\?lang=cy" rel="alternate" lang="cy" hreflang="cy"[^>]*>Cymraeg`),
      );
      const welsh = await r.open('?lang=cy');
      assert.equal(welsh.statusCode, 200);
      assert.match(welsh.body, /<html lang="cy"/);
      assert.equal(h1(welsh.body), 'Dywedwch wrthym sut mae gwasanaethau plant yn cydweithio');
      assert.match(text(welsh.body), /Dechrau nawr/);
      assert.match(text(welsh.body), /Nid ydym yn cadw: eich enw na'ch cyfeiriad e-bost/);
      await r.start('cy');
      assert.equal(h1(r.html), 'Amdanoch chi');
      assert.match(r.html, /<html lang="cy"/);
      assert.match(text(r.html), /Tudalen 1 o 3/);
      assert.match(text(r.html), /Arweinydd neu reolwr/);
      await r.send({ action: 'continue' });
      assert.equal(r.last.statusCode, 400);
      assert.match(
        text(r.html),
        /Mae problem wedi codi Dewiswch y sector rydych chi'n gweithio ynddo/,
      );
      assert.match(r.html, /<title>Gwall: Amdanoch chi/);
      await r.answerAbout();
      // The framework's own Welsh text: area, statements and answer labels.
      assert.equal(h1(r.html), 'Hunaniaeth, diben a gweledigaeth gyffredin');
      assert.match(text(r.html), /Mae partneriaid ar draws y bartneriaeth wedi cytuno/);
      assert.match(text(r.html), /Anghytuno'n gryf Anghytuno/);
      assert.match(text(r.html), /Tudalen 2 o 3/);
      await r.toCheck('4');
      assert.equal(h1(r.html), 'Gwiriwch eich atebion cyn eu hanfon');
      const done = await r.submit();
      assert.equal(r.posted.headers.location, `${base}/done?lang=cy`);
      assert.match(done.body, /<html lang="cy"/);
      assert.match(text(done.body), /Diolch Mae eich atebion wedi'u hanfon/);
      const rows = await t.db.withTrust(world.alpha.id, (tx) =>
        queryRows<{ language: string }>(
          tx,
          sql`select language from responses where round_id = ${round.id}`,
        ),
      );
      assert.deepEqual(rows, [{ language: 'cy' }]);
    });

    it('ignores a language the questionnaire does not offer', async () => {
      const round = await addRound(t.db, world.alpha.id);
      const q = await addQuestionnaire(t.db, world.alpha.id, round.id);
      const link = await addLink(t.db, world.alpha.id, q.id);
      const r = new Respondent(t.app, `/q/${link.code}`);
      for (const lang of ['cy', 'fr', '../../etc', 'en']) {
        const page = await r.open(`?lang=${encodeURIComponent(lang)}`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /<html lang="en"/);
      }
      await r.start('cy');
      assert.match(r.html, /<html lang="en"/);
    });

    it('uses friendlier words and the plain answer labels for children and young people', async () => {
      const round = await addRound(t.db, world.alpha.id);
      const q = await addQuestionnaire(t.db, world.alpha.id, round.id, {
        audience: 'children-young-people',
        title: 'Young people',
        areaKeys: ['shared-identity', 'keeping-safe'],
        askSector: false,
      });
      const link = await addLink(t.db, world.alpha.id, q.id);
      const r = new Respondent(t.app, `/q/${link.code}`);
      const start = await r.open();
      assert.equal(h1(start.body), 'Tell us what you think');
      assert.match(text(start.body), /These questions are for: Children and young people/);
      assert.match(text(start.body), /Nobody will know which answers are yours/);
      await r.start();
      assert.match(text(r.html), /Page 1 of 2/);
      assert.match(text(r.html), /Not at all Not really Not sure Mostly Yes, totally/);
      assert.match(text(r.html), /The adults at school/);
      assert.doesNotMatch(text(r.html), /Strongly disagree|Partners across the partnership/);
      assert.match(r.html, /data-testid="continue">\s*Continue/);
      // Statements may be left out: a gentle word, no error, and the next Continue goes on.
      await r.send({ action: 'continue' });
      assert.equal(r.last.statusCode, 200);
      assert.equal(
        dom(r.html).text('[data-testid=unanswered]'),
        'You have not answered 10 sentences on this page. You can answer them now, or continue.',
      );
      assert.deepEqual(dom(r.html).errors(), []);
      await r.toCheck('5');
      assert.equal(h1(r.html), 'Check your answers');
      assert.match(text(r.html), /Send answers/);
      await r.submit();
      assert.equal(r.posted.statusCode, 303);
      const rows = await t.db.withTrust(world.alpha.id, (tx) =>
        queryRows<{ audience: string; sector_key: string | null }>(
          tx,
          sql`select audience, sector_key from responses where round_id = ${round.id}`,
        ),
      );
      assert.deepEqual(rows, [{ audience: 'children-young-people', sector_key: null }]);
    });
  });
});
