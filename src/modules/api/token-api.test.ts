import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desc, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { apiTokens, auditLog } from '../../db/schema/index.ts';
import { useApp } from '../../../test/build.ts';

// A trust's API tokens through the API: listed without secrets, created with the secret in
// that one answer (never kept for a replay), revoked. Trust admin tokens only.

interface Token {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  token?: string;
}

const BASE = '/api/v1/trusts/alpha/api-tokens';

describe('API tokens through the API', () => {
  const bed = useApp({ tokens: ['trust-admin', 'viewer', 'beta'] });

  const lastAudit = async () =>
    (
      await bed.db.withTrust(bed.alpha.id, (tx) =>
        tx.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1),
      )
    )[0];
  const tokenCount = async () =>
    (await bed.db.asSystem((tx) => tx.select({ id: apiTokens.id }).from(apiTokens))).length;
  const call = (token: string, url: string) =>
    bed.app.inject({ url, headers: { authorization: `Bearer ${token}` } });

  it('creates a token whose secret is answered once, and works at once', async () => {
    const response = await bed.api('trust-admin', 'POST', BASE, {
      name: 'Board dashboard',
      role: 'viewer',
    });
    assert.equal(response.statusCode, 201);
    assert.equal(response.headers['cache-control'], 'no-store');
    const created = response.json<Token>();
    assert.equal(created.name, 'Board dashboard');
    assert.equal(created.role, 'viewer');
    assert.equal(created.revokedAt, null);
    assert.match(created.token ?? '', /^ocw_[A-Za-z0-9_-]{20,}$/);
    const entry = await lastAudit();
    assert.equal(entry?.action, 'created API token');
    assert.equal(entry.actor, 'API token: test trust-admin');
    assert.equal(entry.entityId, created.id);
    assert.ok(!JSON.stringify(entry.details).includes(created.token ?? '?'));
    // The new token reads the trust with its own role.
    assert.equal((await call(created.token ?? '', '/api/v1/trusts/alpha')).statusCode, 200);
    assert.equal((await call(created.token ?? '', BASE)).statusCode, 403);
  });

  it('lists the tokens without their secrets', async () => {
    const response = await bed.api('trust-admin', 'GET', BASE);
    assert.equal(response.statusCode, 200);
    const list = response.json<Token[]>();
    assert.ok(list.some((t) => t.name === 'Board dashboard'));
    for (const token of list) assert.equal(token.token, undefined);
    assert.doesNotMatch(response.body, /ocw_/);
  });

  it('keeps no copy of the secret for an Idempotency-Key retry', async () => {
    const request = {
      method: 'POST' as const,
      url: BASE,
      headers: {
        authorization: `Bearer ${bed.token('trust-admin')}`,
        'content-type': 'application/json',
        'idempotency-key': 'create-token-once',
      },
      payload: JSON.stringify({ name: 'Nightly export', role: 'viewer' }),
    };
    const first = await bed.app.inject(request);
    assert.equal(first.statusCode, 201);
    const secret = first.json<Token>().token ?? '';
    const kept = await bed.db.asSystem((tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from ocw_api.idempotency where body like ${`%${secret}%`}`,
      ),
    );
    assert.deepEqual(kept, [{ n: 0 }]);
    const retry = await bed.app.inject(request);
    assert.equal(retry.statusCode, 201);
    assert.notEqual(retry.json<Token>().token, secret, 'a retry never shows the first secret');
  });

  it('revokes a token: it stops working at once', async () => {
    const created = (
      await bed.api('trust-admin', 'POST', BASE, { name: 'Old sync', role: 'contributor' })
    ).json<Token>();
    const revoked = await bed.api('trust-admin', 'DELETE', `${BASE}/${created.id}`);
    assert.equal(revoked.statusCode, 204);
    const entry = await lastAudit();
    assert.equal(entry?.action, 'revoked API token');
    assert.deepEqual(entry.details, { name: 'Old sync', role: 'contributor' });
    assert.equal((await call(created.token ?? '', '/api/v1/trusts/alpha')).statusCode, 401);
    const listed = (await bed.api('trust-admin', 'GET', BASE))
      .json<Token[]>()
      .find((t) => t.id === created.id);
    assert.ok(listed?.revokedAt);
    // Already revoked, no such token, not an id: 404.
    for (const id of [created.id, '00000000-0000-4000-8000-000000000000', 'x'])
      assert.equal((await bed.api('trust-admin', 'DELETE', `${BASE}/${id}`)).statusCode, 404, id);
  });

  it('refuses bad bodies, viewer tokens and other trusts, creating nothing', async () => {
    const before = await tokenCount();
    for (const body of [
      { name: '', role: 'viewer' },
      { name: 'x'.repeat(81), role: 'viewer' },
      { name: 'Sneaky', role: 'system-admin' },
      {},
    ]) {
      const response = await bed.api('trust-admin', 'POST', BASE, body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    }
    const body = { name: 'Planted', role: 'trust-admin' };
    assert.equal((await bed.api('viewer', 'POST', BASE, body)).statusCode, 403);
    assert.equal((await bed.api('viewer', 'GET', BASE)).statusCode, 403);
    assert.equal((await bed.api('beta', 'POST', BASE, body)).statusCode, 404);
    assert.equal((await bed.api('beta', 'GET', BASE)).statusCode, 404);
    const mine = (await bed.api('trust-admin', 'GET', BASE)).json<Token[]>()[0];
    assert.ok(mine);
    assert.equal((await bed.api('viewer', 'DELETE', `${BASE}/${mine.id}`)).statusCode, 403);
    assert.equal((await bed.api('beta', 'DELETE', `${BASE}/${mine.id}`)).statusCode, 404);
    assert.equal(await tokenCount(), before);
  });
});
