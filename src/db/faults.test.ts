import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DrizzleQueryError, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { parse } from 'node-html-parser';
import { createApp } from '../app.ts';
import {
  Agent,
  apiToken,
  createTestApp,
  seedWorld,
  type TestApp,
  type World,
} from '../../test/helpers.ts';
import { openDatabase, queryRows, type Database } from './client.ts';
import { isDatabaseUnavailable } from './faults.ts';
import { UNAVAILABLE_PROBLEM_TYPE } from '../web/unavailable.ts';

/** Nothing listens on port 1: every connection is refused at once. */
const CLOSED_PORT_URL = 'postgres://postgres@127.0.0.1:1/x';

describe('recognising a database that is away', () => {
  const pgError = (code: string, message = 'server error') =>
    Object.assign(new Error(message), { code });

  it('knows connection failures by code, SQLSTATE and message, also when drizzle wraps them', () => {
    for (const error of [
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      pgError('ECONNRESET', 'read ECONNRESET'),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P02'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08000'),
      pgError('08003'),
      pgError('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Client has encountered a connection error and is not queryable'),
      new AggregateError([pgError('ECONNREFUSED'), pgError('ECONNREFUSED')], ''),
    ]) {
      assert.ok(isDatabaseUnavailable(error), error.message);
      const wrapped = new DrizzleQueryError('select 1', [], error);
      assert.ok(isDatabaseUnavailable(wrapped), `wrapped: ${error.message}`);
    }
  });

  it('does not take ordinary failures for an outage', () => {
    for (const error of [
      pgError('23505', 'duplicate key value violates unique constraint'),
      pgError('42P01', 'relation "x" does not exist'),
      pgError('22P02', 'invalid input syntax for type uuid'),
      new Error('Cannot read properties of undefined'),
      new DrizzleQueryError('select 1', [], pgError('23503')),
      'ECONNREFUSED',
      null,
      undefined,
    ]) {
      assert.equal(isDatabaseUnavailable(error), false, String(error));
    }
  });
});

describe('while the database is away', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  let token = '';
  let dead: Database;
  let deadApp: FastifyInstance;
  const faults: string[] = [];

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
    token = await apiToken(t.db, world.alpha.id, 'trust-admin');
    // The same service (same secrets, so the same cookies are good) with no database behind it.
    dead = await openDatabase({
      databaseUrl: CLOSED_PORT_URL,
      connectionTimeoutMillis: 1000,
      onConnectionError: (fault) => faults.push(fault.message),
    });
    deadApp = await createApp({ config: t.config, db: dead, mailer: t.outbox });
    await deadApp.ready();
  });
  after(async () => {
    await deadApp.close();
    await dead.close();
    await t.close();
  });

  const cookies = () =>
    ['ocw_session', 'ocw_csrf'].map((name) => `${name}=${admin.cookie(name) ?? ''}`).join('; ');

  const formPost = (url: string, fields: [string, string][], cookie = cookies()) =>
    deadApp.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams(fields).toString(),
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });

  const resendFields = (html: string) => {
    const form = parse(html).querySelector('[data-testid="resend-form"]');
    assert.ok(form, 'the page offers to send the form again');
    return {
      action: form.getAttribute('action'),
      method: form.getAttribute('method'),
      fields: form
        .querySelectorAll('input[type="hidden"]')
        .map((input): [string, string] => [
          input.getAttribute('name') ?? '',
          input.getAttribute('value') ?? '',
        ]),
      button: form.querySelector('[data-testid="try-again"]')?.text.trim(),
    };
  };

  it('health says unavailable with 503, live stays 200, and the live service says ok', async () => {
    for (const url of ['/health', '/health/ready']) {
      const response = await deadApp.inject(url);
      assert.equal(response.statusCode, 503, url);
      assert.deepEqual(response.json(), { status: 'unavailable', database: 'unavailable' });
      assert.equal(response.headers['retry-after'], '10');
    }
    const live = await deadApp.inject('/health/live');
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: 'ok' });
    const healthy = await t.app.inject('/health');
    assert.equal(healthy.statusCode, 200);
    assert.deepEqual(healthy.json(), { status: 'ok', database: t.db.kind });
    assert.deepEqual((await t.app.inject('/health/ready')).json(), healthy.json());
    assert.ok(faults.length <= 2, 'a refused connection is reported, not repeated endlessly');
  });

  it('a page answers the GOV.UK service unavailable page with 503 and Retry-After', async () => {
    const response = await deadApp.inject({
      url: `/trusts/${world.alpha.slug}/settings/localities`,
      headers: { cookie: cookies() },
    });
    assert.equal(response.statusCode, 503);
    assert.equal(response.headers['retry-after'], '10');
    assert.match(String(response.headers['content-type']), /^text\/html/);
    const page = parse(response.body);
    assert.equal(page.querySelectorAll('h1').length, 1);
    assert.equal(page.querySelector('h1')?.text.trim(), 'Sorry, the service is unavailable');
    assert.equal(
      page.querySelector('title')?.text.trim(),
      "Sorry, the service is unavailable – One Children's Workforce",
    );
    assert.match(page.text, /You will be able to use the service later/);
    assert.equal(page.querySelector('[data-testid="resend-form"]'), null, 'nothing to send again');
    assert.doesNotMatch(response.body, /ECONNREFUSED|127\.0\.0\.1:1|at .*\.ts/);
  });

  it('the API answers a problem+json 503 with a stable type', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const response = await deadApp.inject({
        method,
        url: `/api/v1/trusts/${world.alpha.slug}/localities`,
        headers: { authorization: `Bearer ${token}` },
        ...(method === 'POST' ? { payload: { name: 'Anywhere' } } : {}),
      });
      assert.equal(response.statusCode, 503, method);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.headers['retry-after'], '10');
      const body = response.json<Record<string, unknown>>();
      assert.equal(body.type, UNAVAILABLE_PROBLEM_TYPE);
      assert.equal(body.status, 503);
      assert.equal(body.title, 'Service unavailable');
    }
  });

  it('a form post gets "Try again", which sends the same answers and then saves them', async () => {
    const name = `Riverside & "North" <East> 'quarter'`;
    const url = `/trusts/${world.alpha.slug}/settings/localities`;
    const response = await formPost(url, [
      ['_csrf', admin.csrf],
      ['name', name],
      ['tags', 'one'],
      ['tags', 'two'],
    ]);
    assert.equal(response.statusCode, 503);
    assert.ok(!response.body.includes('<East>'), 'what was sent is escaped');
    const resend = resendFields(response.body);
    assert.equal(resend.action, url);
    assert.equal(resend.method, 'post');
    assert.equal(resend.button, 'Try again');
    assert.deepEqual(resend.fields, [
      ['_csrf', admin.csrf],
      ['name', name],
      ['tags', 'one'],
      ['tags', 'two'],
    ]);

    // The database is back (the live service): "Try again" posts exactly those fields.
    const again = await admin.request({
      method: 'POST',
      url: resend.action,
      payload: new URLSearchParams(resend.fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(again.statusCode, 303);
    const stored = await t.db.withTrust(world.alpha.id, (tx) =>
      queryRows<{ name: string }>(tx, sql`select name from localities where name = ${name}`),
    );
    assert.equal(stored.length, 1);
  });

  it('a post read before the database failed is offered again too, without the password', async () => {
    const response = await formPost(
      '/sign-in',
      [
        ['_csrf', admin.csrf],
        ['email', 'someone@alpha.test'],
        ['password', PASSWORD_SENT],
      ],
      `ocw_csrf=${admin.cookie('ocw_csrf') ?? ''}`,
    );
    assert.equal(response.statusCode, 503);
    const resend = resendFields(response.body);
    assert.equal(resend.action, '/sign-in');
    assert.deepEqual(resend.fields, [
      ['_csrf', admin.csrf],
      ['email', 'someone@alpha.test'],
    ]);
    assert.ok(!response.body.includes(PASSWORD_SENT), 'a password is never written into a page');
    assert.match(parse(response.body).text, /asked for your password again/);
  });

  it('a file upload is not offered again, and says so', async () => {
    const boundary = 'ocwboundary';
    const response = await deadApp.inject({
      method: 'POST',
      url: `/trusts/${world.alpha.slug}/settings/localities?_csrf=${admin.csrf}`,
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nname\r\n--${boundary}--\r\n`,
      headers: { cookie: cookies(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(response.statusCode, 503);
    const page = parse(response.body);
    assert.equal(page.querySelector('[data-testid="resend-form"]'), null);
    assert.match(page.querySelector('[data-testid="resend-hint"]')?.text ?? '', /file you sent/);
  });
});

const PASSWORD_SENT = 'hunter2-sent-during-outage';
