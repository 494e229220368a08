import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { signIn, launch, serve, type Served } from './browser.ts';

// Printing the analysis of the demo's 2025 round: no navigation, buttons or download links,
// no link address after a link, each spider diagram on the same page as its heading; and on
// a 375px phone the diagrams' text is at least 12px and wide tables say they scroll.

describe('the analysis printed and on a phone', { timeout: 240_000 }, () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let overview = '';
  before(async () => {
    served = await serve();
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, served.baseUrl, 'viewer@demo.ocw.test');
    await page.goto(`${served.baseUrl}/trusts/demo/rounds`);
    await page.getByRole('link', { name: '2025 self-assessment' }).click();
    await page.getByRole('link', { name: 'Review the position' }).click();
    overview = page.url();
  });
  after(async () => {
    await browser.close();
    await served.close();
  });

  it('prints without navigation, buttons, downloads or link addresses', async () => {
    await page.emulateMedia({ media: 'print' });
    for (const selector of [
      '.govuk-service-navigation',
      '.ocw-account-bar',
      '.govuk-footer',
      '.ocw-downloads',
    ])
      assert.equal(await page.locator(selector).first().isVisible(), false, selector);
    const generated = await page.evaluate(() =>
      [...document.querySelectorAll('a')]
        .map((a) => getComputedStyle(a, '::after').content)
        .filter((c) => c !== 'none' && c !== 'normal' && c !== '""'),
    );
    assert.deepEqual(generated, [], 'no content after any link');
    await page.emulateMedia({ media: 'screen' });
  });

  it('keeps each diagram on the page of its heading, in fewer pages than before', async () => {
    const pdf = await page.pdf({ format: 'A4' });
    // The page tree's count (the PDF's other objects may name pages too).
    const pages = Number(
      /\/Type\s*\/Pages[^>]*?\/Count\s+(\d+)/.exec(pdf.toString('latin1'))?.[1] ?? 0,
    );
    // The overview printed on 10 pages before it had a print stylesheet.
    assert.ok(pages > 0 && pages < 10, `${pages} pages`);
    // Each area (heading, summary, diagram and table) is kept from breaking across pages.
    await page.emulateMedia({ media: 'print' });
    const unbroken = await page.evaluate(() =>
      [...document.querySelectorAll('.ocw-area')].map((a) => getComputedStyle(a).breakInside),
    );
    assert.deepEqual(new Set(unbroken), new Set(['avoid']));
    await page.emulateMedia({ media: 'screen' });
  });

  it('on a 375px phone, shows the narrow diagram with text of at least 12px', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(overview);
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll('svg.ocw-chart__svg')]
        .filter((svg) => svg.getBoundingClientRect().width > 0)
        .map((svg) => ({
          narrow:
            svg.classList.contains('ocw-chart__svg--narrow') ||
            !svg.classList.contains('ocw-chart__svg--spider'),
          font: Math.min(
            ...[...svg.querySelectorAll('text')].map(
              (t) =>
                Number(t.getAttribute('font-size')) *
                (svg.getBoundingClientRect().width /
                  Number(svg.getAttribute('viewBox')?.split(' ')[2])),
            ),
          ),
          spider: svg.classList.contains('ocw-chart__svg--spider'),
        })),
    );
    const spiders = sizes.filter((s) => s.spider);
    assert.equal(spiders.length, 7, 'one diagram shown per area');
    for (const s of spiders) {
      assert.ok(s.narrow, 'the narrow layout');
      assert.ok(s.font >= 12, `${s.font.toFixed(1)}px`);
    }
    // A wide table scrolls inside its region, which can be focused, and says so.
    const region = page
      .locator('.ocw-table-scroll')
      .filter({ has: page.locator('[data-testid="area-scores"]') });
    assert.equal(await region.getAttribute('tabindex'), '0');
    assert.equal(await region.getAttribute('role'), 'region');
    const hint = region.locator('.ocw-table-scroll__hint');
    const overflows = await region.evaluate((e) => e.scrollWidth > e.clientWidth);
    assert.equal(await hint.isVisible(), overflows);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(overview);
    assert.equal(await hint.isVisible(), false, 'no hint where the table fits');
  });
});
