// The anonymous answering flow as a respondent's browser walks it, for the load benchmarks
// (submit.ts, processes.ts): a questionnaire of about 40 items with an open link in a fresh
// database, one respondent from start page to submit, and the count of what was stored.

import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../src/db/client.ts';
import { localities } from '../src/db/schema/index.ts';
import { insertTrust } from '../src/modules/people/provisioning.ts';
import { openAndPrepare } from '../src/startup.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../test/fixtures.ts';
import { request } from './lib.ts';

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

/** A respondent's finished questionnaire as the check-answers page holds it, ready to submit. */
export interface Ready {
  cookie: string;
  csrf: string;
  state: string;
}

/** One respondent, start to finish. Returns false if any step did not behave. */
export async function respond(
  port: number,
  code: string,
  stats: Stats,
  keep?: (ready: Ready) => void,
): Promise<boolean> {
  const base = `/q/${code}`;
  const start = await request(port, 'GET', base, '');
  stats.requests++;
  const cookie = start.cookies.map((c) => c.split(';')[0]).join('; ');
  const csrf = between(start.body, 'name="_csrf" value="');
  if (start.status !== 200 || csrf === undefined) return false;
  let page = await request(
    port,
    'POST',
    `${base}/start`,
    cookie,
    new URLSearchParams({ _csrf: csrf, lang: 'en' }),
  );
  stats.requests++;
  for (let step = 0; step < 12; step++) {
    if (page.status !== 200) {
      if (process.env.BENCH_DEBUG) console.error(page.status, page.body.slice(0, 3000));
      return false;
    }
    const state = between(page.body, 'name="state" value="');
    if (state === undefined) return false;
    const form = new URLSearchParams({ _csrf: csrf, state: unescape(state) });
    if (page.body.includes(`action="${base}/submit"`)) {
      keep?.({ cookie, csrf, state: unescape(state) });
      const began = performance.now();
      const submitted = await request(port, 'POST', `${base}/submit`, cookie, form);
      stats.submitMs.push(performance.now() - began);
      stats.requests++;
      if (submitted.status !== 303) return false;
      stats.acknowledged++;
      return true;
    }
    // The page's own form is the last one (the first may be its Back button).
    const marker = `<form method="post" action="${base}/`;
    const at = page.body.lastIndexOf(marker);
    const action = at < 0 ? undefined : between(page.body.slice(at), marker);
    if (action === undefined) return false;
    if (action === 'about') {
      form.set('sector', 'health');
      form.set('roleLevel', 'frontline');
      form.set('locality', 'none');
    } else {
      radiosOf(action, page.body).forEach((name, i) => form.set(name, String((i % 5) + 1)));
      if (action === 'page/1') form.set('comment', 'We work well together on the ground.');
    }
    form.set('action', 'continue');
    page = await request(port, 'POST', `${base}/${action}`, cookie, form);
    stats.requests++;
  }
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
