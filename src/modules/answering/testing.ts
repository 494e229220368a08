import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/client.ts';
import { Agent } from '../../../test/helpers.ts';

// Helpers for this module's tests: a respondent who walks the forms as a browser would.

const decode = (value: string) =>
  value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** Where the page's main form posts (not its Back form). */
export function formAction(html: string): string {
  const actions = [...html.matchAll(/<form method="post" action="([^"]+)"/g)]
    .map((m) => decode(m[1] ?? ''))
    .filter((action) => !action.endsWith('/go'));
  // The check page's only form is the one that sends the answers.
  const last = actions.at(-1);
  if (last === undefined) throw new Error('no form on the page');
  return last;
}

/** The names of the radio groups on the page, in order. */
export function radioNames(html: string): string[] {
  return [...new Set([...html.matchAll(/name="([^"]+)" type="radio"/g)].map((m) => m[1] ?? ''))];
}

/** The option values of a select. */
export function optionValues(html: string, name: string): string[] {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  return [...(select?.[1] ?? '').matchAll(/<option value="([^"]*)"/g)].map((m) => m[1] ?? '');
}

export function h1(html: string): string {
  return (/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, '').trim();
}

export class Respondent {
  readonly agent: Agent;
  last!: LightMyRequestResponse;
  /** The answer to the last form sent (a 303 on success), before its redirect was followed. */
  posted!: LightMyRequestResponse;

  constructor(
    app: FastifyInstance,
    readonly base: string,
    agent: Agent = new Agent(app),
  ) {
    this.agent = agent;
  }

  get html() {
    return this.last.body;
  }

  async open(query = '') {
    this.last = await this.agent.get(this.base + query);
    return this.last;
  }

  /** Opens a page as a browser would, following redirects. */
  async get(url: string) {
    this.last = await this.agent.get(url);
    await this.follow();
    return this.last;
  }

  private async follow() {
    for (let i = 0; i < 5 && this.last.statusCode === 303; i++) {
      const location = this.last.headers.location;
      if (typeof location !== 'string') break;
      this.last = await this.agent.get(location);
    }
  }

  async start(lang = 'en') {
    if (this.agent.csrf === '') await this.open(`?lang=${lang}`);
    return this.send({ lang }, `${this.base}/start`);
  }

  /** Posts to the page's main form (or a given URL), then follows its redirect. */
  async send(fields: Record<string, string | string[]>, url = formAction(this.html)) {
    this.posted = await this.agent.post(url, fields);
    this.last = this.posted;
    await this.follow();
    return this.last;
  }

  /** Answers every question on the current page with one value and continues. */
  async answerPage(value = '4', extra: Record<string, string> = {}) {
    const fields: Record<string, string> = {};
    for (const name of radioNames(this.html)) fields[name] = value;
    if (this.html.includes('name="return" value="check"')) fields.return = 'check';
    return this.send({ ...fields, action: 'continue', ...extra });
  }

  /** Answers "About you" with the first offered choices. */
  async answerAbout(extra: Record<string, string> = {}) {
    const fields: Record<string, string> = {};
    const sector = optionValues(this.html, 'sector')[1];
    if (sector !== undefined) fields.sector = sector;
    const locality = optionValues(this.html, 'locality')[1];
    if (locality !== undefined) fields.locality = locality;
    if (this.html.includes('name="roleLevel"')) fields.roleLevel = 'frontline';
    return this.send({ ...fields, action: 'continue', ...extra });
  }

  /** From wherever it is, answers every page up to the check page. */
  async toCheck(value = '4') {
    for (let i = 0; i < 20 && !this.html.includes('/submit"'); i++) {
      // A page shown again with an error (400) is answered like any other.
      if (this.last.statusCode !== 200 && this.last.statusCode !== 400)
        throw new Error(`status ${this.last.statusCode}`);
      if (this.html.includes('name="sector"') || this.html.includes('name="roleLevel"'))
        await this.answerAbout();
      else if (this.html.includes('name="locality"')) await this.answerAbout();
      else await this.answerPage(value);
    }
    return this.last;
  }

  async submit() {
    return this.send({}, `${this.base}/submit`);
  }
}

export async function countRows(db: Database, trustId: string, table: string): Promise<number> {
  const [row] = await db.withTrust(trustId, (tx) =>
    queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`),
  );
  return row?.n ?? 0;
}
