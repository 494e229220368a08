import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signIn, expectAccessible, expectTitled, launch, serve, type Served } from './browser.ts';

// The action plan as its people use it, in Chromium: from the reported round's task list to
// the plan against the round, a suggestion adopted as a focus area, an action created from
// it (pre-filled), progress added, the RAG overridden beside its suggestion, and the action
// under "My actions" for its lead, who adds progress too. Every page on the way, and every
// other page of the plan, is axe clean at 1280 and 375 px, with one h1 and nothing wider
// than the screen. SCREENSHOTS=<folder> saves a full-page picture of each.

const TRUST = '/trusts/demo';

describe('the action plan in Chromium', { timeout: 300_000 }, () => {
  let served: Served;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  before(async () => {
    served = await serve();
    browser = await launch();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser.close();
    await served.close();
  });

  async function signedIn(who: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, served.baseUrl, `${who}@demo.ocw.test`);
    return page;
  }

  async function check(page: Page, name: string) {
    await expectTitled(page);
    await expectAccessible(page, name);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.equal(overflow, 0, `${name} scrolls sideways by ${overflow}px`);
    const folder = process.env.SCREENSHOTS;
    if (folder !== undefined && folder !== '') {
      const width = page.viewportSize()?.width ?? 0;
      const file = `${folder}/actions-${name.replace(/\W+/g, '-')}-${width}.png`;
      await page.screenshot({ path: file, fullPage: true });
    }
  }

  const main = (page: Page) => page.locator('main').innerText();

  let actionPath = '';

  it('creates an action from a focus area, adds progress and overrides its RAG', async () => {
    const page = await signedIn('trust-admin');
    await page.goto(`${served.baseUrl}${TRUST}/rounds`);
    await page.getByRole('link', { name: '2024 self-assessment' }).click();
    const task = page.getByRole('link', { name: 'Agree actions' });
    await task.click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('h1').innerText(), /^Agree actions/);
    await check(page, 'round plan');

    // Adopt the first suggestion not yet adopted; it appears among the round's focus areas.
    const adopt = page.getByTestId('adopt').first();
    const label = (await adopt.getAttribute('aria-label')) ?? '';
    const title = label.replace(/^Adopt /, '').replace(/ as a focus area$/, '');
    assert.ok(title.length > 0, 'a suggestion can be adopted');
    await adopt.click();
    await page.waitForLoadState('load');
    const area = page.getByTestId('round-focus-area').filter({ hasText: title });
    assert.equal(await area.count(), 1, `${title} is a focus area of the round`);
    assert.match(await area.innerText(), /No actions yet/);
    await check(page, 'round plan after adopting');

    // One step from the focus area to the action: the form is pre-filled and linked.
    await area.getByTestId('create-action').click();
    await page.waitForLoadState('load');
    await check(page, 'new action');
    const focusArea = page.locator('#focusAreaId');
    assert.equal(await focusArea.locator('option:checked').innerText(), title);
    assert.ok(
      (await page.locator('input[name="dimensions"]:checked').count()) > 0,
      "the focus area's dimensions are ticked",
    );

    // Bad input first: the form says what is wrong and keeps what was typed.
    await page.fill('#number', '30');
    await page.fill('#target', '31 February 2027');
    await page.click('main form button[type="submit"]');
    await page.waitForLoadState('load');
    assert.match(await page.title(), /^Error: /);
    assert.equal(await page.locator('#number').inputValue(), '30');
    await check(page, 'new action with errors');

    await page.fill('#title', 'Run joint induction days for new starters across the partnership');
    await page.fill('#target', '31 March 2027');
    await page.getByLabel('Helen Marsh').check();
    await page.click('main form button[type="submit"]');
    await page.waitForLoadState('load');
    assert.match(await page.locator('h1').innerText(), /Run joint induction days/);
    assert.match(await main(page), /Run joint induction days/);
    assert.match(await main(page), /Helen Marsh/);
    assert.match(await main(page), new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    actionPath = new URL(page.url()).pathname;
    assert.match(actionPath, /^\/trusts\/demo\/actions\/[0-9a-f-]{36}$/);
    await check(page, 'action');

    // Progress, with the RAG at that time in the history.
    await page.getByRole('link', { name: 'Add progress' }).click();
    await page.waitForLoadState('load');
    await check(page, 'add progress');
    await page.fill(
      '#text',
      'Dates agreed with the schools and health partners; first day booked.',
    );
    await page.locator('input[name="status"][value="in-progress"]').check();
    await page.click('main form button[type="submit"]');
    await page.waitForLoadState('load');
    assert.match(await main(page), /first day booked/);

    // Override the suggested RAG with a reason: both are shown, in words.
    await page.getByRole('link', { name: /Set RAG/ }).click();
    await page.waitForLoadState('load');
    await check(page, 'set RAG');
    await page.locator('input[name="rag"][value="amber"]').check();
    await page.fill('#reason', 'The venue for the second day is not yet confirmed.');
    await page.click('main form button[type="submit"]');
    await page.waitForLoadState('load');
    const text = await main(page);
    assert.match(text, /Suggested/);
    assert.match(text, /Amber/);
    assert.match(text, /venue for the second day/);
    await check(page, 'action with RAG override');
  });

  it('shows the action under "My actions" for its lead, who adds progress', async () => {
    assert.ok(actionPath !== '', 'the action was created');
    const page = await signedIn('action-lead');
    await page.goto(`${served.baseUrl}${TRUST}/actions/mine`);
    await check(page, 'my actions');
    const link = page.getByRole('link', { name: /Run joint induction days/ });
    assert.equal(await link.count(), 1);
    await link.click();
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).pathname, actionPath);
    // A lead adds progress and sets the RAG, and is not offered changing or removing it.
    assert.equal(await page.getByRole('link', { name: /^Remove/ }).count(), 0);
    await page.getByRole('link', { name: 'Add progress' }).click();
    await page.waitForLoadState('load');
    await page.fill('#text', 'Second day confirmed at the children’s centre.');
    await page.click('main form button[type="submit"]');
    await page.waitForLoadState('load');
    assert.match(await main(page), /Second day confirmed/);
  });

  it('keeps every page of the plan axe clean at 1280 and 375 px', async () => {
    assert.ok(actionPath !== '', 'the action was created');
    const pages = [
      `${TRUST}/actions`,
      `${TRUST}/actions?status=in-progress&sort=due`,
      `${TRUST}/actions/attention`,
      `${TRUST}/actions/mine`,
      `${TRUST}/actions/new`,
      `${TRUST}/actions/import`,
      `${TRUST}/focus-areas`,
      `${TRUST}/focus-areas/new`,
      actionPath,
      `${actionPath}/edit`,
      `${actionPath}/revise`,
      `${actionPath}/remove`,
    ];
    for (const width of [1280, 375]) {
      const page = await signedIn('trust-admin', width);
      for (const path of pages) {
        const response = await page.goto(`${served.baseUrl}${path}`);
        assert.equal(response?.status(), 200, path);
        await check(page, path.replace(actionPath, 'action'));
      }
      // The import's preview, from a pasted table.
      await page.goto(`${served.baseUrl}${TRUST}/actions/import`);
      await page
        .locator('textarea')
        .first()
        .fill(
          'No\tAction\tLead\tTarget Date\tProgress\tRAG\n' +
            '40\tShare one training calendar\tWorkforce team\tQ3 2027\tDrafted\t\n',
        );
      await page.click('main form button[type="submit"]');
      await page.waitForLoadState('load');
      await check(page, 'import preview');
    }
  });
});
