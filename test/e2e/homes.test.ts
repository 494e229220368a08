import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { signIn, expectAccessible, expectTitled, launch, serve, type Served } from './browser.ts';

// Each role's home, and the API documentation, on a desktop and on a 375 px phone: axe
// clean, one h1, nothing wider than the screen, and the main navigation within reach.
// SCREENSHOTS=<folder> saves a full-page picture of each.

const PEOPLE = [
  'trust-admin',
  'contributor',
  'action-lead',
  'viewer',
  'national-analyst',
  'system-admin',
];

describe('homes and the API documentation in Chromium', { timeout: 300_000 }, () => {
  let served: Served;
  let browser: Browser;
  before(async () => {
    served = await serve();
    browser = await launch();
  });
  after(async () => {
    await browser.close();
    await served.close();
  });

  async function signedIn(who: string, width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
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
    // The navigation is on the page: its links, or on a phone the menu button that shows them.
    const nav = page.locator('.govuk-service-navigation');
    assert.equal(await nav.count(), 1, `${name} has the service navigation`);
    const toggle = page.locator('.govuk-service-navigation__toggle');
    if (await toggle.isVisible()) {
      await toggle.click();
      assert.ok(await page.locator('.govuk-service-navigation__list').isVisible(), name);
    } else assert.ok(await page.locator('.govuk-service-navigation__list').isVisible(), name);
    const folder = process.env.SCREENSHOTS;
    if (folder !== undefined && folder !== '')
      await page.screenshot({ path: `${folder}/${name.replace(/\W+/g, '-')}.png`, fullPage: true });
  }

  for (const width of [1280, 375])
    it(`shows every role's home at ${width}px`, async () => {
      for (const who of PEOPLE) {
        const page = await signedIn(who, width);
        await page.goto(`${served.baseUrl}/`);
        await check(page, `home ${who} ${width}`);
        await page.context().close();
      }
    });

  for (const width of [1280, 375])
    it(`fits the API documentation to ${width}px, keeping the navigation`, async () => {
      const page = await signedIn('viewer', width);
      await page.goto(`${served.baseUrl}/api/docs`);
      await check(page, `api docs ${width}`);
      // A block of code scrolls in its own box, not the page.
      const code = page.locator('pre.ocw-code-block').first();
      assert.equal(await code.evaluate((e) => getComputedStyle(e).overflowX), 'auto');
      assert.ok(await page.locator('[data-testid="account-bar"]').isVisible());
      await page.context().close();
    });
});
