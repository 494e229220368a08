import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { Tx } from '../src/db/client.ts';
import { trusts, users } from '../src/db/schema/index.ts';
import { insertedRow, present } from '../src/kernel/errors.ts';
import { insertTrust } from '../src/modules/people/provisioning.ts';
import { dom, useApp } from './build.ts';
import { addRound } from './fixtures.ts';
import { apiToken } from './helpers.ts';

// Each condition a person or an API client can reach answers its own status with a message
// that says what happened: a GOV.UK page, or application/problem+json (RFC 9457) for the
// API. What only a bug can break answers 500 and shows nothing of itself.

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  error: string;
  message: string;
  errors?: { field: string; message: string }[];
}

/** The problem+json body of an API answer, checked for the members every problem has. */
function problemOf(response: LightMyRequestResponse, status: number): Problem {
  assert.equal(response.statusCode, status);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const problem = response.json<Problem>();
  assert.equal(problem.status, status);
  assert.equal(problem.type, `urn:ocw:problem:${problem.error.replaceAll('_', '-')}`);
  assert.equal(problem.message, problem.detail);
  assert.ok(problem.title.length > 0);
  return problem;
}

/** What an operator would do in the database: trusts have no page that removes them. */
const removeTrust = (slug: string) => async (tx: Tx) => {
  await tx.delete(trusts).where(eq(trusts.slug, slug));
};

const t = useApp({
  signIn: ['trust-admin', 'betaAdmin'],
  tokens: ['trust-admin', 'viewer'],
  configure: (app, db) => {
    // An operator removes beta while its trust admin's request is on its way: the session
    // was read as the request arrived, the page reads the trust afterwards.
    app.addHook('preHandler', async (request) => {
      if (request.method === 'GET' && request.url === '/trusts/beta/settings/details')
        await db.asSystem(removeTrust('beta'));
    });
    app.get('/broken', () => present(undefined, 'a value the page relies on'));
    app.post('/api/v1/broken', () => insertedRow(undefined, 'a row the API relies on'));
  },
});

describe('domain errors on pages', () => {
  it('answers 404 for a trust removed while its page was being read', async () => {
    const response = await t.as('betaAdmin').get('/trusts/beta/settings/details');
    assert.equal(response.statusCode, 404);
    assert.equal(dom(response.body).text('h1'), 'Page not found');
  });

  it('answers 400 to resending an invitation to someone who has set a password', async () => {
    const [viewer] = await t.db.asSystem((tx) =>
      tx.select({ id: users.id }).from(users).where(eq(users.email, t.world.users.viewer)),
    );
    assert.ok(viewer);
    const admin = t.as('trust-admin');
    await admin.get(`/trusts/alpha/users/${viewer.id}`);
    const response = await admin.post(`/trusts/alpha/users/${viewer.id}/resend`);
    assert.equal(response.statusCode, 400);
    const page = dom(response.body);
    assert.equal(page.text('h1'), 'There is a problem with your request');
    assert.equal(
      page.text('[data-testid="problem-message"]'),
      'This person has already set a password, so there is no invitation to resend.',
    );
  });

  it('answers a broken invariant with the 500 page, which says nothing of it', async () => {
    const response = await t.as('trust-admin').get('/broken');
    assert.equal(response.statusCode, 500);
    const page = dom(response.body);
    assert.equal(page.text('h1'), 'Sorry, there is a problem with the service');
    assert.ok(!page.root.text.includes('relies on'));
  });
});

describe('domain errors in the API', () => {
  it('answers 401 to the token of a trust that was removed', async () => {
    const gamma = await t.db.asSystem((tx) =>
      insertTrust(tx, { userId: null, label: 'test' }, { slug: 'gamma', name: 'Gamma' }),
    );
    assert.ok(gamma);
    const token = await apiToken(t.db, gamma.id, 'trust-admin');
    await t.db.asSystem(removeTrust('gamma'));
    const response = await t.app.inject({
      url: '/api/v1/trusts/gamma',
      headers: { authorization: `Bearer ${token}` },
    });
    const problem = problemOf(response, 401);
    assert.equal(problem.type, 'urn:ocw:problem:unauthorised');
    assert.equal(problem.detail, 'A valid bearer token is required');
  });

  it('answers 404 for an address the API does not have', async () => {
    const problem = problemOf(await t.api('viewer', 'GET', '/api/v1/nothing-here'), 404);
    assert.equal(problem.type, 'urn:ocw:problem:not-found');
    assert.equal(problem.error, 'not_found');
  });

  it('answers 404 with the reason for a resource that does not exist', async () => {
    const response = await t.api('viewer', 'GET', '/api/v1/framework/versions/1999.9');
    assert.equal(problemOf(response, 404).detail, 'No such framework version');
  });

  it('answers 409 to a release of answers while the round is collecting', async () => {
    const round = await addRound(t.db, t.alpha.id, { status: 'collecting' });
    const url = `/api/v1/trusts/alpha/rounds/${round.id}/release`;
    const problem = problemOf(await t.api('trust-admin', 'POST', url), 409);
    assert.equal(problem.type, 'urn:ocw:problem:conflict');
    assert.match(problem.detail, /cannot be released while collection is open/);
  });

  it('answers 403 to a role that may not make the change', async () => {
    const response = await t.api('viewer', 'POST', '/api/v1/trusts/alpha/localities', {
      name: 'North',
    });
    assert.equal(problemOf(response, 403).type, 'urn:ocw:problem:forbidden');
  });

  it('answers 400 with field errors to a body that breaks the schema', async () => {
    const response = await t.api('trust-admin', 'POST', '/api/v1/trusts/alpha/localities', {
      name: '',
    });
    const problem = problemOf(response, 400);
    assert.equal(problem.type, 'urn:ocw:problem:invalid-request');
    const [first] = problem.errors ?? [];
    assert.ok(first);
    assert.equal(first.field, 'name');
    assert.equal(problem.detail, first.message);
  });

  it("answers Fastify's own refusals (bad JSON, a body too large) as problems", async () => {
    const request = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/trusts/alpha/localities',
        headers: {
          authorization: `Bearer ${t.token('trust-admin')}`,
          'content-type': 'application/json',
        },
        payload,
      });
    assert.equal(problemOf(await request('{"name":'), 400).error, 'invalid_request');
    const large = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 1) });
    assert.equal(problemOf(await request(large), 413).type, 'urn:ocw:problem:too-large');
  });

  it('answers a broken invariant with a 500 problem that says nothing of it', async () => {
    const problem = problemOf(await t.api('viewer', 'POST', '/api/v1/broken', {}), 500);
    assert.equal(problem.type, 'urn:ocw:problem:server-error');
    assert.ok(!problem.detail.includes('relies on'));
  });

  it('documents its error answers as problem+json in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, { responses: Record<string, { content: object }> }>>;
    }>();
    const responses = doc.paths['/api/v1/trusts/{trust}/localities']?.post?.responses ?? {};
    for (const status of ['400', '401', '403', '404']) {
      const content = responses[status]?.content as
        Record<string, { schema: { properties: Record<string, unknown> } }> | undefined;
      const schema = content?.['application/problem+json']?.schema;
      assert.ok(schema, status);
      for (const member of ['type', 'title', 'status', 'detail', 'error', 'message'])
        assert.ok(member in schema.properties, `${status} ${member}`);
    }
  });
});
