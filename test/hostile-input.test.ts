import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { parse } from 'node-html-parser';
import { createApp } from '../src/app.ts';
import { queryRows } from '../src/db/client.ts';
import { users } from '../src/db/schema/index.ts';
import { Respondent } from '../src/modules/answering/testing.ts';
import { INPUT_LIMITS } from '../src/web/input-text.ts';
import { UNACCEPTABLE_INPUT } from '../src/web/input-guard.ts';
import {
  addAnalysisWorkshop,
  addLink,
  addQuestionnaire,
  addRound,
  addSectors,
} from './fixtures.ts';
import { Agent, apiToken, createTestApp, seedWorld, text, type TestApp } from './helpers.ts';
import {
  apiBodies,
  encodeLoose,
  fillRoute,
  formsOf,
  paramsOf,
  routesOf,
  tableCounter,
  type Fields,
  type RouteEntry,
} from './hostile-input-support.ts';

// Hostile bytes never give a 500, and a refused request changes nothing: every registered
// route, with its real parameters and forms, is sent NUL and other control characters,
// lone surrogates, invalid percent-encoding and overlong values, in the path, the query
// string, the form fields and the JSON body.

/** A hostile value: the text for forms and JSON, and how it travels in an address. */
interface Hostile {
  text: string;
  encoded: string;
}

const PIECES = ['\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085', '\u009f'];
const SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];
const BAD_ESCAPES = ['%00', '%E0%A4%A', '%ED%A0%80', '%FF', '%C0%AF', '%', '%zz', '%C3', '%1F'];
const QUERY_NAMES = ['page', 'q', 'lang', 'next', 'groups', 'format', 'sector', 'area'];

const ofText = (text: string): Hostile => ({ text, encoded: encodeLoose(text) });
const normal = fc.string({ maxLength: 12 });
const hostileArb: fc.Arbitrary<Hostile> = fc
  .oneof(
    { weight: 4, arbitrary: fc.tuple(normal, fc.constantFrom(...PIECES), normal) },
    { weight: 3, arbitrary: fc.tuple(normal, fc.constantFrom(...SURROGATES), normal) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(normal, fc.constantFrom(...BAD_ESCAPES), normal)
        .map(([a, e, b]): Hostile => ({
          text: `${a}${e}${b}`,
          encoded: `${encodeURIComponent(a)}${e}${encodeURIComponent(b)}`,
        })),
    },
    { weight: 1, arbitrary: fc.constant(ofText('é'.repeat(INPUT_LIMITS.field + 1))) },
    { weight: 1, arbitrary: fc.constant(ofText('x'.repeat(INPUT_LIMITS.path + 1))) },
    // Odd but acceptable text reaches the handlers themselves.
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }).map(ofText) },
  )
  .map((value) => (Array.isArray(value) ? ofText(value.join('')) : value));

type Location = 'path' | 'query' | 'form' | 'json';

interface Probe {
  route: RouteEntry;
  where: Location;
  value: Hostile;
  /** Which parameter, query name, field or key is spoilt (modulo how many there are). */
  pick: number;
}

const isRespondent = (url: string) => url.startsWith('/q/') || url.startsWith('/i/');
const isApi = (url: string) => url.startsWith('/api/');

describe('hostile input', () => {
  let t: TestApp;
  let admin: Agent;
  let sysadmin: Agent;
  let token: string;
  let routes: RouteEntry[];
  let realParams: Record<string, string>;
  let journeyKey = '';
  const forms = new Map<string, Fields>();
  let bodies: Map<string, unknown>;
  let counts: () => Promise<Record<string, number>>;

  before(async () => {
    t = await createTestApp();
    const world = await seedWorld(t.db);
    const alpha = world.alpha.id;
    const [sector] = await addSectors(t.db, alpha);
    const round = await addRound(t.db, alpha);
    const questionnaire = await addQuestionnaire(t.db, alpha, round.id);
    const link = await addLink(t.db, alpha, questionnaire.id);
    // A link of its own for the respondent journeys below, which the generated requests
    // (which may close links or move rounds on) never name.
    const journeyRound = await addRound(t.db, alpha);
    const journeyQuestionnaire = await addQuestionnaire(t.db, alpha, journeyRound.id);
    journeyKey = (await addLink(t.db, alpha, journeyQuestionnaire.id)).code;
    const workshop = await addAnalysisWorkshop(t.db, alpha, round.id, [
      { dimensionKey: 'shared-vision', score: '2.5' },
    ]);
    const [viewer] = await t.db.asSystem((tx) =>
      tx.select().from(users).where(eq(users.email, world.users.viewer)),
    );
    realParams = {
      trust: 'alpha',
      round: round.id,
      q: questionnaire.id,
      questionnaire: questionnaire.id,
      link: link.id,
      workshop: workshop.id,
      key: link.code,
      area: 'shared-identity',
      version: '2026.1',
      format: 'csv',
      sector: 'health',
      n: '1',
      id: sector?.id ?? '00000000-0000-4000-8000-000000000000',
      userId: viewer?.id ?? '00000000-0000-4000-8000-000000000000',
      test: '00000000-0000-4000-8000-000000000000',
      log: '00000000-0000-4000-8000-000000000000',
      token: 'no-such-token',
      '*': 'no-such-page',
    };
    admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
    sysadmin = new Agent(t.app);
    await sysadmin.signIn(world.users['system-admin']);
    token = await apiToken(t.db, alpha, 'trust-admin');
    // Signing out would stop the handlers behind sign-in from running.
    routes = routesOf(t.app).filter((r) => r.url !== '/sign-out');
    // The forms each page offers, with the values a person would send.
    const pages = routes.filter(
      (r) => r.method === 'GET' && !isApi(r.url) && !/\.(:format|csv|svg|png)$/.test(r.url),
    );
    for (const route of pages) {
      const url = fillRoute(route.url, (p) => encodeURIComponent(realParams[p] ?? 'x'));
      const page = await agentFor(url).get(url);
      if (!String(page.headers['content-type']).startsWith('text/html')) continue;
      for (const [action, fields] of formsOf(page.body, url))
        if (!forms.has(action)) forms.set(action, fields);
    }
    bodies = await apiBodies(t.app);
    counts = await tableCounter(t.db);
  });
  after(() => t.close());

  const agentFor = (url: string) => (url.startsWith('/admin') ? sysadmin : admin);

  const filled = (route: RouteEntry) =>
    fillRoute(route.url, (p) => encodeURIComponent(realParams[p] ?? 'x'));
  const sampleBody = (route: RouteEntry): Record<string, unknown> => {
    const sample = bodies.get(`${route.method} ${route.url}`);
    return sample !== null && typeof sample === 'object' ? { ...sample } : {};
  };
  const formFields = (route: RouteEntry): Fields => {
    const fields: Fields = { ...(forms.get(filled(route)) ?? { name: 'Sample' }) };
    delete fields._csrf;
    return fields;
  };

  /** The places a probe can spoil: the route's parameters, query names, fields or keys. */
  function targetsOf(route: RouteEntry, where: Location): string[] {
    if (where === 'path') return paramsOf(route.url);
    if (where === 'query') return QUERY_NAMES;
    if (route.method === 'GET' || route.method === 'DELETE') return [];
    // An API body gets one spoilt value, or a spoilt key (the empty target).
    if (isApi(route.url)) return [...Object.keys(sampleBody(route)), ''];
    // A form of buttons only still gets a (spoilt) field of its own.
    const names = Object.keys(formFields(route));
    return names.length > 0 ? names : ['note'];
  }

  /** Sends one probe as a signed-in person (or with the API token) and answers the response. */
  async function send(probe: Probe): Promise<{ response: LightMyRequestResponse; label: string }> {
    const { route, where, value } = probe;
    const targets = targetsOf(route, where);
    const target = targets[probe.pick % Math.max(targets.length, 1)];
    let url = fillRoute(route.url, (p) =>
      where === 'path' && p === target ? value.encoded : encodeURIComponent(realParams[p] ?? 'x'),
    );
    if (where === 'query') url += `?${target ?? 'q'}=${value.encoded}`;
    const label = `${route.method} ${route.url} ${where}:${target ?? '-'} ${JSON.stringify(value.text.slice(0, 60))}`;
    const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
    const inBody = where === 'json' || where === 'form';
    if (isApi(route.url)) {
      const body = sampleBody(route);
      if (inBody && target === '') body[value.text] = 'x';
      else if (inBody && target !== undefined)
        body[target] = Array.isArray(body[target]) ? [value.text] : value.text;
      const response = await t.app.inject({
        method: route.method as 'GET',
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
        },
        ...(hasBody ? { payload: JSON.stringify(body) } : {}),
      });
      return { response, label };
    }
    const agent = agentFor(url);
    if (!hasBody) return { response: await agent.get(url), label };
    const fields = formFields(route);
    if (inBody && target !== undefined) fields[target] = value.text;
    return { response: await agent.post(url, fields), label };
  }

  /** Sends the probe and checks: never a 5xx; a refused request leaves every table as it was. */
  // Rows per table as they stand; counted again after each request that may have written.
  let known: Record<string, number> | undefined;
  async function check(probe: Probe): Promise<LightMyRequestResponse> {
    const before = known ?? (await counts());
    const { response, label } = await send(probe);
    assert.ok(response.statusCode < 500, `${label} → ${String(response.statusCode)}`);
    if (response.statusCode >= 400) {
      assert.deepEqual(await counts(), before, `${label} wrote rows`);
      known = before;
    } else known = probe.route.method === 'GET' ? before : undefined;
    return response;
  }

  it('covers the routes of every part of the service', () => {
    for (const prefix of [
      '/framework/:version',
      '/api/v1/trusts/:trust/rounds',
      '/q/:key',
      '/trusts/:trust/settings/localities',
    ])
      assert.ok(
        routes.some((r) => r.url.startsWith(prefix)),
        prefix,
      );
    assert.ok(routes.length > 100, String(routes.length));
    assert.ok(forms.size > 20, `${String(forms.size)} forms found`);
  });

  it('refuses a NUL in every route’s path, query string and body with a 400', async () => {
    const nul = ofText('bad\u0000value');
    for (const route of routes) {
      // GET and DELETE carry no body: their query string instead.
      const bodiless = route.method === 'GET' || route.method === 'DELETE';
      const wheres: Location[] = bodiless ? ['query'] : [];
      if (paramsOf(route.url).length > 0) wheres.push('path');
      if (!bodiless) wheres.push(isApi(route.url) ? 'json' : 'form');
      for (const where of wheres)
        for (let pick = 0; pick < Math.max(targetsOf(route, where).length, 1); pick++) {
          // One query name is enough: the guard reads every one alike.
          if (where === 'query' && pick > 0) break;
          const response = await check({ route, where, value: nul, pick });
          // Respondents' requests are cleaned and answered by their own pages instead.
          if (!isRespondent(route.url))
            assert.equal(
              response.statusCode,
              400,
              `${route.method} ${route.url} ${where}:${String(pick)}`,
            );
        }
    }
  });

  it('never answers generated hostile input with a 5xx or a partial write', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(routes.length - 1),
        fc.constantFrom<Location>('path', 'query', 'form', 'json'),
        hostileArb,
        fc.nat(50),
        async (index, where, value, pick) => {
          const route = routes[index];
          if (route === undefined) return;
          await check({ route, where, value, pick });
        },
      ),
      { numRuns: 250, seed: Number(process.env.FC_SEED ?? 20261203) },
    );
    // Still signed in: the handlers behind sign-in ran throughout.
    assert.equal((await admin.get('/trusts/alpha')).statusCode, 200);
  });

  it('answers pages with a GOV.UK page and the API with problem+json', async () => {
    const page = await admin.get('/framework/%E0%A4%A');
    assert.equal(page.statusCode, 400);
    const html = parse(page.body);
    assert.equal(html.querySelector('h1')?.text, 'There is a problem with the address');
    assert.ok(html.querySelector('.govuk-back-link'));
    const form = await admin.post('/trusts/alpha/settings/localities', { name: 'North\u0000' });
    assert.equal(form.statusCode, 400);
    assert.equal(parse(form.body).querySelector('h1')?.text, 'There is a problem with the form');
    assert.match(
      parse(form.body).querySelector('[data-testid="problem-message"]')?.text ?? '',
      /"name" field contains characters we cannot accept/,
    );
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/trusts/alpha/localities',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{"name":"North\\ud800"}',
    });
    assert.equal(api.statusCode, 400);
    assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
    const problem = api.json<{ type: string; status: number; detail: string; field: string }>();
    assert.equal(problem.type, UNACCEPTABLE_INPUT);
    assert.equal(problem.field, 'name');
    assert.match(problem.detail, /"name" field contains text that is not valid UTF-8/);
    const bad = await t.app.inject({ url: '/api/v1/framework/versions/%ED%A0%80' });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /^application\/problem\+json/);
  });

  it("answers the framework's own errors for malformed input with a 4xx page or problem", async () => {
    const cases: [string, InjectOptions, number][] = [
      [
        'bad JSON',
        {
          method: 'POST',
          url: '/api/v1/trusts/alpha/localities',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: '{"name":',
        },
        400,
      ],
      [
        'bad JSON to a page',
        {
          method: 'POST',
          url: '/trusts/alpha/settings/localities',
          headers: { 'content-type': 'application/json' },
          payload: '{',
        },
        400,
      ],
      [
        'unknown content type',
        {
          method: 'POST',
          url: '/trusts/alpha/settings/localities',
          headers: { 'content-type': 'application/x-hostile' },
          payload: 'x',
        },
        415,
      ],
      [
        'too large',
        {
          method: 'POST',
          url: '/sign-in',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `email=${'x'.repeat(1024 * 1024 + 1)}`,
        },
        413,
      ],
      ['overlong path', { url: `/framework/${'x'.repeat(INPUT_LIMITS.path + 10)}` }, 400],
    ];
    for (const [name, request, status] of cases) {
      const response = await t.app.inject(request);
      assert.equal(response.statusCode, status, name);
    }
  });

  it('refuses broken percent-encoding inside a form body, or stores nothing from it', async () => {
    const url = '/trusts/alpha/settings/localities';
    await admin.get(url);
    for (const raw of ['name=%00', 'na%00me=x', 'name=%ED%A0%80', 'name=%FF', 'name=%E0%A4%A']) {
      const before = await counts();
      const response = await admin.request({
        method: 'POST',
        url,
        payload: `_csrf=${encodeURIComponent(admin.csrf)}&${raw}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.ok(
        response.statusCode >= 400 && response.statusCode < 500,
        `${raw} → ${String(response.statusCode)}`,
      );
      assert.deepEqual(await counts(), before, raw);
    }
  });

  it('ignores a cookie with hostile bytes instead of failing', async () => {
    const response = await t.app.inject({
      url: '/trusts/alpha',
      headers: { cookie: 'ocw_session=%00abc' },
    });
    assert.equal(response.statusCode, 303);
  });

  it('cleans a respondent’s form instead of refusing it, so that no answer is lost', async () => {
    const code = journeyKey;
    const respondent = new Agent(t.app);
    await respondent.get(`/q/${code}`);
    const response = await respondent.post(`/q/${code}/start`, {
      sector: 'health\u0000',
      comment: 'x\ud800',
    });
    assert.ok(response.statusCode < 500, String(response.statusCode));
    assert.notEqual(
      parse(response.body).querySelector('h1')?.text,
      'There is a problem with the form',
    );
    const path = await respondent.get(`/q/${code}%00`);
    assert.equal(path.statusCode, 404);
  });

  it('lets a respondent whose comment holds a NUL carry on and submit', async () => {
    const r = new Respondent(t.app, `/q/${journeyKey}`);
    await r.start();
    await r.answerAbout();
    await r.answerPage('4', { comment: 'Good\u0000work\ud800' });
    assert.ok(r.last.statusCode < 500, String(r.last.statusCode));
    await r.toCheck();
    await r.submit();
    assert.equal(r.posted.statusCode, 303, text(r.posted.body).slice(0, 200));
    const stored = await t.db.asSystem((tx) =>
      queryRows<{ body: string }>(tx, sql`select body from comments`),
    );
    assert.ok(
      stored.some((c) => c.body === 'Good\ufffdwork\ufffd'),
      JSON.stringify(stored),
    );
  });

  it('shows what it prevents: without the guard the same requests give a 5xx', async () => {
    const bare = await createApp({
      config: t.config,
      db: t.db,
      mailer: t.outbox,
      inputGuard: false,
    });
    await bare.ready();
    try {
      const agent = new Agent(bare);
      await agent.signIn('trust-admin@alpha.test');
      const failures: string[] = [];
      const tries: [string, () => Promise<LightMyRequestResponse>][] = [
        ['GET /framework/%00', () => agent.get('/framework/%00')],
        [
          'POST localities form with a NUL',
          () => agent.post('/trusts/alpha/settings/localities', { name: 'North\u0000' }),
        ],
        [
          'POST /api/v1/trusts/alpha/localities with \\u0000',
          () =>
            bare.inject({
              method: 'POST',
              url: '/api/v1/trusts/alpha/localities',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              payload: '{"name":"North\\u0000"}',
            }),
        ],
      ];
      tries.push([
        "a respondent's comment with a NUL, then submit",
        async () => {
          const r = new Respondent(bare, `/q/${journeyKey}`);
          await r.start();
          await r.answerAbout();
          await r.answerPage('4', { comment: 'Good\u0000work' });
          if (r.last.statusCode >= 500) return r.last;
          await r.toCheck();
          return r.submit();
        },
      ]);
      for (const [name, send] of tries) {
        const response = await send();
        if (response.statusCode >= 500) failures.push(`${name} → ${String(response.statusCode)}`);
      }
      console.log(`without the input guard: ${failures.join('; ')}`);
      assert.ok(failures.length > 0, 'a hostile request fails without the guard');
    } finally {
      await bare.close();
    }
  });
});
