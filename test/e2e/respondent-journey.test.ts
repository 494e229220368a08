import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { trusts } from '../../src/db/schema/index.ts';
import { addLink, addQuestionnaire, addRound } from '../fixtures.ts';
import { expectAccessible, launch, serve, type Served } from './browser.ts';

// A child's journey through an open link, in Chromium on a 375 px phone: only children's
// words, statements left out with a gentle prompt, the "If you are worried" panel, Back
// after every step, a lost cookie and the save code; and the same journey by keyboard.
// Set SHOTS_DIR to keep screenshots of each page at 375 and 1280 px.

const CONTACT = 'Riverside Children’s Services: 01234 567890';
/** Sentences of the practitioners' framework text that children must never see. */
const ADULT = [
  'uses the same thresholds and procedures',
  'Partners share a clear, agreed picture',
  'Strongly disagree',
  'Not applicable',
];
const SHOTS = process.env.SHOTS_DIR;

describe('a child answering on a phone', { timeout: 300_000 }, () => {
  let served: Served;
  let browser: Browser;
  let path: string;

  before(async () => {
    served = await serve();
    browser = await launch();
    const [demo] = await served.db.asSystem((tx) =>
      tx
        .update(trusts)
        .set({ safeguardingContact: CONTACT })
        .where(eq(trusts.slug, 'demo'))
        .returning({ id: trusts.id }),
    );
    if (demo === undefined) throw new Error('no demo trust');
    const round = await addRound(served.db, demo.id);
    const q = await addQuestionnaire(served.db, demo.id, round.id, {
      audience: 'children-young-people',
      title: 'Children and young people',
      areaKeys: ['shared-identity', 'keeping-safe'],
      askSector: false,
    });
    path = `/q/${(await addLink(served.db, demo.id, q.id)).code}`;
    if (SHOTS !== undefined) mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser.close();
    await served.close();
  });

  async function phone(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    return { context, page: await context.newPage() };
  }

  const heading = async (page: Page) => (await page.locator('h1').innerText()).trim();

  /** Checks a page: its heading, no adult wording, axe clean; a screenshot if asked. */
  async function check(page: Page, expected: string, shot: string) {
    assert.equal(await heading(page), expected);
    const text = await page.locator('main').innerText();
    for (const sentence of ADULT)
      assert.ok(!text.includes(sentence), `no "${sentence}" on ${shot}`);
    await expectAccessible(page, shot);
    if (SHOTS !== undefined) {
      await page.screenshot({ path: `${SHOTS}/child-${shot}-375.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.screenshot({ path: `${SHOTS}/child-${shot}-1280.png`, fullPage: true });
      await page.setViewportSize({ width: 375, height: 800 });
    }
  }

  /** Back shows the previous page (by GET, no resubmission), and Forward returns. */
  async function backShows(page: Page, previous: string, current: string) {
    let dialog = false;
    page.once('dialog', () => {
      dialog = true;
    });
    await page.goBack();
    assert.equal(await heading(page), previous, 'Back shows the previous page');
    await page.goForward();
    assert.equal(await heading(page), current);
    assert.equal(dialog, false, 'no "Confirm form resubmission"');
  }

  it('sees only children’s words, leaves statements out, finds help, and gets answers back after losing the cookie', async () => {
    const { context, page } = await phone();
    await page.goto(served.baseUrl + path);
    await check(page, 'Tell us what you think', 'start');
    assert.equal(await page.locator('header').getByText('Riverside Children').count(), 1);
    await page.getByRole('button', { name: 'Start now' }).click();
    const first = 'Everyone working together for you';
    await check(page, first, 'question-page');
    const code = (await page.getByTestId('save-code').innerText()).trim();
    assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.equal(await page.locator('.govuk-notification-banner').count(), 1);
    await backShows(page, 'Tell us what you think', first);

    // Three statements answered, the rest left out: a gentle prompt, no error.
    for (const n of [0, 1, 2]) await page.locator('fieldset').nth(n).getByLabel('Mostly').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.equal(await page.locator('.govuk-error-summary').count(), 0);
    assert.equal(
      (await page.getByTestId('unanswered').innerText()).trim(),
      'You have not answered 7 sentences on this page. You can answer them now, or continue.',
    );
    await check(page, first, 'unanswered-prompt');
    await backShows(page, first, first);
    await page.getByRole('button', { name: 'Continue' }).click();

    // The safeguarding page: help for a worried child.
    await check(page, 'Feeling safe', 'safeguarding-page');
    const worried = page.getByTestId('worried');
    assert.match(await worried.innerText(), /If you are worried/);
    assert.match(await worried.innerText(), /Childline free on 0800 1111/);
    assert.equal((await page.getByTestId('trust-contact').innerText()).trim(), CONTACT);
    await backShows(page, first, 'Feeling safe');

    // The browser loses its cookies: the save code brings the answers back.
    await context.clearCookies();
    await page.locator('fieldset').nth(0).getByLabel('Not sure').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await check(page, 'Continue with your save code', 'lost-session');
    assert.equal(await page.locator('.govuk-header__navigation, .ocw-account-bar').count(), 0);
    await page.getByLabel('Save code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.equal(await heading(page), 'Feeling safe');
    for (let n = 0; n < 10; n++)
      await page.locator('fieldset').nth(n).getByLabel('Yes, totally').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    // Check answers: the first page's three answers are back; the rest "Not answered".
    await check(page, 'Check your answers', 'check-answers');
    assert.equal(await page.locator('.ocw-not-answered').count(), 7);
    assert.equal(await page.getByText('Mostly', { exact: true }).count(), 3);
    await backShows(page, 'Feeling safe', 'Check your answers');
    await page.getByRole('button', { name: 'Send answers' }).click();
    await check(page, 'Thank you', 'confirmation');
    assert.match(await page.getByTestId('worried').innerText(), /0800 1111/);
    assert.equal((await page.getByTestId('trust-contact').innerText()).trim(), CONTACT);
    // Back after sending: the thank-you page again, never the form.
    await page.goBack();
    assert.equal(await heading(page), 'Thank you');
    await context.close();
  });

  it('can be answered by keyboard alone', async () => {
    const { context, page } = await phone();
    await page.goto(served.baseUrl + path);
    /** Presses Tab until the element is focused, then the key. */
    const press = async (selector: string, key: string) => {
      for (let i = 0; i < 300; i++) {
        if (await page.locator(selector).evaluate((el) => el === document.activeElement)) break;
        await page.keyboard.press('Tab');
      }
      assert.ok(await page.locator(selector).evaluate((el) => el === document.activeElement));
      await page.keyboard.press(key);
    };
    await press('[data-testid=start]', 'Enter');
    await page.waitForURL(/\/page\/1$/);
    await press('fieldset >> nth=0 >> input >> nth=0', 'Space');
    assert.ok(await page.locator('fieldset >> nth=0 >> input >> nth=0').isChecked());
    await press('[data-testid=continue]', 'Enter');
    await page.waitForURL(/unanswered=yes/);
    await press('[data-testid=continue]', 'Enter');
    await page.waitForURL(/\/page\/2$/);
    assert.equal(await heading(page), 'Feeling safe');
    await press('[data-testid=continue]', 'Enter');
    await page.waitForURL(/unanswered=yes/);
    await press('[data-testid=continue]', 'Enter');
    await page.waitForURL(/\/check$/);
    await press('[data-testid=submit]', 'Enter');
    await page.waitForURL(/\/done/);
    assert.equal(await heading(page), 'Thank you');
    await expectAccessible(page, 'confirmation by keyboard');
    await context.close();
  });
});
