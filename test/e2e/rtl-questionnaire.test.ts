import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { trusts } from '../../src/db/schema/index.ts';
import { addLink, addQuestionnaire, addRound } from '../fixtures.ts';
import { expectAccessible, expectTitled, launch, serve, signIn, type Served } from './browser.ts';

// A practitioner answers a questionnaire in Arabic on a 375 px phone, by keyboard alone: the
// language switcher (Tab, Enter) from the English start page, then every page (Tab, Space,
// arrow keys, typing, Enter) to the confirmation. Each page is right to left, mirrored (the
// controls on the right of their labels), with Arabic-Indic digits, nothing wider than the
// screen, and axe clean. Screenshots of each page at 375 and 1280 px go to SHOTS_DIR
// (/tmp/rtl-shots unless set). Uses the product's Arabic files (answering/i18n/ar.json,
// framework/data/translations/2026.1.ar.json).

const SHOTS = process.env.SHOTS_DIR ?? '/tmp/rtl-shots';
const LATIN_WORD = /[A-Za-z]{3,}/;

describe('answering in Arabic on a phone, by keyboard', { timeout: 120_000 }, () => {
  let served: Served;
  let browser: Browser;
  let path: string;

  before(async () => {
    [served, browser] = await Promise.all([serve(), launch()]);
    const [demo] = await served.db.asSystem((tx) =>
      tx.select({ id: trusts.id }).from(trusts).where(eq(trusts.slug, 'demo')),
    );
    if (demo === undefined) throw new Error('no demo trust');
    const round = await addRound(served.db, demo.id, { endsOn: '2099-12-31' });
    const q = await addQuestionnaire(served.db, demo.id, round.id, {
      title: 'Frontline practitioners',
      areaKeys: ['shared-identity'],
      askRoleLevel: true,
      closesOn: '2099-12-31',
      languages: ['en', 'ar'],
    });
    path = `/q/${(await addLink(served.db, demo.id, q.id)).code}`;
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser.close();
    await served.close();
  });

  /** Presses Tab until `selector` has the focus (never more than `limit` times). */
  async function tabTo(page: Page, selector: string, limit = 80) {
    const focused = () =>
      page.evaluate((s) => document.activeElement?.matches(s) === true, selector);
    for (let i = 0; i < limit && !(await focused()); i++) await page.keyboard.press('Tab');
    assert.ok(await focused(), `Tab reaches ${selector} on ${page.url()}`);
  }

  /** Presses Enter and waits for the page it leads to. */
  async function enter(page: Page, url: RegExp) {
    await Promise.all([page.waitForURL(url), page.keyboard.press('Enter')]);
  }

  /** One h1, and a <title> that starts with it (after the error prefix, in Arabic, if any). */
  async function titled(page: Page): Promise<string> {
    const headings = await page.locator('h1').allInnerTexts();
    assert.equal(headings.length, 1, `one h1 on ${page.url()}`);
    const h1 = (headings[0] ?? '').trim();
    const title = await page.title();
    const error = (await page.locator('.govuk-error-summary').count()) > 0;
    const rest = error ? title.slice(title.indexOf(': ') + 2) : title;
    assert.ok(rest.startsWith(h1), `title "${title}" matches h1 "${h1}"`);
    if (error) assert.doesNotMatch(title, /^Error/, 'the error prefix is in Arabic');
    return h1;
  }

  /** Checks a page: right to left, Arabic, mirrored, fits the phone, axe clean; screenshots. */
  async function check(page: Page, shot: string) {
    const h1 = await titled(page);
    assert.doesNotMatch(h1, LATIN_WORD, `the heading of ${shot} is in Arabic`);
    const root = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      direction: getComputedStyle(document.documentElement).direction,
      wide: document.documentElement.scrollWidth,
    }));
    assert.deepEqual(root, { lang: 'ar', dir: 'rtl', direction: 'rtl', wide: 375 }, shot);
    const english = page.locator('[data-testid="languages"] a[lang="en"]');
    assert.equal(await english.getAttribute('hreflang'), 'en', `the switcher on ${shot}`);
    await expectAccessible(page, shot);
    await page.screenshot({ path: `${SHOTS}/${shot}-375.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${shot}-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
  }

  /** A radio's circle is drawn on the right of its label, as Arabic reads. */
  async function controlOnTheRight(page: Page, selector: string) {
    const found = await page
      .locator(selector)
      .first()
      .evaluate((input) => {
        const label = input.nextElementSibling as HTMLElement;
        const item = (input.parentElement as HTMLElement).getBoundingClientRect();
        const circle = getComputedStyle(label, '::before');
        const text = label.getBoundingClientRect();
        return {
          input: input.getBoundingClientRect().left,
          label: text.left,
          // Where the circle is drawn (placed in its radio item), and the middle of the label.
          circle: item.left + parseFloat(circle.left) + parseFloat(circle.width) / 2,
          textMiddle: text.left + text.width / 2,
        };
      });
    const seen = JSON.stringify(found);
    assert.ok(found.input > found.label, `the control is right of its label: ${seen}`);
    assert.ok(found.circle > found.textMiddle, `the circle is drawn on the right: ${seen}`);
  }

  it('switches to Arabic with the switcher and answers every page by keyboard', async () => {
    const started = Date.now();
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(served.baseUrl + path);
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    await expectAccessible(page, 'English start page');

    // The switcher: Tab to العربية, Enter.
    await tabTo(page, '[data-testid="languages"] a[lang="ar"]');
    await enter(page, /\?lang=ar$/);
    await check(page, '1-start');
    assert.match(await page.getByTestId('length').innerText(), /[٠-٩]/);
    await tabTo(page, '[data-testid="start"]');
    await enter(page, /\/about$/);

    // About you: a sector from the list (arrow key), a role (Tab, arrow key).
    await check(page, '2-about');
    assert.match(await page.getByTestId('progress').innerText(), /^[^0-9]*[٠-٩]/);
    await controlOnTheRight(page, 'input[name="roleLevel"]');
    await tabTo(page, '#sector');
    await page.keyboard.press('ArrowDown');
    assert.notEqual(await page.inputValue('#sector'), '');
    await tabTo(page, 'input[name="roleLevel"]');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    assert.equal(
      await page.locator('input[name="roleLevel"]:checked').getAttribute('value'),
      'frontline',
    );
    await tabTo(page, '[data-testid="continue"]');
    await enter(page, /\/page\/1$/);

    // The statements: Tab from group to group, Space and arrow keys to answer.
    await check(page, '3-statements');
    await controlOnTheRight(page, '.ocw-scale input');
    const names = await page
      .locator('.ocw-scale input')
      .evaluateAll((inputs) => [...new Set(inputs.map((i) => (i as HTMLInputElement).name))]);
    assert.ok(names.length > 3);
    for (const [i, name] of names.entries()) {
      await tabTo(page, `input[name="${name}"]`, 10);
      await page.keyboard.press('Space');
      // Every other statement one step along the scale, by arrow key.
      if (i % 2 === 1) await page.keyboard.press('ArrowDown');
    }
    assert.equal(await page.locator('.ocw-scale input:checked').count(), names.length);
    await tabTo(page, '#comment');
    assert.equal(await page.getAttribute('#comment', 'dir'), 'auto');
    await page.keyboard.type('الفرق تعمل معا بشكل جيد.');
    await tabTo(page, '[data-testid="continue"]');
    await enter(page, /\/check$/);

    // Check answers, then send.
    await check(page, '4-check');
    assert.ok((await page.locator('.govuk-summary-card').count()) >= 2);
    await tabTo(page, '[data-testid="submit"]');
    await enter(page, /\/done\?lang=ar$/);
    await check(page, '5-confirmation');
    assert.equal(await page.locator('.govuk-panel').count(), 1);
    await context.close();
    // How long the journey took (not a limit: the machines are shared).
    console.log(`answered in Arabic by keyboard in ${Date.now() - started} ms`);
  });

  it('shows an error page right to left, with its summary and the inline message', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${served.baseUrl}${path}?lang=ar`);
    await tabTo(page, '[data-testid="start"]');
    await enter(page, /\/about$/);
    await tabTo(page, '[data-testid="continue"]');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    assert.ok((await page.locator('.govuk-form-group--error').count()) >= 1);
    await check(page, '6-error');
    await context.close();
  });

  it('gives a trust admin accessible pages to download and upload a translation', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, served.baseUrl, 'trust-admin@demo.ocw.test');
    await page.goto(`${served.baseUrl}/trusts/demo/settings/translations`);
    assert.equal(await expectTitled(page), 'Translations');
    assert.match(await page.getByTestId('built-in-2026.1').innerText(), /العربية \(Arabic\)/);
    await expectAccessible(page, 'translations');
    await page.getByTestId('upload-link').click();
    assert.equal(await expectTitled(page), 'Upload a translation');
    await expectAccessible(page, 'upload a translation');
    await page.locator('input[name="language"][value="other"]').check();
    await Promise.all([page.waitForEvent('load'), page.getByTestId('upload').click()]);
    assert.deepEqual(await page.locator('.govuk-error-summary li').allInnerTexts(), [
      'Enter the language code, like so or pa-Arab',
      'Choose the filled workbook (.xlsx)',
    ]);
    await expectAccessible(page, 'upload with errors');
    await page.screenshot({ path: `${SHOTS}/7-upload-errors-1280.png`, fullPage: true });
    await context.close();
  });
});
