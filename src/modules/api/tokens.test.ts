import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import {
  Agent,
  apiToken,
  createTestApp,
  seedWorld,
  text,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { apiTokens, auditLog } from '../../db/schema/index.ts';

describe('API tokens', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  let token = '';
  let tokenId = '';

  const tokenCount = async () => {
    const [row] = await t.db.asSystem((tx) => tx.select({ n: count() }).from(apiTokens));
    return row?.n;
  };
  const callApi = (url: string, authorization?: string) =>
    t.app.inject({
      url,
      headers: authorization === undefined ? {} : { authorization },
    });

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
  });
  after(() => t.close());

  it('shows the page with the create form and a link to the API documentation', async () => {
    const page = await admin.get('/trusts/alpha/api-tokens');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">API tokens<\/h1>/);
    assert.match(page.body, /href="\/api\/docs"/);
    assert.match(text(page.body), /This trust has no API tokens yet/);
    assert.match(page.body, /id="role" name="role" type="radio" value="trust-admin"/);
  });

  it('creates a token, shows it once, and stores only its hash', async () => {
    const before = await tokenCount();
    const created = await admin.post('/trusts/alpha/api-tokens', {
      name: 'Board dashboard',
      role: 'trust-admin',
    });
    assert.equal(created.statusCode, 200);
    assert.equal(created.headers['cache-control'], 'no-store');
    assert.match(text(created.body), /Copy this token now; it will not be shown again/);
    assert.match(created.body, /<title>API token created – /);
    token = /data-testid="token">(ocw_[A-Za-z0-9_-]+)</.exec(created.body)?.[1] ?? '';
    assert.match(token, /^ocw_[A-Za-z0-9_-]{40,}$/);
    assert.equal(created.body.split(token).length, 2, 'the token appears exactly once');
    assert.equal(await tokenCount(), (before ?? 0) + 1);

    const rows = await t.db.asSystem((tx) => tx.select().from(apiTokens));
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.ok(row);
    tokenId = row.id;
    assert.equal(row.name, 'Board dashboard');
    assert.equal(row.role, 'trust-admin');
    assert.equal(row.trustId, world.alpha.id);
    assert.notEqual(row.tokenHash, token);
    assert.ok(!JSON.stringify(rows).includes(token));
    assert.ok(!JSON.stringify(rows).includes(token.slice(4)));
    const logged = await t.db.asSystem((tx) =>
      tx.select().from(auditLog).where(eq(auditLog.entity, 'api_token')),
    );
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.action, 'created API token');
    assert.ok(!JSON.stringify(logged).includes(token.slice(4)));

    // The list shows it, without the secret.
    const list = await admin.get('/trusts/alpha/api-tokens');
    assert.ok(!list.body.includes(token));
    assert.match(text(list.body), /Board dashboard Trust admin \d+ \w+ \d{4} Never Revoke/);
  });

  it('lets the token use the API of its own trust only', async () => {
    const response = await callApi('/api/v1/trusts/alpha/users', `Bearer ${token}`);
    assert.equal(response.statusCode, 200);
    const people = response.json<{ email: string }[]>();
    assert.ok(people.some((p) => p.email === world.users['trust-admin']));
    const beta = await callApi('/api/v1/trusts/beta/users', `Bearer ${token}`);
    assert.equal(beta.statusCode, 404);
    assert.equal(beta.json<{ error: string }>().error, 'not_found');
    const list = text((await admin.get('/trusts/alpha/api-tokens')).body);
    assert.doesNotMatch(list, /Never/);
  });

  it('answers 401 JSON without a valid bearer token', async () => {
    const headers = [
      undefined,
      '',
      'Bearer',
      'Bearer garbage',
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Bearer ocw_${'x'.repeat(43)}`,
      `Bearer ${token}x`,
      `bearer  ${token} extra`,
    ];
    for (const header of headers) {
      const response = await callApi('/api/v1/trusts/alpha/users', header);
      assert.equal(response.statusCode, 401, String(header));
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.json<{ error: string }>().error, 'unauthorised');
    }
  });

  it('revokes a token, which then stops working', async () => {
    const page = await admin.get('/trusts/alpha/api-tokens');
    assert.match(page.body, new RegExp(`action="/trusts/alpha/api-tokens/${tokenId}/revoke"`));
    const revoked = await admin.post(`/trusts/alpha/api-tokens/${tokenId}/revoke`);
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, '/trusts/alpha/api-tokens?done=revoked');
    const after = await callApi('/api/v1/trusts/alpha/users', `Bearer ${token}`);
    assert.equal(after.statusCode, 401);
    assert.equal(after.json<{ error: string }>().error, 'unauthorised');
    const list = await admin.get('/trusts/alpha/api-tokens?done=revoked');
    assert.match(text(list.body), /The token has been revoked/);
    assert.match(text(list.body), /Board dashboard Trust admin .* Revoked/);
    assert.doesNotMatch(list.body, /data-testid="revoke-/);
    const logged = await t.db.asSystem((tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'revoked API token')),
    );
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.entityId, tokenId);
    // Revoking again, or a token that is not this trust's, is not found.
    assert.equal((await admin.post(`/trusts/alpha/api-tokens/${tokenId}/revoke`)).statusCode, 404);
    await apiToken(t.db, world.beta.id, 'trust-admin');
    const [betaToken] = await t.db.asSystem((tx) =>
      tx.select().from(apiTokens).where(eq(apiTokens.trustId, world.beta.id)),
    );
    assert.ok(betaToken);
    for (const id of [betaToken.id, 'nope', '00000000-0000-4000-8000-000000000000'])
      assert.equal((await admin.post(`/trusts/alpha/api-tokens/${id}/revoke`)).statusCode, 404);
    const [still] = await t.db.asSystem((tx) =>
      tx.select().from(apiTokens).where(eq(apiTokens.id, betaToken.id)),
    );
    assert.equal(still?.revokedAt, null);
  });

  it('rejects bad input with a message by each field and saves nothing', async () => {
    const before = await tokenCount();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ name: '', role: 'viewer' }, 'name', /Enter a name for the token/],
      [{ role: 'viewer' }, 'name', /Enter a name for the token/],
      [{ name: 'x'.repeat(81), role: 'viewer' }, 'name', /Name must be 80 characters or fewer/],
      [{ name: 'Reports' }, 'role', /Select what the token may do/],
      [{ name: 'Reports', role: 'system-admin' }, 'role', /Select what the token may do/],
      [{ name: 'Reports', role: 'national-analyst' }, 'role', /Select what the token may do/],
    ];
    for (const [fields, field, message] of cases) {
      const response = await admin.post('/trusts/alpha/api-tokens', fields);
      assert.equal(response.statusCode, 400, JSON.stringify(fields));
      assert.match(response.body, new RegExp(`href="#${field}"`));
      assert.match(text(response.body), message);
      assert.doesNotMatch(response.body, /data-testid="token"/);
    }
    const kept = await admin.post('/trusts/alpha/api-tokens', { name: 'Reports', role: 'bogus' });
    assert.match(kept.body, /id="name" name="name" type="text" value="Reports"/);
    assert.equal(await tokenCount(), before);
  });

  it('exports the tokens as CSV', async () => {
    const csv = await admin.get('/trusts/alpha/api-tokens.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'Name,Role,Created,Last used,Revoked');
    assert.equal(lines.length, 2);
    assert.match(lines[1] ?? '', /^Board dashboard,trust-admin,\d{4}-.+Z,\d{4}-.+Z,\d{4}-.+Z$/);
  });

  it('is for trust admins of the trust only', async () => {
    const before = await tokenCount();
    for (const role of ['contributor', 'action-lead', 'viewer'] as const) {
      const agent = new Agent(t.app);
      await agent.signIn(world.users[role]);
      assert.equal((await agent.get('/trusts/alpha/api-tokens')).statusCode, 403);
      assert.equal((await agent.get('/trusts/alpha/api-tokens.csv')).statusCode, 403);
      const post = await agent.post('/trusts/alpha/api-tokens', { name: 'Mine', role: 'viewer' });
      assert.equal(post.statusCode, 403);
    }
    const beta = new Agent(t.app);
    await beta.signIn(world.users.betaAdmin);
    assert.equal((await beta.get('/trusts/alpha/api-tokens')).statusCode, 404);
    const post = await beta.post('/trusts/alpha/api-tokens', { name: 'Mine', role: 'viewer' });
    assert.equal(post.statusCode, 404);
    assert.equal(await tokenCount(), before);
    // Beta's page lists beta's token only.
    const own = text((await beta.get('/trusts/beta/api-tokens')).body);
    assert.match(own, /test trust-admin/);
    assert.doesNotMatch(own, /Board dashboard/);
  });
});
