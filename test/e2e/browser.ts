import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { ensureDemo } from '../../src/demo/seed.ts';
import { createTestDatabase, Outbox } from '../helpers.ts';

export const DEMO_PASSWORD = 'demo password for browser tests';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Served {
  baseUrl: string;
  db: Database;
  outbox: Outbox;
  close: () => Promise<void>;
}

/** The real app on a random local port, with the demo trusts loaded. */
export async function serve(): Promise<Served> {
  const { db, drop } = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0' });
  await ensureDemo(db, { demoPassword: DEMO_PASSWORD, dataDir: '' });
  const outbox = new Outbox();
  const app = await createApp({ config, db, mailer: outbox });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    outbox,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it with: apt-get install chromium fonts-liberation`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs a demo person in on the page (the demo's password), as a person would. */
export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('[data-testid="sign-in"]');
  await page.waitForLoadState('load');
}

/** Runs axe with the WCAG 2.2 A and AA rules; fails with a readable list of violations. */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'unknown'}): ${v.help}\n    ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join('\n    ')}`,
  );
  assert.deepEqual(summary, [], `axe violations on ${label}`);
}

/** Checks the page has exactly one h1 and a <title> that starts with its text. */
export async function expectTitled(page: Page): Promise<string> {
  const headings = await page.locator('h1').allInnerTexts();
  assert.equal(headings.length, 1, `one h1 on ${page.url()}`);
  const h1 = (headings[0] ?? '').trim();
  const title = await page.title();
  assert.ok(
    title.replace(/^(Error|Gwall): /, '').startsWith(h1),
    `title "${title}" matches h1 "${h1}" on ${page.url()}`,
  );
  return h1;
}
