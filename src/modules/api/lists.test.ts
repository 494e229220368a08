import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { useApp } from '../../../test/build.ts';
import { defineApiRoute } from '../../web/api-route.ts';
import { Preconditions } from './if-match.ts';
import { listSpecOf } from './lists.ts';
import { mountApiRoute } from './mount.ts';

// A list that has query parameters of its own: they keep their meaning (the handler reads
// them), are not taken for filters even when an item has a property of the same name, and
// stay in the Link of the next page; the other properties filter as usual.

const seen: unknown[] = [];

const sample = defineApiRoute({
  method: 'GET',
  url: '/api/v1/trusts/:trust/samples',
  summary: 'Samples',
  tag: 'Samples',
  params: z.object({ trust: z.string() }),
  query: z.object({
    format: z.enum(['full', 'short']).default('full'),
    status: z.string().optional().describe('Read by the operation itself'),
  }),
  response: z.array(
    z.object({
      code: z.string(),
      status: z.string(),
      size: z.number().int(),
      note: z.string().nullable(),
      tags: z.array(z.string()),
      made: z.object({ by: z.string() }),
    }),
  ),
  handler: (ctx) => {
    seen.push(ctx.query);
    return Array.from({ length: 7 }, (_, i) => ({
      code: `s${String(i)}`,
      status: ctx.query.format === 'short' ? 'short' : i % 2 === 0 ? 'even' : 'odd',
      size: i % 3,
      note: i === 0 ? null : `note ${String(i)}`,
      tags: i < 2 ? ['first'] : [],
      made: { by: 'someone' },
    }));
  },
});

describe('a list with query parameters of its own', () => {
  const t = useApp({
    tokens: ['viewer'],
    configure: (app, db) => {
      void app.register((child, _options, done) => {
        mountApiRoute(
          child,
          {
            db,
            rateLimit: 1000,
            baseUrl: 'http://ocw.test',
            operations: [sample],
            preconditions: new Preconditions(),
          },
          sample,
        );
        done();
      });
    },
  });
  const get = async (query: string) =>
    t.api('viewer', 'GET', `/api/v1/trusts/alpha/samples${query}`);

  it('takes scalar properties as filters, but not the names the operation reads itself', () => {
    const spec = listSpecOf(sample) ?? assert.fail('a list');
    assert.deepEqual(
      spec.filters.map((f) => f.name),
      ['code', 'size', 'note', 'tags'],
    );
    assert.equal(spec.keyField, 'code');
  });

  it('hands its own parameters to the operation and filters by the others', async () => {
    seen.length = 0;
    const short = await get('?format=short&status=anything&size=1');
    assert.equal(short.statusCode, 200, short.body);
    assert.deepEqual(seen, [{ format: 'short', status: 'anything' }]);
    const items = short.json<{ code: string; status: string; size: number }[]>();
    assert.deepEqual(
      items.map((i) => i.code),
      ['s1', 's4'],
    );
    assert.ok(items.every((i) => i.status === 'short'));
    assert.equal((await get('?note=null')).json<{ code: string }[]>()[0]?.code, 's0');
    assert.equal((await get('?tags=first')).headers['x-total-count'], '2');
    // Its own schema still checks its own parameters.
    const bad = await get('?format=long');
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field),
      ['query.format'],
    );
  });

  it('keeps its own parameters in the Link of the next page, in one list per value', async () => {
    const first = await get('?format=short&limit=3');
    const link = String(first.headers.link);
    assert.match(link, /format=short/);
    assert.match(link, /limit=3/);
    const cursor = /cursor=([^&>]+)/.exec(link)?.[1] ?? assert.fail(link);
    const next = await get(`?format=short&limit=3&cursor=${cursor}`);
    assert.deepEqual(
      next.json<{ code: string }[]>().map((i) => i.code),
      ['s3', 's4', 's5'],
    );
    // The same cursor with another value of the operation's own parameter is another list.
    const other = await get(`?format=full&limit=3&cursor=${cursor}`);
    assert.equal(other.statusCode, 400);
    assert.equal(other.json<{ type: string }>().type, 'urn:ocw:problem:bad-cursor');
  });

  it('names its own parameters among those it takes when refusing an unknown one', async () => {
    const response = await get('?made=someone');
    assert.equal(response.statusCode, 400);
    assert.match(
      response.json<{ detail: string }>().detail,
      /takes format, status, code, size, note, tags, limit, cursor/,
    );
  });
});
