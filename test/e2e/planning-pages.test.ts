import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { queryRows } from '../../src/db/client.ts';
import { signIn, expectAccessible, expectTitled, launch, serve, type Served } from './browser.ts';

// The pages a trust admin plans a round with, axe clean at 1280 and 375 px: a new round,
// its details, the plan form, bulk partner organisations, the safeguarding contact, the
// questionnaire preview and the response monitoring.

describe('planning pages in Chromium', { timeout: 300_000 }, () => {
  let served: Served;
  let browser: Browser;
  let paths: string[] = [];
  before(async () => {
    served = await serve();
    browser = await launch();
    const [row] = await served.db.asSystem((tx) =>
      queryRows<{ round: string; questionnaire: string }>(
        tx,
        sql`select r.id as round, q.id as questionnaire from rounds r
            join trusts t on t.id = r.trust_id
            join questionnaires q on q.round_id = r.id
            where t.slug = 'demo' and r.status = 'collecting' order by q.created_at limit 1`,
      ),
    );
    assert.ok(row, 'the demo has a round collecting responses');
    const round = `/trusts/demo/rounds/${row.round}`;
    const preview = `${round}/questionnaires/${row.questionnaire}/preview`;
    paths = [
      '/trusts/demo/rounds/new',
      `${round}/details`,
      `${round}/plan/new`,
      `${round}/responses`,
      '/trusts/demo/settings/organisations/bulk',
      '/trusts/demo/settings/safeguarding-contact',
      preview,
      `${preview}?step=page-1`,
      `${preview}?step=check`,
    ];
  });
  after(async () => {
    await browser.close();
    await served.close();
  });

  async function signedIn(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await signIn(page, served.baseUrl, 'trust-admin@demo.ocw.test');
    return page;
  }

  for (const width of [1280, 375])
    it(`shows each page accessibly at ${width}px`, async () => {
      const page = await signedIn(width);
      for (const path of paths) {
        const response = await page.goto(served.baseUrl + path);
        assert.equal(response?.status(), 200, `GET ${path}`);
        await expectTitled(page);
        await expectAccessible(page, `${path} at ${width}px`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at ${width}px`);
      }
      await page.context().close();
    });
});
