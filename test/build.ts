// What a test file needs, in one call: useApp() builds a migrated database, the app, the two
// trusts of seedWorld with a person per role, signed-in agents and API tokens before the
// file's tests run, and closes it all after. dom() reads a page through a real HTML parser.

import { after, before } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { parse, type HTMLElement } from 'node-html-parser';
import { createApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import type { Mailer } from '../src/mail.ts';
import type { GlobalRole, TrustRole } from '../src/kernel/roles.ts';
import { Agent, apiToken, createTestDatabase, Outbox, seedWorld, type World } from './helpers.ts';

/** A person of seedWorld: a role in alpha, a global role, or beta's trust admin. */
export type Person = TrustRole | GlobalRole | 'betaAdmin';

/** An API token's holder: a role in alpha, a global role (no trust), or beta's trust admin. */
export type TokenHolder = TrustRole | GlobalRole | 'beta';

const GLOBAL_ROLES: readonly string[] = ['system-admin', 'national-analyst'];

export interface AppOptions {
  /** People signed in before the tests start, each with an agent of their own. */
  signIn?: readonly Person[];
  /** API tokens made before the tests start. */
  tokens?: readonly TokenHolder[];
  mailer?: Mailer;
  env?: Record<string, string>;
  /** Runs before the app is ready: a test may add a hook or a route of its own. */
  configure?: (app: FastifyInstance, db: Database) => void;
}

export interface Bed {
  app: FastifyInstance;
  db: Database;
  config: Config;
  outbox: Outbox;
  world: World;
  alpha: World['alpha'];
  beta: World['beta'];
  /** The signed-in agent of a person named in options.signIn. */
  as(person: Person): Agent;
  /** A token named in options.tokens. */
  token(holder: TokenHolder): string;
  /** A JSON API call with the holder's token (or none); a body is sent as JSON. */
  api(
    holder: TokenHolder | null,
    method: NonNullable<InjectOptions['method']>,
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
  /** A new agent, signed in as nobody. */
  anonymous(): Agent;
}

type Built = Omit<Bed, 'as' | 'token' | 'api' | 'anonymous'> & {
  agents: Map<Person, Agent>;
  tokens: Map<TokenHolder, string>;
  close: () => Promise<void>;
};

async function build(options: AppOptions): Promise<Built> {
  const { db, drop } = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', BASE_URL: 'http://ocw.test', ...options.env });
  const outbox = new Outbox();
  const app = await createApp({ config, db, mailer: options.mailer ?? outbox });
  options.configure?.(app, db);
  await app.ready();
  const close = async () => {
    await app.close();
    await drop();
  };
  try {
    const world = await seedWorld(db);
    const agents = new Map<Person, Agent>();
    for (const person of options.signIn ?? []) {
      const agent = new Agent(app);
      await agent.signIn(world.users[person]);
      agents.set(person, agent);
    }
    const tokens = new Map<TokenHolder, string>();
    for (const holder of options.tokens ?? [])
      tokens.set(holder, await makeToken(db, world, holder));
    return {
      app,
      db,
      config,
      outbox,
      world,
      alpha: world.alpha,
      beta: world.beta,
      agents,
      tokens,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function makeToken(db: Database, world: World, holder: TokenHolder): Promise<string> {
  if (holder === 'beta') return apiToken(db, world.beta.id, 'trust-admin');
  return apiToken(db, GLOBAL_ROLES.includes(holder) ? null : world.alpha.id, holder);
}

/** Builds the app before the file's tests (node:test's before) and closes it after them. */
export function useApp(options: AppOptions = {}): Bed {
  let built: Built | undefined;
  before(async () => {
    built = await build(options);
  });
  after(async () => {
    await built?.close();
  });
  const ready = (): Built => {
    if (built === undefined) throw new Error('useApp: the app is built in before(), not yet');
    return built;
  };
  const named = <K, V>(map: Map<K, V>, key: K, option: string): V => {
    const value = map.get(key);
    if (value === undefined) throw new Error(`useApp: add ${String(key)} to options.${option}`);
    return value;
  };
  return {
    get app() {
      return ready().app;
    },
    get db() {
      return ready().db;
    },
    get config() {
      return ready().config;
    },
    get outbox() {
      return ready().outbox;
    },
    get world() {
      return ready().world;
    },
    get alpha() {
      return ready().alpha;
    },
    get beta() {
      return ready().beta;
    },
    as: (person) => named(ready().agents, person, 'signIn'),
    token: (holder) => named(ready().tokens, holder, 'tokens'),
    api: (holder, method, url, body) =>
      ready().app.inject({
        method,
        url,
        headers: {
          ...(holder === null
            ? {}
            : { authorization: `Bearer ${named(ready().tokens, holder, 'tokens')}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      }),
    anonymous: () => new Agent(ready().app),
  };
}

// ---- Reading pages ----

/** Text as a person reads it: whitespace collapsed, entities decoded. */
const readable = (element: HTMLElement) => element.text.replace(/\s+/g, ' ').trim();

export interface Dom {
  root: HTMLElement;
  /** The text of the first element matching the selector; undefined if there is none. */
  text(selector: string): string | undefined;
  /** The text of every element matching the selector. */
  texts(selector: string): string[];
  has(selector: string): boolean;
  /** An attribute of the first element matching the selector. */
  attr(selector: string, name: string): string | undefined;
  /** A table's rows (the header row first) as arrays of cell texts; [] if there is no table. */
  rows(selector?: string): string[][];
  /** The messages of the GOV.UK error summary. */
  errors(): string[];
}

export function dom(html: string): Dom {
  const root = parse(html);
  const first = (selector: string) => root.querySelector(selector) ?? undefined;
  return {
    root,
    text: (selector) => {
      const element = first(selector);
      return element === undefined ? undefined : readable(element);
    },
    texts: (selector) => root.querySelectorAll(selector).map(readable),
    has: (selector) => first(selector) !== undefined,
    attr: (selector, name) => first(selector)?.getAttribute(name),
    rows: (selector = 'table') =>
      (first(selector)?.querySelectorAll('tr') ?? []).map((row) =>
        row.querySelectorAll('th, td').map(readable),
      ),
    errors: () => root.querySelectorAll('.govuk-error-summary__list li').map(readable),
  };
}
