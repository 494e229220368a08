import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { count, eq } from 'drizzle-orm';
import { dom, useApp } from '../../../test/build.ts';
import { localities } from '../../db/schema/index.ts';
import { entityTag, noneMatch } from './etag.ts';
import { fingerprint } from './idempotency.ts';

// What integrators expect of the API besides its operations: entity tags on reads,
// Idempotency-Key on POSTs, and a per-token rate limit that says where the token stands.

describe('API manners', () => {
  const t = useApp({ tokens: ['trust-admin', 'viewer', 'beta'], env: { API_RATE_LIMIT: '40' } });
  const url = '/api/v1/trusts/alpha/localities';

  const post = (body: unknown, key?: string, holder: 'trust-admin' | 'viewer' = 'trust-admin') =>
    t.app.inject({
      method: 'POST',
      url,
      headers: {
        authorization: `Bearer ${t.token(holder)}`,
        'content-type': 'application/json',
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      payload: JSON.stringify(body),
    });
  const named = async (name: string) => {
    const [row] = await t.db.asSystem((tx) =>
      tx.select({ n: count() }).from(localities).where(eq(localities.name, name)),
    );
    return row?.n ?? 0;
  };

  describe('entity tags', () => {
    it('tags a read, answers 304 without a body while it is unchanged, and a new tag after a change', async () => {
      const first = await t.api('trust-admin', 'GET', url);
      assert.equal(first.statusCode, 200);
      const tag = first.headers.etag;
      assert.equal(typeof tag, 'string');
      const again = await t.app.inject({
        url,
        headers: {
          authorization: `Bearer ${t.token('trust-admin')}`,
          'if-none-match': String(tag),
        },
      });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
      assert.equal(again.headers.etag, tag);
      assert.equal((await post({ name: 'Tagged Vale' })).statusCode, 201);
      const changed = await t.app.inject({
        url,
        headers: {
          authorization: `Bearer ${t.token('trust-admin')}`,
          'if-none-match': String(tag),
        },
      });
      assert.equal(changed.statusCode, 200);
      assert.notEqual(changed.headers.etag, tag);
      assert.ok(changed.json<{ name: string }[]>().some((l) => l.name === 'Tagged Vale'));
    });

    it('compares tags weakly, in lists and with *', () => {
      const tag = entityTag('abc');
      assert.equal(noneMatch(tag, tag), true);
      assert.equal(noneMatch(`W/${tag}`, tag), true);
      assert.equal(noneMatch(`"other", ${tag}`, tag), true);
      assert.equal(noneMatch('*', tag), true);
      assert.equal(noneMatch('"other"', tag), false);
      assert.equal(noneMatch(undefined, tag), false);
    });
  });

  describe('Idempotency-Key', () => {
    it('does a retried POST once and answers the retry with the first answer', async () => {
      const first = await post({ name: 'Once Only' }, 'key-once-1');
      assert.equal(first.statusCode, 201);
      const retry = await post({ name: 'Once Only' }, 'key-once-1');
      assert.equal(retry.statusCode, 201);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.deepEqual(retry.json(), first.json());
      assert.equal(await named('Once Only'), 1);
    });

    it('treats the same body written with other spacing as the same request', async () => {
      const send = (payload: string) =>
        t.app.inject({
          method: 'POST',
          url,
          headers: {
            authorization: `Bearer ${t.token('trust-admin')}`,
            'content-type': 'application/json',
            'idempotency-key': 'key-spacing',
          },
          payload,
        });
      assert.equal((await send('{"name":"Same Body"}')).statusCode, 201);
      const retry = await send('{ "name" : "Same Body" }\n');
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(await named('Same Body'), 1);
    });

    it('refuses a key reused with a different body, as a problem of its own type', async () => {
      assert.equal((await post({ name: 'First Body' }, 'key-reused')).statusCode, 201);
      const reused = await post({ name: 'Second Body' }, 'key-reused');
      assert.equal(reused.statusCode, 422);
      assert.match(String(reused.headers['content-type']), /^application\/problem\+json/);
      const problem = reused.json<{ type: string; detail: string }>();
      assert.equal(problem.type, 'urn:ocw:problem:idempotency-key-reused');
      assert.match(problem.detail, /different request/);
      assert.equal(await named('Second Body'), 0);
    });

    it('keeps nothing of a request that failed, so that the key can be used to try again', async () => {
      const bad = await post({ name: '' }, 'key-after-failure');
      assert.equal(bad.statusCode, 400);
      const good = await post({ name: 'After Failure' }, 'key-after-failure');
      assert.equal(good.statusCode, 201);
      assert.equal(good.headers['idempotent-replayed'], undefined);
      assert.equal(await named('After Failure'), 1);
    });

    it('keeps keys apart per token: another token may use the same key', async () => {
      assert.equal((await post({ name: 'Per Token' }, 'key-shared')).statusCode, 201);
      const other = await t.app.inject({
        method: 'POST',
        url: '/api/v1/trusts/beta/localities',
        headers: {
          authorization: `Bearer ${t.token('beta')}`,
          'content-type': 'application/json',
          'idempotency-key': 'key-shared',
        },
        payload: JSON.stringify({ name: 'Per Token' }),
      });
      assert.equal(other.statusCode, 201);
      assert.equal(other.headers['idempotent-replayed'], undefined);
    });

    it('creates once when two requests with one key arrive together', async () => {
      const answers = await Promise.all([
        post({ name: 'Together' }, 'key-together'),
        post({ name: 'Together' }, 'key-together'),
      ]);
      assert.equal(await named('Together'), 1);
      const statuses = answers.map((a) => a.statusCode).sort();
      assert.ok(
        JSON.stringify(statuses) === '[201,201]' || JSON.stringify(statuses) === '[201,409]',
        `statuses ${JSON.stringify(statuses)}`,
      );
    });

    it('refuses a malformed key', async () => {
      const response = await post({ name: 'Bad Key' }, 'x'.repeat(300));
      assert.equal(response.statusCode, 400);
      assert.equal(
        response.json<{ type: string }>().type,
        'urn:ocw:problem:invalid-idempotency-key',
      );
      assert.equal(await named('Bad Key'), 0);
    });

    it('fingerprints by method, address and body, whatever the order of keys', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (body) => {
          const reversed = Object.fromEntries(Object.entries(body).reverse());
          assert.equal(fingerprint('POST', url, body), fingerprint('POST', url, reversed));
          assert.notEqual(fingerprint('POST', url, body), fingerprint('POST', `${url}x`, body));
          assert.notEqual(
            fingerprint('POST', url, body),
            fingerprint('POST', url, { ...body, ['extra key']: 1 }),
          );
        }),
      );
    });
  });
});

describe('API manners in the OpenAPI document', () => {
  const t = useApp({ signIn: ['trust-admin'] });

  it('offers Idempotency-Key on every POST, If-None-Match and ETag on every GET, and 429 everywhere', async () => {
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json<{
      paths: Record<
        string,
        Record<
          string,
          {
            parameters: { $ref?: string }[];
            responses: Record<string, { headers?: Record<string, unknown> }>;
          }
        >
      >;
    }>();
    let posts = 0;
    for (const operations of Object.values(doc.paths))
      for (const [method, op] of Object.entries(operations)) {
        const refs = op.parameters.map((p) => p.$ref);
        assert.ok(op.responses['429'], `${method} has 429`);
        if (method === 'post') {
          posts++;
          assert.ok(refs.includes('#/components/parameters/IdempotencyKey'));
          assert.ok(op.responses['422']);
        }
        if (method === 'get') {
          assert.ok(refs.includes('#/components/parameters/IfNoneMatch'));
          assert.ok(op.responses['304']);
          assert.ok(op.responses['200']?.headers?.ETag);
        }
      }
    assert.ok(posts > 5);
  });

  it('lists the shared header parameters by name on the documentation page', async () => {
    const page = dom((await t.as('trust-admin').get('/api/docs')).body);
    const cells = page.texts('table td, table th');
    assert.ok(cells.includes('Idempotency-Key'));
    assert.ok(cells.includes('If-None-Match'));
    assert.ok(cells.includes('header'));
  });
});

describe('API rate limit per token', () => {
  const t = useApp({ tokens: ['trust-admin', 'viewer'], env: { API_RATE_LIMIT: '3' } });
  const url = '/api/v1/trusts/alpha/localities';

  it('says how many calls are left, then answers 429 with Retry-After; other tokens go on', async () => {
    // Windows are whole minutes: start early in one, so that the five calls share it.
    const second = new Date().getSeconds();
    if (second > 50) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
    const left: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await t.api('trust-admin', 'GET', url);
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['ratelimit-policy'], '"per-token";q=3;w=60');
      left.push(String(response.headers.ratelimit).replace(/;t=\d+$/, ''));
    }
    assert.deepEqual(left, ['"per-token";r=2', '"per-token";r=1', '"per-token";r=0']);
    const over = await t.api('trust-admin', 'GET', url);
    assert.equal(over.statusCode, 429);
    const wait = Number(over.headers['retry-after']);
    assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
    const problem = over.json<{ type: string; detail: string }>();
    assert.equal(problem.type, 'urn:ocw:problem:too-many-requests');
    assert.match(problem.detail, /more than 3 calls in a minute/);
    assert.equal((await t.api('viewer', 'GET', url)).statusCode, 200);
  });
});
