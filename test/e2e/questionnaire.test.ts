import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { queryRows } from '../../src/db/client.ts';
import { trusts } from '../../src/db/schema/index.ts';
import { addLink, addQuestionnaire, addRound } from '../fixtures.ts';
import { expectAccessible, expectTitled, launch, serve, type Served } from './browser.ts';

describe('answering questionnaires in Chromium', { timeout: 300_000 }, () => {
  let served: Served;
  let browser: Browser;
  let trustId: string;
  before(async () => {
    served = await serve();
    browser = await launch();
    const [demo] = await served.db.asSystem((tx) =>
      tx.select({ id: trusts.id }).from(trusts).where(eq(trusts.slug, 'demo')),
    );
    if (demo === undefined) throw new Error('no demo trust');
    trustId = demo.id;
  });
  after(async () => {
    await browser.close();
    await served.close();
  });

  async function newPage(
    options: { javaScriptEnabled?: boolean; width?: number } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      viewport: { width: options.width ?? 1200, height: 900 },
    });
    return context.newPage();
  }

  async function newLink(values: Parameters<typeof addQuestionnaire>[3]) {
    const round = await addRound(served.db, trustId);
    const q = await addQuestionnaire(served.db, trustId, round.id, values);
    const link = await addLink(served.db, trustId, q.id);
    return { roundId: round.id, path: `/q/${link.code}` };
  }

  async function responsesIn(roundId: string) {
    return served.db.withTrust(trustId, (tx) =>
      queryRows<{ language: string; audience: string; answers: number }>(
        tx,
        sql`select language, audience,
              (select count(*)::int from answers a where a.response_id = r.id) as answers
            from responses r where round_id = ${roundId}`,
      ),
    );
  }

  /** Checks the page: one h1 matching the title, no axe violations (JavaScript runs only). */
  async function checkPage(page: Page, label: string, axe = true): Promise<string> {
    // Welsh pages with errors start their title with "Gwall: ", which expectTitled does not know.
    const welshError = (await page.title()).startsWith('Gwall: ');
    const h1 = welshError ? await welshErrorTitled(page) : await expectTitled(page);
    if (axe) await expectAccessible(page, label);
    return h1;
  }

  async function welshErrorTitled(page: Page): Promise<string> {
    const headings = await page.locator('h1').allInnerTexts();
    assert.equal(headings.length, 1);
    const h1 = (headings[0] ?? '').trim();
    assert.ok((await page.title()).replace(/^Gwall: /, '').startsWith(h1));
    return h1;
  }

  /** Answers every question on the page with the option at `position` (1–5, 7 DK, 8 NA). */
  async function answerAll(page: Page, value: string, from = 0) {
    const groups = page.locator('main .govuk-radios');
    const count = await groups.count();
    for (let i = from; i < count; i++)
      await groups.nth(i).locator(`input[value="${value}"]`).check();
    return count;
  }

  async function noSidewaysScroll(page: Page, label: string) {
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `${label} scrolls sideways by ${overflow}px`);
  }

  it('takes a practitioner through the questionnaire in Welsh, with save and resume', async () => {
    const { roundId, path } = await newLink({
      areaKeys: ['complementary-roles', 'keeping-safe'],
      languages: ['en', 'cy'],
      askRoleLevel: true,
      askLocality: true,
    });
    const page = await newPage();
    const response = await page.goto(served.baseUrl + path);
    assert.equal(response?.status(), 200);
    assert.equal(
      await checkPage(page, 'start page'),
      'Tell us how services for children work together',
    );

    // Choose Welsh from the language links.
    await page.click('.govuk-language-navigation a[lang="cy"]');
    await page.waitForURL(/lang=cy/);
    assert.equal(await page.getAttribute('html', 'lang'), 'cy');
    await checkPage(page, 'start page in Welsh');

    // Start by keyboard.
    await page.focus('[data-testid="start"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('text=Amdanoch chi');
    await checkPage(page, 'about you');
    await page.click('[data-testid="continue"]');
    await page.waitForSelector('.govuk-error-summary');
    assert.match(await page.title(), /^Gwall: Amdanoch chi/);
    await checkPage(page, 'about you with errors');
    await page.selectOption('#sector', 'health');
    await page.check('#roleLevel-2');
    await page.selectOption('#locality', { label: 'Eastbrook' });
    await page.click('[data-testid="continue"]');

    // First page of questions: an error, then every answer.
    await page.waitForSelector('[data-testid="progress"]:has-text("Tudalen 2 o 3")');
    await checkPage(page, 'first page of questions');
    await page.click('[data-testid="continue"]');
    await page.waitForSelector('.govuk-error-summary');
    await checkPage(page, 'questions with errors');
    await page.click('.govuk-error-summary a >> nth=0');
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('type')),
      'radio',
      'the error link moves focus to the question',
    );
    await answerAll(page, '4');
    await page.fill('#comment', 'Mae hyfforddiant ar y cyd wedi helpu.');
    await page.click('[data-testid="continue"]');
    await page.waitForSelector('[data-testid="progress"]:has-text("Tudalen 3 o 3")');

    // Back, then forward again with the answers kept.
    await page.click('[data-testid="back"]');
    await page.waitForSelector('[data-testid="progress"]:has-text("Tudalen 2 o 3")');
    assert.equal((await page.locator('main input[value="4"]:checked').count()) > 0, true);
    await page.click('[data-testid="continue"]');
    await page.waitForSelector('[data-testid="progress"]:has-text("Tudalen 3 o 3")');

    // Answer some of the last page, then save and come back later.
    await page.locator('main .govuk-radios').nth(0).locator('input[value="2"]').check();
    await page.click('[data-testid="save"]');
    await page.waitForSelector('[data-testid="resume-code"]');
    await checkPage(page, 'saved');
    const code = (await page.textContent('[data-testid="resume-code"]'))?.trim() ?? '';
    assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await page.context().close();

    const later = await newPage();
    await later.goto(`${served.baseUrl}${path}/resume?lang=cy`);
    await checkPage(later, 'resume');
    await later.fill('#code', 'AAAA-BBBB-CCCC');
    await later.click('[data-testid="resume"]');
    await later.waitForSelector('.govuk-error-summary');
    await checkPage(later, 'resume with a wrong code');
    await later.fill('#code', code.toLowerCase());
    await later.click('[data-testid="resume"]');
    await later.waitForSelector('[data-testid="progress"]:has-text("Tudalen 3 o 3")');
    assert.equal(
      await later.locator('main .govuk-radios').nth(0).locator('input[value="2"]').isChecked(),
      true,
    );
    await answerAll(later, 'DK', 1);
    await later.click('[data-testid="continue"]');
    await later.waitForSelector('h1:has-text("Gwiriwch eich atebion cyn eu hanfon")');
    await checkPage(later, 'check answers');

    // Change an answer and come back to the check page.
    await later.locator('main .govuk-summary-card__action a:has-text("Newid")').first().click();
    await later.waitForSelector('h1:has-text("Amdanoch chi")');
    await later.selectOption('#sector', 'schools');
    await later.click('[data-testid="continue"]');
    await later.waitForSelector('h1:has-text("Gwiriwch eich atebion cyn eu hanfon")');
    await later.click('[data-testid="submit"]');
    await later.waitForURL(/\/done\?lang=cy$/);
    assert.equal(await checkPage(later, 'confirmation'), 'Diolch');
    assert.equal(await later.getAttribute('html', 'lang'), 'cy');
    const stored = await responsesIn(roundId);
    assert.deepEqual(
      stored.map((s) => [s.language, s.answers]),
      [['cy', 19]],
    );
    await later.context().close();
  });

  it('takes a young person through their questionnaire on a phone', async () => {
    const { roundId, path } = await newLink({
      audience: 'children-young-people',
      title: 'Young people',
      areaKeys: ['shared-identity', 'complementary-roles'],
      askSector: false,
      askLocality: true,
    });
    const page = await newPage({ width: 320 });
    await page.goto(served.baseUrl + path);
    assert.equal(await checkPage(page, 'children start'), 'Tell us what you think');
    await noSidewaysScroll(page, 'children start');
    await page.click('[data-testid="start"]');
    await page.waitForSelector('h1:has-text("About you")');
    await checkPage(page, 'children about you');
    await noSidewaysScroll(page, 'children about you');
    await page.selectOption('#locality', 'none');
    await page.click('[data-testid="continue"]');
    for (const n of [2, 3]) {
      await page.waitForSelector(`[data-testid="progress"]:has-text("Page ${n} of 3")`);
      assert.ok((await page.locator('text=Yes, totally').count()) > 0, 'plain answer labels');
      await checkPage(page, `children page ${n}`);
      await noSidewaysScroll(page, `children page ${n}`);
      await answerAll(page, n === 2 ? '5' : 'NA');
      await page.click('[data-testid="continue"]');
    }
    await page.waitForSelector('h1:has-text("Check your answers")');
    await checkPage(page, 'children check answers');
    await noSidewaysScroll(page, 'children check answers');
    await page.click('[data-testid="submit"]');
    await page.waitForURL(/\/done/);
    await checkPage(page, 'children confirmation');
    await noSidewaysScroll(page, 'children confirmation');
    const stored = await responsesIn(roundId);
    assert.deepEqual(
      stored.map((s) => s.audience),
      ['children-young-people'],
    );
    await page.context().close();
  });

  it('shows accessible pages for a closed or unknown questionnaire', async () => {
    const page = await newPage();
    const missing = await page.goto(`${served.baseUrl}/q/no-such-code`);
    assert.equal(missing?.status(), 404);
    assert.equal(await checkPage(page, 'unknown link'), 'We cannot find this questionnaire');
    const { path } = await newLink({ opensOn: '2020-01-01', closesOn: '2020-02-01' });
    const closed = await page.goto(served.baseUrl + path);
    assert.equal(closed?.status(), 410);
    assert.equal(await checkPage(page, 'closed link'), 'This questionnaire is closed');
    await page.context().close();
  });

  it('works without JavaScript', async () => {
    const { roundId, path } = await newLink({ areaKeys: ['complementary-roles'] });
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(served.baseUrl + path);
    await checkPage(page, 'start without JavaScript', false);
    await page.click('[data-testid="start"]');
    await page.waitForSelector('h1:has-text("About you")');
    await page.selectOption('#sector', 'youth');
    await page.click('[data-testid="continue"]');
    await page.waitForSelector('h1:has-text("Complementary roles")');
    await page.click('[data-testid="continue"]');
    await page.waitForSelector('.govuk-error-summary');
    await answerAll(page, '3');
    await page.click('[data-testid="continue"]');
    await page.waitForSelector('h1:has-text("Check your answers before sending them")');
    await page.locator('main .govuk-summary-card__action a:has-text("Change")').nth(1).click();
    await page.waitForSelector('h1:has-text("Complementary roles")');
    await page.click('[data-testid="back"]');
    await page.waitForSelector('h1:has-text("Check your answers before sending them")');
    await page.click('[data-testid="submit"]');
    await page.waitForURL(/\/done/);
    assert.equal(await checkPage(page, 'done without JavaScript', false), 'Thank you');
    assert.equal((await responsesIn(roundId)).length, 1);
    await page.context().close();
  });
});
