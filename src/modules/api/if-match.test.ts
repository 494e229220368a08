import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { addSectors } from '../../../test/fixtures.ts';
import { useApp } from '../../../test/build.ts';
import { trustSectors } from '../../db/schema/index.ts';
import { ifMatches, twinOf } from './if-match.ts';
import { everyOperation } from './testing.ts';

// An update sent with If-Match is made only while the resource still has the ETag the client
// read; otherwise 412 and nothing changes. Updates without a resource to read refuse it.

interface Problem {
  type: string;
  detail: string;
}

interface Round {
  id: string;
  title: string;
  status: string;
}

const Y = new Date().getFullYear() + 1;

describe('If-Match on API updates', () => {
  const t = useApp({
    tokens: ['trust-admin', 'viewer', 'beta'],
    env: { API_RATE_LIMIT: '1000' },
    // Answering a read of a round is slow here, so that two changes sent together would
    // both read it before either writes, if nothing held the second back.
    configure: (app) =>
      app.addHook('onSend', async (request) => {
        if (request.method === 'GET' && /\/rounds\/[0-9a-f-]{36}$/.test(request.url))
          await new Promise((resolve) => setTimeout(resolve, 40));
      }),
  });
  const rounds = '/api/v1/trusts/alpha/rounds';
  let round = '';

  const send = (
    method: 'GET' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    ifMatch?: string,
    holder: 'trust-admin' | 'beta' = 'trust-admin',
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${t.token(holder)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const details = (title: string) => ({
    title,
    startsOn: `${Y}-01-01`,
    endsOn: `${Y}-12-31`,
  });
  const read = async () => {
    const response = await send('GET', `${rounds}/${round}`);
    assert.equal(response.statusCode, 200);
    return { tag: String(response.headers.etag), round: response.json<Round>() };
  };

  it('makes a change sent with the current ETag, and answers with the new one', async () => {
    const created = await t.api('trust-admin', 'POST', rounds, {
      ...details('Tagged round'),
      frameworkVersion: '2026.1',
    });
    assert.equal(created.statusCode, 201, created.body);
    round = created.json<Round>().id;
    const { tag } = await read();
    const changed = await send('PUT', `${rounds}/${round}/details`, details('Retitled'), tag);
    assert.equal(changed.statusCode, 200, changed.body);
    const now = await read();
    assert.equal(now.round.title, 'Retitled');
    assert.notEqual(now.tag, tag);
    // The answer's ETag is the round's as a GET now gives it: ready for the next change.
    assert.equal(changed.headers.etag, now.tag);
    const moved = await send('PATCH', `${rounds}/${round}`, { status: 'collecting' }, now.tag);
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.headers.etag, (await read()).tag);
  });

  it('refuses a change sent with an old ETag with 412, and changes nothing', async () => {
    const old = await read();
    assert.equal(
      (await send('PUT', `${rounds}/${round}/details`, details('Changed by another'))).statusCode,
      200,
    );
    const meanwhile = await read();
    const stale = await send('PUT', `${rounds}/${round}/details`, details('Lost update'), old.tag);
    assert.equal(stale.statusCode, 412);
    assert.match(String(stale.headers['content-type']), /^application\/problem\+json/);
    const problem = stale.json<Problem>();
    assert.equal(problem.type, 'urn:ocw:problem:precondition-failed');
    assert.match(problem.detail, /changed since you read it/);
    assert.deepEqual(await read(), meanwhile);
    const status = await send('PATCH', `${rounds}/${round}`, { status: 'analysing' }, old.tag);
    assert.equal(status.statusCode, 412);
    assert.equal((await read()).round.status, meanwhile.round.status);
    // A weak tag never matches an update (strong comparison), nor does a list without it.
    for (const header of [`W/${meanwhile.tag}`, '"other", "tags"'])
      assert.equal(
        (await send('PUT', `${rounds}/${round}/details`, details('No'), header)).statusCode,
        412,
      );
    assert.equal((await read()).round.title, 'Changed by another');
  });

  it('takes *, a list holding the current tag, and no If-Match at all', async () => {
    assert.equal(
      (await send('PUT', `${rounds}/${round}/details`, details('Star'), '*')).statusCode,
      200,
    );
    const { tag } = await read();
    const listed = await send(
      'PUT',
      `${rounds}/${round}/details`,
      details('Listed'),
      `"x", ${tag}`,
    );
    assert.equal(listed.statusCode, 200);
    assert.equal(
      (await send('PUT', `${rounds}/${round}/details`, details('Bare'))).statusCode,
      200,
    );
    assert.equal((await read()).round.title, 'Bare');
  });

  it('answers 404 for a resource that is not there, or is another trust’s', async () => {
    const missing = await send(
      'PUT',
      `${rounds}/00000000-0000-4000-8000-000000000000/details`,
      details('Nobody'),
      '*',
    );
    assert.equal(missing.statusCode, 404);
    const other = await send('PUT', `${rounds}/${round}/details`, details('Theirs'), '*', 'beta');
    assert.equal(other.statusCode, 404);
    assert.equal((await read()).round.title, 'Bare');
  });

  it('lets one of two changes sent together with the same ETag through, never both', async () => {
    const { tag } = await read();
    const answers = await Promise.all(
      ['First', 'Second'].map((title) =>
        send('PUT', `${rounds}/${round}/details`, details(title), tag),
      ),
    );
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 412]);
    const won = answers.findIndex((a) => a.statusCode === 200) === 0 ? 'First' : 'Second';
    assert.equal((await read()).round.title, won);
  });

  it('counts a change with If-Match as one call against the rate limit', async () => {
    const { tag } = await read();
    const left = (r: { headers: Record<string, unknown> }) =>
      Number(/r=(\d+)/.exec(String(r.headers.ratelimit))?.[1]);
    // Both calls fall in one window of the limit: start early enough in it.
    const probe = await send('GET', `${rounds}/${round}`);
    const reset = Number(/t=(\d+)/.exec(String(probe.headers.ratelimit))?.[1]);
    if (reset < 5) await new Promise((resolve) => setTimeout(resolve, (reset + 1) * 1000));
    const before = await send('GET', `${rounds}/${round}`);
    const change = await send('PUT', `${rounds}/${round}/details`, details('Counted'), tag);
    assert.equal(change.statusCode, 200);
    assert.equal(left(change), left(before) - 1);
  });

  it('refuses If-Match where the update has no resource to read, and changes nothing', async () => {
    const [sector] = await addSectors(t.db, t.alpha.id, [{ key: 'police', name: 'Police' }]);
    const url = '/api/v1/trusts/alpha/sectors/police/headcount';
    const refused = await send('PUT', url, { headcount: 55 }, '*');
    assert.equal(refused.statusCode, 400);
    const problem = refused.json<Problem>();
    assert.equal(problem.type, 'urn:ocw:problem:if-match-unsupported');
    assert.match(problem.detail, /If-Match is not supported here/);
    const [row] = await t.db.withTrust(t.alpha.id, (tx) =>
      tx
        .select()
        .from(trustSectors)
        .where(eq(trustSectors.id, sector?.id ?? '')),
    );
    assert.equal(row?.headcount, null);
    assert.equal((await send('PUT', url, { headcount: 55 })).statusCode, 200);
  });
});

describe('If-Match in the OpenAPI document', () => {
  const t = useApp();
  type Op = {
    parameters: { $ref?: string }[];
    responses: Record<string, { headers?: Record<string, unknown> }>;
  };

  it('offers If-Match and 412 on the updates whose resource can be read, and only there', async () => {
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, Record<string, Op>>;
    }>();
    const operations = everyOperation();
    let offered = 0;
    for (const def of operations) {
      const op = doc.paths[def.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[def.method.toLowerCase()];
      assert.ok(op, `${def.method} ${def.url} documented`);
      const takes = op.parameters.some((p) => p.$ref === '#/components/parameters/IfMatch');
      const twin = twinOf(def, operations);
      assert.equal(takes, twin !== undefined, `${def.method} ${def.url}`);
      assert.equal(op.responses['412'] !== undefined, twin !== undefined);
      if (twin !== undefined && def.method !== 'DELETE')
        assert.ok(op.responses['200']?.headers?.ETag);
      if (takes) offered++;
    }
    assert.ok(offered >= 2, String(offered));
    const details = doc.paths['/api/v1/trusts/{trust}/rounds/{round}/details']?.put;
    assert.ok(details?.parameters.some((p) => p.$ref === '#/components/parameters/IfMatch'));
  });

  it('compares tags strongly, in lists and with *', () => {
    assert.equal(ifMatches('"a"', '"a"'), true);
    assert.equal(ifMatches(' "b" , "a"', '"a"'), true);
    assert.equal(ifMatches('*', '"a"'), true);
    assert.equal(ifMatches('W/"a"', '"a"'), false);
    assert.equal(ifMatches('"b"', '"a"'), false);
    assert.equal(ifMatches('', '"a"'), false);
  });
});
