import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { findLanguage } from '../framework/translations.ts';
import { addLink, addQuestionnaire, addRound } from '../../../test/fixtures.ts';
import { dom, useApp, type Dom } from '../../../test/build.ts';
import { loadStrings, makeUi } from './i18n.ts';
import { Respondent } from './testing.ts';

// The respondent's pages in a right-to-left language (Arabic): direction, digits, and the
// language switcher on every page, which keeps the respondent's place and answers.

const ARABIC_DIGITS = /^[^0-9]*[٠-٩][^0-9]*$/;

describe('numbers and dates as the language writes them', () => {
  it('writes Arabic with Arabic-Indic digits and Gregorian dates, English and Welsh as in the UK', () => {
    const english = loadStrings('en');
    const arabic = findLanguage('ar');
    const welsh = findLanguage('cy');
    assert.ok(english && arabic && welsh);
    assert.deepEqual(
      [arabic.dir, arabic.nativeName, arabic.numberingSystem],
      ['rtl', 'العربية', 'arab'],
    );
    const ar = makeUi(arabic, english, false);
    assert.equal(ar.t('pageOf', { n: 3, total: 12 }), 'Page ٣ of ١٢');
    assert.equal(ar.number(1000), '١٬٠٠٠');
    assert.equal(ar.date('2026-03-31'), '٣١ مارس ٢٠٢٦');
    const en = makeUi(
      { code: 'en', name: 'English', nativeName: 'English', dir: 'ltr' },
      english,
      false,
    );
    assert.equal(en.t('pageOf', { n: 3, total: 12 }), 'Page 3 of 12');
    assert.equal(en.number(1000), '1,000');
    assert.equal(en.date('2026-03-31'), '31 March 2026');
    assert.equal(makeUi(welsh, english, false).date('2026-03-31'), '31 Mawrth 2026');
  });
});

describe('the language switcher and right-to-left pages', () => {
  const t = useApp();

  /** The switcher's links: language → [href, hreflang], and the current language. */
  function switcher(page: Dom) {
    const links = page.root.querySelectorAll('[data-testid="languages"] a');
    const current = page.root.querySelector('[data-testid="languages"] [aria-current="true"]');
    return {
      links: Object.fromEntries<(string | undefined)[]>(
        links.map((a) => [
          a.getAttribute('lang') ?? '',
          [a.getAttribute('href'), a.getAttribute('hreflang'), a.text.trim()],
        ]),
      ),
      current: current?.getAttribute('lang'),
    };
  }

  it('switches language on any page, keeping the place and the answers', async () => {
    const round = await addRound(t.db, t.alpha.id);
    const q = await addQuestionnaire(t.db, t.alpha.id, round.id, {
      languages: ['en', 'cy'],
      askSector: false,
    });
    const base = `/q/${(await addLink(t.db, t.alpha.id, q.id)).code}`;
    const r = new Respondent(t.app, base);
    await r.start('en');
    const first = dom(r.html);
    assert.deepEqual(switcher(first), {
      links: { cy: [`${base}/page/1?lang=cy`, 'cy', 'Cymraeg'] },
      current: 'en',
    });
    await r.answerPage('4');
    // On page 2, in Welsh: the same page, page 1's answers kept.
    const welsh = dom((await r.get(`${base}/page/2?lang=cy`)).body);
    assert.equal(welsh.attr('html', 'lang'), 'cy');
    assert.equal(welsh.text('[data-testid="progress"]'), 'Tudalen 2 o 2');
    assert.deepEqual(switcher(welsh).links, { en: [`${base}/page/2?lang=en`, 'en', 'English'] });
    // The choice is kept: the next pages are in Welsh without asking again.
    await r.answerPage('5');
    const check = dom(r.html);
    assert.equal(check.attr('html', 'lang'), 'cy');
    assert.equal(check.text('h1'), 'Gwiriwch eich atebion cyn eu hanfon');
    assert.deepEqual(switcher(check).links, { en: [`${base}/check?lang=en`, 'en', 'English'] });
    assert.equal(
      check.texts('.govuk-summary-list__value').filter((v) => v === 'Cytuno').length > 0,
      true,
    );
    await r.submit();
    const [row] = await t.db.withTrust(t.alpha.id, (tx) =>
      queryRows<{ language: string; answers: number }>(
        tx,
        sql`select language, (select count(*)::int from answers a where a.response_id = r.id) as answers
            from responses r where round_id = ${round.id}`,
      ),
    );
    assert.equal(row?.language, 'cy');
    assert.ok(row.answers > 10, 'the answers given in English were sent too');
    const done = dom(r.html);
    assert.deepEqual(switcher(done).links, { en: [`${base}/done?lang=en`, 'en', 'English'] });
    // With one language there is nothing to switch to.
    const only = await addQuestionnaire(t.db, t.alpha.id, round.id, { askSector: false });
    const single = new Respondent(t.app, `/q/${(await addLink(t.db, t.alpha.id, only.id)).code}`);
    assert.equal(dom((await single.open()).body).has('[data-testid="languages"]'), false);
  });

  // Needs the product's Arabic files: answering/i18n/ar.json and the framework's
  // translations/2026.1.ar.json (and audiences/2026.1.ar.json for children and families).
  it('shows an Arabic questionnaire right to left, with Arabic-Indic digits, on every page', async () => {
    const round = await addRound(t.db, t.alpha.id, { endsOn: '2099-12-31' });
    const q = await addQuestionnaire(t.db, t.alpha.id, round.id, {
      languages: ['en', 'ar'],
      askSector: false,
      closesOn: '2099-12-31',
    });
    const base = `/q/${(await addLink(t.db, t.alpha.id, q.id)).code}`;
    const r = new Respondent(t.app, base);
    const english = dom((await r.open()).body);
    assert.deepEqual(switcher(english).links, { ar: [`${base}?lang=ar`, 'ar', 'العربية'] });
    assert.equal(english.attr('[data-testid="languages"] a[lang="ar"]', 'dir'), 'rtl');
    assert.equal(english.has('link[href="/respond/assets/respond-rtl.css"]'), false);

    const start = dom((await r.open('?lang=ar')).body);
    assert.equal(start.attr('html', 'lang'), 'ar');
    assert.equal(start.attr('html', 'dir'), 'rtl');
    assert.equal(start.has('link[href="/respond/assets/respond-rtl.css"]'), true);
    assert.deepEqual(switcher(start), {
      links: { en: [`${base}?lang=en`, 'en', 'English'] },
      current: 'ar',
    });
    assert.match(start.text('[data-testid="length"]') ?? '', ARABIC_DIGITS);
    assert.match(start.root.toString(), /٢٠٩٩/, 'the closing date in Arabic-Indic digits');
    assert.doesNotMatch(start.text('h1') ?? '', /[A-Za-z]/, 'the heading is in Arabic');

    await r.start('ar');
    const page = dom(r.html);
    assert.equal(page.attr('html', 'dir'), 'rtl');
    assert.match(page.text('[data-testid="progress"]') ?? '', ARABIC_DIGITS);
    assert.doesNotMatch(page.text('legend') ?? '', /[A-Za-z]{3}/, 'statements in Arabic');
    assert.equal(page.attr('#comment', 'dir'), 'auto');
    assert.equal(page.attr('[data-testid="save-code"]', 'dir'), 'ltr');
    assert.match(
      page.text('[data-testid="save-code"]') ?? '',
      /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/,
    );
    assert.deepEqual(switcher(page).links, { en: [`${base}/page/1?lang=en`, 'en', 'English'] });

    await r.toCheck('3');
    const check = dom(r.html);
    assert.equal(check.attr('html', 'dir'), 'rtl');
    assert.equal(check.has('[data-testid="languages"] a[lang="en"]'), true);
    await r.submit();
    assert.equal(r.posted.headers.location, `${base}/done?lang=ar`);
    const done = dom(r.html);
    assert.equal(done.attr('html', 'lang'), 'ar');
    assert.equal(done.has('.govuk-panel'), true);
  });
});
