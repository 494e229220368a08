import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  DEMO_PASSWORD,
  signIn as signInAs,
  expectAccessible,
  expectTitled,
  launch,
  serve,
  type Served,
} from './browser.ts';

describe('foundation journeys in Chromium', { timeout: 180_000 }, () => {
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

  async function newPage(
    options: { javaScriptEnabled?: boolean; width?: number } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      viewport: { width: options.width ?? 1200, height: 900 },
    });
    return context.newPage();
  }

  async function visit(page: Page, path: string): Promise<string> {
    const response = await page.goto(served.baseUrl + path);
    assert.equal(response?.status(), 200, `GET ${path}`);
    const h1 = await expectTitled(page);
    await expectAccessible(page, path);
    return h1;
  }

  const signIn = (page: Page, email: string) => signInAs(page, served.baseUrl, email);

  it('shows accessible pages before sign-in, including errors', async () => {
    const page = await newPage();
    assert.equal(await visit(page, '/'), "One Children's Workforce");
    assert.equal(await visit(page, '/sign-in'), 'Sign in');
    await page.click('[data-testid="sign-in"]');
    await page.waitForSelector('.govuk-error-summary');
    assert.match(await page.title(), /^Error: Sign in/);
    await expectAccessible(page, 'sign-in with errors');
    assert.equal(await visit(page, '/forgot-password'), 'Reset your password');
    assert.equal(await visit(page, '/accessibility'), 'Accessibility statement');
    const missing = await page.goto(`${served.baseUrl}/no-such-page`);
    assert.equal(missing?.status(), 404);
    await expectAccessible(page, '404 page');
    await page.context().close();
  });

  it('signs in by keyboard alone', async () => {
    const page = await newPage();
    await page.goto(`${served.baseUrl}/sign-in`);
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.id === 'email')) break;
    }
    await page.keyboard.type('viewer@demo.ocw.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/trusts\/demo$/);
    assert.equal(await expectTitled(page), "Riverside Children's Partnership");
    await page.context().close();
  });

  it('lets a trust admin switch trust, browse the framework and set up the trust', async () => {
    const page = await newPage();
    await signIn(page, 'trust-admin@demo.ocw.test');
    assert.match(page.url(), /\/trusts\/demo$/);
    assert.equal(await expectTitled(page), "Riverside Children's Partnership");
    await expectAccessible(page, 'trust home');

    // Switch to the second trust and back.
    await page.selectOption('#switch-trust', 'harbourside');
    await page.click('button:has-text("Switch trust")');
    await page.waitForURL(/\/trusts\/harbourside$/);
    assert.equal(await expectTitled(page), "Harbourside Children's Partnership");
    await expectAccessible(page, 'second trust home');
    await page.selectOption('#switch-trust', 'demo');
    await page.click('button:has-text("Switch trust")');
    await page.waitForURL(/\/trusts\/demo$/);

    // Browse the framework by following links.
    await page.click('nav >> text=Framework');
    await expectTitled(page);
    await expectAccessible(page, 'framework index');
    await page.click('main a[href^="/framework/2026.1"]');
    await page.waitForURL(/\/framework\/2026\.1$/);
    await expectTitled(page);
    await expectAccessible(page, 'framework version');
    await page.click('main a[href="/framework/2026.1/areas/shared-identity"]');
    assert.match(await expectTitled(page), /Shared identity/);
    await expectAccessible(page, 'framework area');
    for (const path of [
      '/framework/2026.1/areas/keeping-safe',
      '/framework/2026.1/drill-downs/integrated-working-self-assessment',
    ]) {
      await visit(page, path);
    }

    // Trust set-up pages.
    for (const path of [
      '/trusts/demo/settings',
      '/trusts/demo/settings/details',
      '/trusts/demo/settings/sectors',
      '/trusts/demo/settings/headcount',
      '/trusts/demo/settings/localities',
      '/trusts/demo/settings/organisations',
      '/trusts/demo/users',
      '/trusts/demo/users/invite',
      '/trusts/demo/audit',
      '/trusts/demo/api-tokens',
      '/api/docs',
    ]) {
      await visit(page, path);
    }

    // A form with an error, then a success.
    await page.goto(`${served.baseUrl}/trusts/demo/settings/localities`);
    await page.click('main form button:has-text("Add")');
    await page.waitForSelector('.govuk-error-summary');
    await expectAccessible(page, 'localities with an error');
    await page.fill('#name', 'Riverside Central');
    await page.click('main form button:has-text("Add")');
    await page.waitForSelector('text=Riverside Central');
    await expectAccessible(page, 'localities after adding');

    // Another trust's pages do not exist for this person.
    const other = await page.goto(`${served.baseUrl}/trusts/harbourside/settings`);
    assert.equal(other?.status(), 403);
    await expectAccessible(page, 'forbidden page');
    await page.context().close();
  });

  it('works without JavaScript', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await signIn(page, 'trust-admin@demo.ocw.test');
    assert.match(page.url(), /\/trusts\/demo$/);
    await page.goto(`${served.baseUrl}/trusts/demo/settings/localities`);
    await page.fill('#name', 'Quayside Fringe');
    await page.click('main form button:has-text("Add")');
    await page.waitForSelector('text=Quayside Fringe');
    // axe itself needs JavaScript, so the accessibility scan of these pages is done above.
    await page.goto(`${served.baseUrl}/framework/2026.1/areas/integrated-working`);
    assert.match(await expectTitled(page), /Integrated working/);
    await page.click('button:has-text("Sign out")');
    await page.waitForURL(/\/signed-out$/);
    await page.context().close();
  });

  it('fits a 320 pixel wide phone screen', async () => {
    const page = await newPage({ width: 320 });
    await signIn(page, 'viewer@demo.ocw.test');
    for (const path of ['/trusts/demo', '/framework/2026.1/areas/positive-outcomes']) {
      await page.goto(served.baseUrl + path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at 320px`);
      await expectAccessible(page, `${path} at 320px`);
    }
    await page.context().close();
  });
});
