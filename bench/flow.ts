// The anonymous answering flow as a respondent's browser walks it, for the load benchmarks
// (submit.ts, processes.ts): a questionnaire of about 40 items with an open link in a fresh
// database, one respondent from start page to thank-you page, and the count of what was
// stored. Every step is a page (GET) whose form answers 303 to the next page (Post/Redirect/
// Get); the respondent's progress is a draft on the server under the save code that "Start
// now" puts in a cookie for the link's pages, so each respondent keeps its own cookie jar.

import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../src/db/client.ts';
import { localities } from '../src/db/schema/index.ts';
import { insertTrust } from '../src/modules/people/provisioning.ts';
import { openAndPrepare } from '../src/startup.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../test/fixtures.ts';
import { request, type Reply } from './lib.ts';

const between = (html: string, before: string, after = '"') => {
  const start = html.indexOf(before);
  if (start < 0) return undefined;
  const from = start + before.length;
  return html.slice(from, html.indexOf(after, from));
};

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"');

/** The radio groups of each page, read once (every respondent sees the same pages). */
export const radiosByAction = new Map<string, string[]>();
function radiosOf(action: string, html: string): string[] {
  let names = radiosByAction.get(action);
  if (names === undefined) {
    names = [...new Set([...html.matchAll(/name="([^"]+)" type="radio"/g)].map((m) => m[1] ?? ''))];
    radiosByAction.set(action, names);
  }
  return names;
}

export interface Stats {
  acknowledged: number;
  failures: number;
  requests: number;
  submitMs: number[];
}

/**
 * One respondent's cookies, as its browser keeps them. All its requests are under its link's
 * path (/q/<code>), so every cookie the app sets for it is sent back with each of them.
 */
export class Jar {
  private readonly cookies = new Map<string, string>();

  keep(reply: Reply): void {
    for (const line of reply.cookies) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      if (at < 0) continue;
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (gone) this.cookies.delete(pair.slice(0, at).trim());
      else this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A respondent on the check-answers page, ready to send: its cookies and the page's form. */
export interface Ready {
  base: string;
  jar: Jar;
  csrf: string;
}

async function call(
  port: number,
  stats: Stats,
  jar: Jar,
  path: string,
  form?: URLSearchParams,
): Promise<Reply> {
  const reply = await request(port, form === undefined ? 'GET' : 'POST', path, jar.header(), form);
  stats.requests++;
  jar.keep(reply);
  return reply;
}

function failed(reply: Reply, expected: string): undefined {
  if (process.env.BENCH_DEBUG)
    console.error(
      `expected ${expected}, got`,
      reply.status,
      reply.location ?? reply.body.slice(0, 3000),
    );
  return undefined;
}

/** The form of a step's page: where it posts (after the base) and its fields, answered. */
function answered(base: string, html: string, csrf: string): [string, URLSearchParams] | undefined {
  const marker = `<form method="post" action="${base}/`;
  const at = html.lastIndexOf(marker);
  const action = at < 0 ? undefined : between(html.slice(at), marker);
  if (action === undefined) return undefined;
  const form = new URLSearchParams({ _csrf: csrf });
  if (action === 'about') {
    form.set('sector', 'health');
    form.set('roleLevel', 'frontline');
    form.set('locality', 'none');
  } else {
    radiosOf(action, html).forEach((name, i) => form.set(name, String((i % 5) + 1)));
    if (action === 'page/1') form.set('comment', 'We work well together on the ground.');
  }
  form.set('action', 'continue');
  return [action, form];
}

/**
 * One respondent from the start page to check answers: GET the start page, POST Start now
 * (303, and the save-code cookie), then GET each page it is sent to and POST its form (303
 * to the next). Returns the respondent on the check-answers page, or undefined if a step
 * did not behave.
 */
export async function reachCheck(
  port: number,
  code: string,
  stats: Stats,
): Promise<Ready | undefined> {
  const base = `/q/${code}`;
  const jar = new Jar();
  const start = await call(port, stats, jar, base);
  const csrf = between(start.body, 'name="_csrf" value="');
  if (start.status !== 200 || csrf === undefined) return failed(start, 'the start page');
  let posted = await call(
    port,
    stats,
    jar,
    `${base}/start`,
    new URLSearchParams({ _csrf: csrf, lang: 'en' }),
  );
  for (let step = 0; step < 12; step++) {
    if (posted.status !== 303 || posted.location === undefined) return failed(posted, '303');
    const page = await call(port, stats, jar, posted.location);
    const token = between(page.body, 'name="_csrf" value="');
    if (page.status !== 200 || token === undefined) return failed(page, 'a page with a form');
    if (page.body.includes(`action="${base}/submit"`)) return { base, jar, csrf: unescape(token) };
    const form = answered(base, page.body, unescape(token));
    if (form === undefined) return failed(page, 'a step of the questionnaire');
    posted = await call(port, stats, jar, `${base}/${form[0]}`, form[1]);
  }
  return undefined;
}

/**
 * Sends the answers from check answers ("Send answers"), timed: 303 to the thank-you page
 * once they are stored. Returns where it redirects, or undefined if it did not.
 */
export async function sendAnswers(
  port: number,
  ready: Ready,
  stats: Stats,
): Promise<string | undefined> {
  const form = new URLSearchParams({ _csrf: ready.csrf });
  const began = performance.now();
  const sent = await call(port, stats, ready.jar, `${ready.base}/submit`, form);
  stats.submitMs.push(performance.now() - began);
  if (sent.status !== 303 || sent.location?.startsWith(`${ready.base}/done`) !== true)
    return failed(sent, '303 to the thank-you page');
  stats.acknowledged++;
  return sent.location;
}

/** One respondent, start page to thank-you page. Returns false if any step did not behave. */
export async function respond(port: number, code: string, stats: Stats): Promise<boolean> {
  const ready = await reachCheck(port, code, stats);
  const done = ready === undefined ? undefined : await sendAnswers(port, ready, stats);
  if (ready === undefined || done === undefined) return false;
  const thanks = await call(port, stats, ready.jar, done);
  if (thanks.status === 200) return true;
  failed(thanks, 'the thank-you page');
  return false;
}

export function newStats(): Stats {
  return { acknowledged: 0, failures: 0, requests: 0, submitMs: [] };
}

export interface BenchQuestionnaire {
  db: Database;
  trustId: string;
  roundId: string;
  /** The open link's code: respondents start at /q/<code>. */
  code: string;
}

/** Migrates the database and sets up a trust, a round and a questionnaire with an open link. */
export async function setUpQuestionnaire(databaseUrl: string): Promise<BenchQuestionnaire> {
  const db = await openAndPrepare({ databaseUrl, dataDir: '' });
  const trust = await db.asSystem((tx) =>
    insertTrust(
      tx,
      { userId: null, label: 'bench' },
      { slug: 'bench', name: 'Bench Partnership', region: 'North West' },
    ),
  );
  if (trust === undefined) throw new Error('trust not created');
  await addSectors(db, trust.id);
  await db.withTrust(trust.id, (tx) =>
    tx.insert(localities).values([{ trustId: trust.id, name: 'Northgate' }]),
  );
  const round = await addRound(db, trust.id);
  const questionnaire = await addQuestionnaire(db, trust.id, round.id, {
    areaKeys: ['shared-identity', 'common-values', 'positive-outcomes', 'complementary-roles'],
    askRoleLevel: true,
    askLocality: true,
  });
  const link = await addLink(db, trust.id, questionnaire.id);
  return { db, trustId: trust.id, roundId: round.id, code: link.code };
}

/** Responses and answers stored in the round. */
export async function stored(
  q: BenchQuestionnaire,
): Promise<{ responses: number; answers: number }> {
  const [row] = await q.db.withTrust(q.trustId, (tx) =>
    queryRows<{ responses: number; answers: number }>(
      tx,
      sql`select (select count(*)::int from responses where round_id = ${q.roundId}) as responses,
                 (select count(*)::int from answers where round_id = ${q.roundId}) as answers`,
    ),
  );
  return row ?? { responses: 0, answers: 0 };
}
