import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { ensureDemo } from '../src/demo/seed.ts';
import { Agent, createTestDatabase, Outbox } from './helpers.ts';

// Every role of the demo (a trust with a reported round, a round being analysed and one
// collecting answers, questionnaires, links, focus groups and workshops) signs in, starts
// at the home page and follows every link it is shown. No link may lead to a page that
// role cannot open (403), to no page (404) or to an error (500).

const PASSWORD = 'demo password for the role crawl';
const ORIGIN = 'http://ocw.test';
const MAX_PAGES = 600;
/** Pages of one shape (the same path but for the records' ids) visited at most. */
const PER_SHAPE = 2;

const PEOPLE = [
  ['trust admin', 'trust-admin@demo.ocw.test'],
  ['contributor', 'contributor@demo.ocw.test'],
  ['action lead', 'action-lead@demo.ocw.test'],
  ['viewer', 'viewer@demo.ocw.test'],
  ['national analyst', 'national-analyst@demo.ocw.test'],
  ['system admin', 'system-admin@demo.ocw.test'],
] as const;

/** The same-origin path of a link on `from`, without its fragment; null for any other. */
function sameOrigin(href: string, from: string): string | null {
  if (href.startsWith('mailto:') || href.startsWith('tel:') || href.startsWith('javascript:'))
    return null;
  const url = new URL(href, ORIGIN + from);
  if (url.origin !== ORIGIN) return null;
  return url.pathname + url.search;
}

interface Crawl {
  visited: number;
  failures: string[];
  truncated: boolean;
}

async function crawl(agent: Agent): Promise<Crawl> {
  const queue: { path: string; from: string }[] = [{ path: '/', from: '(start)' }];
  const seen = new Set<string>(['/']);
  const shapes = new Map<string, number>();
  const failures: string[] = [];
  let visited = 0;
  const enqueue = (path: string | null, from: string) => {
    if (path === null || seen.has(path) || path === '/sign-out') return;
    seen.add(path);
    // Sixty open links of one questionnaire are one page sixty times: a few of each will do.
    const shape = path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\?.*$/, '');
    const count = shapes.get(shape) ?? 0;
    if (count >= PER_SHAPE) return;
    shapes.set(shape, count + 1);
    queue.push({ path, from });
  };
  while (queue.length > 0 && visited < MAX_PAGES) {
    const next = queue.shift();
    if (next === undefined) break;
    const response = await agent.get(next.path);
    visited += 1;
    if (response.statusCode === 403 || response.statusCode === 404 || response.statusCode >= 500)
      failures.push(`${next.path} answers ${response.statusCode} (linked from ${next.from})`);
    const location = response.headers.location;
    if (typeof location === 'string') enqueue(sameOrigin(location, next.path), next.path);
    const type = String(response.headers['content-type'] ?? '');
    if (response.statusCode !== 200 || !type.startsWith('text/html')) continue;
    for (const link of parse(response.body).querySelectorAll('a[href]'))
      enqueue(sameOrigin(link.getAttribute('href') ?? '', next.path), next.path);
  }
  return { visited, failures, truncated: queue.length > 0 };
}

describe('every role follows every link it is shown', () => {
  let app: FastifyInstance;
  let drop: () => Promise<void>;
  before(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    await ensureDemo(database.db, { demoPassword: PASSWORD, dataDir: '' });
    const config = loadConfig({ NODE_ENV: 'test', BASE_URL: ORIGIN });
    app = await createApp({ config, db: database.db, mailer: new Outbox() });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await drop();
  });

  for (const [role, email] of PEOPLE)
    it(`the ${role} meets no page it cannot open`, async () => {
      const agent = new Agent(app);
      await agent.signIn(email, PASSWORD);
      const result = await crawl(agent);
      console.log(
        `${role}: ${result.visited} pages visited${result.truncated ? ` (stopped at ${MAX_PAGES})` : ''}`,
      );
      assert.ok(result.visited > 3, `the ${role} reached more than the home page`);
      assert.deepEqual(result.failures, [], `links the ${role} cannot follow`);
    });
});
