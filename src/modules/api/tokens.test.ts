import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { dom, useApp } from '../../../test/build.ts';
import { apiToken } from '../../../test/helpers.ts';
import { apiTokens, auditLog } from '../../db/schema/index.ts';

const OTHER_ROLES = ['contributor', 'action-lead', 'viewer'] as const;

describe('API tokens', () => {
  const t = useApp({ signIn: ['trust-admin', ...OTHER_ROLES, 'betaAdmin'] });
  const admin = () => t.as('trust-admin');
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
  /** The rows of the tokens table, without its header row. */
  const tokenRows = async () =>
    dom((await admin().get('/trusts/alpha/api-tokens')).body)
      .rows('[data-testid="tokens"]')
      .slice(1);

  it('shows the page with the create form and a link to the API documentation', async () => {
    const response = await admin().get('/trusts/alpha/api-tokens');
    assert.equal(response.statusCode, 200);
    const page = dom(response.body);
    assert.equal(page.text('h1.govuk-heading-l'), 'API tokens');
    assert.ok(page.has('a[href="/api/docs"]'));
    assert.ok(page.text('main')?.includes('This trust has no API tokens yet'));
    assert.ok(page.has('input#role[name="role"][type="radio"][value="trust-admin"]'));
  });

  it('creates a token, shows it once, and stores only its hash', async () => {
    const before = await tokenCount();
    const created = await admin().post('/trusts/alpha/api-tokens', {
      name: 'Board dashboard',
      role: 'trust-admin',
    });
    assert.equal(created.statusCode, 200);
    assert.equal(created.headers['cache-control'], 'no-store');
    const page = dom(created.body);
    assert.ok(page.text('main')?.includes('Copy this token now; it will not be shown again'));
    assert.ok(page.text('title')?.startsWith('API token created – '));
    token = page.text('[data-testid="token"]') ?? '';
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
    assert.equal(row.trustId, t.alpha.id);
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
    const list = await admin().get('/trusts/alpha/api-tokens');
    assert.ok(!list.body.includes(token));
    const [listed, ...others] = await tokenRows();
    assert.equal(others.length, 0);
    const [name, role, createdOn, lastUsed, status, action] = listed ?? [];
    assert.deepEqual(
      [name, role, lastUsed, status],
      ['Board dashboard', 'Trust admin', 'Never', 'Active'],
    );
    assert.match(createdOn ?? '', /^\d+ \w+ \d{4}$/);
    assert.equal(action, 'Revoke Board dashboard');
  });

  it('lets the token use the API of its own trust only', async () => {
    const response = await callApi('/api/v1/trusts/alpha/users', `Bearer ${token}`);
    assert.equal(response.statusCode, 200);
    const people = response.json<{ email: string }[]>();
    assert.ok(people.some((p) => p.email === t.world.users['trust-admin']));
    const beta = await callApi('/api/v1/trusts/beta/users', `Bearer ${token}`);
    assert.equal(beta.statusCode, 404);
    assert.equal(beta.json<{ error: string }>().error, 'not_found');
    const list = dom((await admin().get('/trusts/alpha/api-tokens')).body);
    assert.equal(list.rows('[data-testid="tokens"]').length, 2);
    assert.ok(!list.text('main')?.includes('Never'));
  });

  it('answers 401 problem+json without a valid bearer token', async () => {
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
    const page = dom((await admin().get('/trusts/alpha/api-tokens')).body);
    assert.ok(page.has(`form[action="/trusts/alpha/api-tokens/${tokenId}/revoke"]`));
    const revoked = await admin().post(`/trusts/alpha/api-tokens/${tokenId}/revoke`);
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, '/trusts/alpha/api-tokens?done=revoked');
    const after = await callApi('/api/v1/trusts/alpha/users', `Bearer ${token}`);
    assert.equal(after.statusCode, 401);
    assert.equal(after.json<{ error: string }>().error, 'unauthorised');
    const list = dom((await admin().get('/trusts/alpha/api-tokens?done=revoked')).body);
    assert.ok(list.text('main')?.includes('The token has been revoked'));
    const [listed] = list.rows('[data-testid="tokens"]').slice(1);
    assert.ok(listed);
    assert.deepEqual(listed.slice(0, 2), ['Board dashboard', 'Trust admin']);
    assert.ok(listed[4]?.startsWith('Revoked'));
    assert.ok(!list.has('[data-testid^="revoke-"]'));
    const logged = await t.db.asSystem((tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'revoked API token')),
    );
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.entityId, tokenId);
    // Revoking again, or a token that is not this trust's, is not found.
    const again = await admin().post(`/trusts/alpha/api-tokens/${tokenId}/revoke`);
    assert.equal(again.statusCode, 404);
    await apiToken(t.db, t.beta.id, 'trust-admin');
    const [betaToken] = await t.db.asSystem((tx) =>
      tx.select().from(apiTokens).where(eq(apiTokens.trustId, t.beta.id)),
    );
    assert.ok(betaToken);
    for (const id of [betaToken.id, 'nope', '00000000-0000-4000-8000-000000000000'])
      assert.equal((await admin().post(`/trusts/alpha/api-tokens/${id}/revoke`)).statusCode, 404);
    const [still] = await t.db.asSystem((tx) =>
      tx.select().from(apiTokens).where(eq(apiTokens.id, betaToken.id)),
    );
    assert.equal(still?.revokedAt, null);
  });

  it('rejects bad input with a message by each field and saves nothing', async () => {
    const before = await tokenCount();
    const cases: [Record<string, string>, string, string][] = [
      [{ name: '', role: 'viewer' }, 'name', 'Enter a name for the token'],
      [{ role: 'viewer' }, 'name', 'Enter a name for the token'],
      [{ name: 'x'.repeat(81), role: 'viewer' }, 'name', 'Name must be 80 characters or fewer'],
      [{ name: 'Reports' }, 'role', 'Select what the token may do'],
      [{ name: 'Reports', role: 'system-admin' }, 'role', 'Select what the token may do'],
      [{ name: 'Reports', role: 'national-analyst' }, 'role', 'Select what the token may do'],
    ];
    for (const [fields, field, message] of cases) {
      const response = await admin().post('/trusts/alpha/api-tokens', fields);
      assert.equal(response.statusCode, 400, JSON.stringify(fields));
      const page = dom(response.body);
      assert.ok(page.has(`a[href="#${field}"]`), field);
      assert.ok(
        page.errors().some((e) => e.includes(message)),
        message,
      );
      assert.ok(!page.has('[data-testid="token"]'));
    }
    const kept = await admin().post('/trusts/alpha/api-tokens', { name: 'Reports', role: 'bogus' });
    assert.equal(dom(kept.body).attr('input#name[name="name"][type="text"]', 'value'), 'Reports');
    assert.equal(await tokenCount(), before);
  });

  it('downloads the tokens as the page shows them, without the buttons', async () => {
    const [shown] = await tokenRows();
    const csv = await admin().get('/trusts/alpha/api-tokens.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(
      String(csv.headers['content-disposition']),
      /attachment; filename="alpha-api-tokens.csv"/,
    );
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'Name,Role,Created,Last used,Status');
    assert.equal(lines.length, 2);
    assert.match(lines[1] ?? '', /^Board dashboard,Trust admin,[^,]+,[^,]+,Revoked \d+ \w+ \d{4}$/);
    assert.deepEqual(lines[1]?.split(','), shown?.slice(0, 5));
  });

  it('is for trust admins of the trust only', async () => {
    const before = await tokenCount();
    for (const role of OTHER_ROLES) {
      const agent = t.as(role);
      assert.equal((await agent.get('/trusts/alpha/api-tokens')).statusCode, 403);
      assert.equal((await agent.get('/trusts/alpha/api-tokens.csv')).statusCode, 403);
      const post = await agent.post('/trusts/alpha/api-tokens', { name: 'Mine', role: 'viewer' });
      assert.equal(post.statusCode, 403);
    }
    const beta = t.as('betaAdmin');
    assert.equal((await beta.get('/trusts/alpha/api-tokens')).statusCode, 404);
    const post = await beta.post('/trusts/alpha/api-tokens', { name: 'Mine', role: 'viewer' });
    assert.equal(post.statusCode, 404);
    assert.equal(await tokenCount(), before);
    // Beta's page lists beta's token only.
    const own = dom((await beta.get('/trusts/beta/api-tokens')).body);
    const names = own
      .rows('[data-testid="tokens"]')
      .slice(1)
      .map((row) => row[0]);
    assert.deepEqual(names, ['test trust-admin']);
  });
});
