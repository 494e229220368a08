import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { createApp } from '../src/app.ts';
import { createServices, type Services } from '../src/services.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import type { Mail, Mailer } from '../src/mail.ts';
import type { Actor } from '../src/kernel/audit.ts';
import {
  ensureUser,
  grantGlobalRole,
  grantTrustRole,
  insertTrust,
} from '../src/modules/people/provisioning.ts';
import type { GlobalRole, TrustRole } from '../src/kernel/roles.ts';
import { openAndPrepare } from '../src/startup.ts';
import { migratedPglite } from './pglite-image.ts';

export const PASSWORD = 'correct horse battery staple';
const TEST_ACTOR: Actor = { userId: null, label: 'test' };

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or (when DATABASE_URL is
 * set, as in CI's second run) a new PostgreSQL database on that server, dropped afterwards.
 */
export async function createTestDatabase(): Promise<{ db: Database; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl === undefined || serverUrl === '') {
    const db = await migratedPglite();
    return { db, drop: () => db.close() };
  }
  const name = `ocw_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openAndPrepare({ databaseUrl: url.toString(), dataDir: '' });
  return {
    db,
    drop: async () => {
      await db.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export class Outbox implements Mailer {
  readonly mails: Mail[] = [];
  send(mail: Mail) {
    this.mails.push(mail);
    return Promise.resolve();
  }
  lastTo(email: string): Mail | undefined {
    return this.mails.filter((m) => m.to === email).at(-1);
  }
}

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  config: Config;
  outbox: Outbox;
  services: Services;
  close: () => Promise<void>;
}

export async function createTestApp(
  options: { mailer?: Mailer; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const { db, drop } = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', BASE_URL: 'http://ocw.test', ...options.env });
  const outbox = new Outbox();
  const deps = { config, db, mailer: options.mailer ?? outbox };
  const services = createServices(deps);
  const app = await createApp(deps, services);
  await app.ready();
  return {
    app,
    db,
    config,
    outbox,
    services,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

export interface World {
  alpha: { id: string; slug: string };
  beta: { id: string; slug: string };
  /** Email address per role, e.g. users['trust-admin'] in alpha; betaAdmin is trust admin of beta. */
  users: Record<TrustRole | GlobalRole, string> & { betaAdmin: string };
}

/** Two trusts, a person per role in alpha, a trust admin in beta; all with PASSWORD. */
export async function seedWorld(db: Database): Promise<World> {
  return db.asSystem(async (tx) => {
    const alpha = await insertTrust(tx, TEST_ACTOR, {
      slug: 'alpha',
      name: 'Alpha Partnership',
      region: 'North East',
    });
    const beta = await insertTrust(tx, TEST_ACTOR, {
      slug: 'beta',
      name: 'Beta Partnership',
      region: 'London',
    });
    if (alpha === undefined || beta === undefined) throw new Error('trusts exist');
    const users = {} as World['users'];
    for (const role of ['trust-admin', 'contributor', 'action-lead', 'viewer'] as const) {
      const { user } = await ensureUser(tx, {
        email: `${role}@alpha.test`,
        name: `Alpha ${role}`,
        password: PASSWORD,
      });
      await grantTrustRole(tx, TEST_ACTOR, alpha.id, user.id, role);
      users[role] = user.email;
    }
    for (const role of ['system-admin', 'national-analyst'] as const) {
      const { user } = await ensureUser(tx, {
        email: `${role}@ocw.test`,
        name: `The ${role}`,
        password: PASSWORD,
      });
      await grantGlobalRole(tx, user.id, role);
      users[role] = user.email;
    }
    const { user: betaAdmin } = await ensureUser(tx, {
      email: 'admin@beta.test',
      name: 'Beta admin',
      password: PASSWORD,
    });
    await grantTrustRole(tx, TEST_ACTOR, beta.id, betaAdmin.id, 'trust-admin');
    users.betaAdmin = betaAdmin.email;
    return {
      alpha: { id: alpha.id, slug: alpha.slug },
      beta: { id: beta.id, slug: beta.slug },
      users,
    };
  });
}

/** A browser-like client for app.inject: keeps cookies and fills in the CSRF token. */
export class Agent {
  private cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.inject({
      ...options,
      headers: { ...(options.headers ?? {}), ...(cookie ? { cookie } : {}) },
    });
    for (const c of response.cookies as {
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }[]) {
      const expired =
        c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now());
      if (expired || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token !== undefined) this.csrf = token;
    return response;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }

  /** Posts a urlencoded form; the CSRF token from the last page is added unless given. */
  async post(
    url: string,
    fields: Record<string, string | string[]> = {},
    options: { csrf?: boolean } = {},
  ) {
    if (options.csrf !== false && this.csrf === '') await this.get('/sign-in');
    const body = new URLSearchParams();
    if (options.csrf !== false && fields._csrf === undefined) body.append('_csrf', this.csrf);
    for (const [key, value] of Object.entries(fields))
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    return this.request({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async signIn(email: string, password = PASSWORD) {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    if (response.statusCode !== 303)
      throw new Error(`sign-in failed for ${email}: ${response.statusCode}`);
    // Follow the redirect as a browser would, picking up the new CSRF token.
    let location = response.headers.location;
    for (let hops = 0; typeof location === 'string' && hops < 3; hops++) {
      const next = await this.get(location);
      location = next.statusCode === 303 ? next.headers.location : undefined;
    }
    return response;
  }
}

/** Creates an API token directly (as the operator command does). */
export async function apiToken(
  db: Database,
  trustId: string | null,
  role: TrustRole | GlobalRole,
): Promise<string> {
  const { createApiToken } = await import('../src/modules/api/tokens.ts');
  const { token } = await db.asSystem((tx) =>
    createApiToken(tx, { trustId, role, name: `test ${role}`, createdBy: null }),
  );
  return token;
}

/** Text of the page with tags removed and whitespace collapsed, for readable assertions. */
export function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}
