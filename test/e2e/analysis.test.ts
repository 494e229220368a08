import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { signIn, expectAccessible, expectTitled, launch, serve, type Served } from './browser.ts';

// A board member's way through the analysis of the demo's 2025 round: the overview of the
// seven areas, one area, its questions, and the comparison with 2024. Every page passes
// axe, and every chart has a title, a description stating its figures and a data table.
// SCREENSHOTS=<folder> saves a full-page picture of each.

describe('analysis journeys in Chromium', { timeout: 240_000 }, () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  before(async () => {
    served = await serve();
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    page = await context.newPage();
    await signIn(page, served.baseUrl, 'viewer@demo.ocw.test');
  });
  after(async () => {
    await browser.close();
    await served.close();
  });

  async function check(name: string) {
    await expectTitled(page);
    await expectAccessible(page, name);
    const folder = process.env.SCREENSHOTS;
    if (folder !== undefined)
      await page.screenshot({ path: `${folder}/analysis-${name}.png`, fullPage: true });
  }

  /** Every chart: role img named by its own title and description, which states figures. */
  async function checkCharts(expected: number) {
    // Spider diagrams come in two layouts; the one that fits the window is shown.
    const charts = await page.locator('svg[role="img"]:visible').all();
    assert.equal(charts.length, expected);
    for (const chart of charts) {
      const labelledBy = (await chart.getAttribute('aria-labelledby')) ?? '';
      const [titleId, descId] = labelledBy.split(' ');
      assert.ok(titleId && descId, 'labelled by a title and a description');
      assert.ok((await page.locator(`[id="${titleId}"]`).textContent())?.trim());
      assert.match((await page.locator(`[id="${descId}"]`).textContent()) ?? '', /\d\.\d/);
      const pair = chart.locator('xpath=ancestor::div[contains(@class,"ocw-chart-pair")]');
      assert.equal(await pair.locator('table').count(), 1, 'a data table beside the chart');
    }
  }

  it('goes from the round to the overview of the seven areas', async () => {
    await page.goto(`${served.baseUrl}/trusts/demo/rounds`);
    await page.getByRole('link', { name: '2025 self-assessment' }).click();
    await page.getByRole('link', { name: 'Review the position' }).click();
    assert.equal(await page.locator('h1').innerText(), 'Where the partnership stands');
    await checkCharts(8); // seven spider diagrams and the trend over 2024 and 2025
    assert.equal(await page.locator('[data-testid="area-scores"] tbody tr').count(), 7);
    assert.ok((await page.locator('[data-testid="focus-areas"] li').count()) > 0);
    await check('overview');
  });

  it('opens an area with its diagram, dimensions, groups and questions', async () => {
    await page.locator('[data-testid="area-scores"] a').first().click();
    await checkCharts(1);
    await page.waitForSelector('[data-testid="dimension-table"]');
    assert.ok((await page.locator('[data-testid="heatmap-sector"] tbody tr').count()) > 2);
    await check('area');
    await page.getByRole('link', { name: /Every question of this area/ }).click();
    assert.match(await page.locator('h1').innerText(), /^Questions and answers/);
    await check('items');
  });

  it('compares the round with 2024', async () => {
    await page.goto(`${served.baseUrl}/trusts/demo/rounds`);
    await page.getByRole('link', { name: '2025 self-assessment' }).click();
    await page.getByRole('link', { name: 'Review the position' }).click();
    await page.getByRole('link', { name: /Compare with 2024 self-assessment/ }).click();
    await page.waitForSelector('[data-testid="change-table"]');
    await checkCharts(7);
    await check('compare');
    // Choosing another round works without JavaScript: a plain GET form.
    await page.selectOption('#with', { label: '2024 self-assessment' });
    await page.click('[data-testid="compare"]');
    await page.waitForSelector('[data-testid="change-table"]');
  });
});
