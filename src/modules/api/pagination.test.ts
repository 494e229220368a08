import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import { useApp } from '../../../test/build.ts';
import { localities } from '../../db/schema/index.ts';
import { decodeCursor, encodeCursor, pageOf, type After } from './pagination.ts';

// Every list of the API pages by cursor and filters by its items' properties: a client walks
// a list by following Link headers and gets every item once, in order.

interface Problem {
  type: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

/** The address of a Link header's next page, as the app is asked for it. */
function nextOf(response: LightMyRequestResponse): string | undefined {
  const link = response.headers.link;
  if (link === undefined) return undefined;
  const match = /^<http:\/\/ocw\.test([^>]+)>; rel="next"$/.exec(String(link));
  assert.ok(match?.[1], `a next link: ${String(link)}`);
  return match[1];
}

describe('API lists: pages and filters', () => {
  const t = useApp({ tokens: ['trust-admin', 'viewer', 'beta'] });
  const base = '/api/v1/trusts/alpha';
  const get = (url: string) => t.api('trust-admin', 'GET', url);
  type Named = { id: string; name: string };

  /** Follows Link headers from the first page to the last, keeping every page. */
  async function walk(url: string): Promise<LightMyRequestResponse[]> {
    const pages: LightMyRequestResponse[] = [];
    let next: string | undefined = url;
    while (next !== undefined) {
      const page = await get(next);
      assert.equal(page.statusCode, 200, page.body);
      pages.push(page);
      assert.ok(pages.length < 100, 'the walk ends');
      next = nextOf(page);
    }
    return pages;
  }
  const addPlaces = async (names: string[]) => {
    for (const name of names)
      assert.equal(
        (await t.api('trust-admin', 'POST', `${base}/localities`, { name })).statusCode,
        201,
      );
  };
  const places = Array.from({ length: 23 }, (_, i) => `Place ${String(i + 1).padStart(2, '0')}`);

  it('walks a list page by page to the end and gives every item once, in order', async () => {
    await addPlaces(places);
    const whole = (await get(`${base}/localities?limit=500`)).json<Named[]>();
    assert.equal(whole.length, 23);
    const pages = await walk(`${base}/localities?limit=5`);
    assert.deepEqual(
      pages.map((p) => p.json<Named[]>().length),
      [5, 5, 5, 5, 3],
    );
    assert.deepEqual(
      pages.flatMap((p) => p.json<Named[]>()),
      whole,
    );
    for (const page of pages) assert.equal(page.headers['x-total-count'], '23');
    // The last page says there is none after it; the others keep the limit in their Link.
    assert.equal(pages.at(-1)?.headers.link, undefined);
    assert.match(String(pages[0]?.headers.link), /[?&]limit=5(&|>)/);
    // Without a limit, a page holds up to 100 items: here the whole list, with no Link.
    const plain = await get(`${base}/localities`);
    assert.deepEqual(plain.json(), whole);
    assert.equal(plain.headers.link, undefined);
  });

  it('neither repeats nor skips an item when one is added before the cursor', async () => {
    const before = (await get(`${base}/localities?limit=500`)).json<Named[]>();
    const first = await get(`${base}/localities?limit=4`);
    await addPlaces(['Aardvark Lane']);
    const rest = await walk(nextOf(first) ?? assert.fail('a next page'));
    const seen = [...first.json<Named[]>(), ...rest.flatMap((p) => p.json<Named[]>())];
    assert.deepEqual(seen, before);
  });

  it('refuses a cursor whose last item is no longer in the list', async () => {
    const first = await get(`${base}/localities?limit=3`);
    const last = first.json<Named[]>().at(-1) ?? assert.fail('an item');
    await t.db.withTrust(t.alpha.id, (tx) =>
      tx.delete(localities).where(eq(localities.id, last.id)),
    );
    const stale = await get(nextOf(first) ?? assert.fail('a next page'));
    assert.equal(stale.statusCode, 400);
    const problem = stale.json<Problem>();
    assert.equal(problem.type, 'urn:ocw:problem:bad-cursor');
    assert.match(problem.detail, /no longer in the list/);
  });

  it('filters lists by their items’ properties, and keeps the filter on the next pages', async () => {
    const one = await get(`${base}/localities?name=${encodeURIComponent('Place 07')}`);
    assert.deepEqual(
      one.json<Named[]>().map((l) => l.name),
      ['Place 07'],
    );
    assert.equal(one.headers['x-total-count'], '1');
    assert.deepEqual((await get(`${base}/localities?name=Nowhere`)).json(), []);

    await addRound(t.db, t.alpha.id, { title: 'Planned one', status: 'planning' });
    await addRound(t.db, t.alpha.id, { title: 'Planned two', status: 'planning' });
    await addRound(t.db, t.alpha.id, { title: 'Collecting one', status: 'collecting' });
    const planning = await walk(`${base}/rounds?status=planning&limit=1`);
    assert.equal(planning.length, 2);
    const titles = planning.flatMap((p) => p.json<{ title: string; status: string }[]>());
    assert.deepEqual(titles.map((r) => r.title).sort(), ['Planned one', 'Planned two']);
    assert.match(String(planning[0]?.headers.link), /status=planning/);
    const collecting = (await get(`${base}/rounds?status=collecting`)).json<{ title: string }[]>();
    assert.deepEqual(
      collecting.map((r) => r.title),
      ['Collecting one'],
    );
    // A number is read as a number.
    assert.equal((await get(`${base}/rounds?responses=0`)).json<unknown[]>().length, 3);
  });

  it('filters people by a role they hold and by a true-or-false property', async () => {
    const viewers = (await get(`${base}/users?roles=viewer`)).json<{ email: string }[]>();
    assert.deepEqual(
      viewers.map((u) => u.email),
      [t.world.users.viewer],
    );
    const everyone = (await get(`${base}/users`)).json<unknown[]>();
    assert.equal(
      (await get(`${base}/users?invited=false`)).json<unknown[]>().length,
      everyone.length,
    );
    assert.deepEqual((await get(`${base}/users?invited=true`)).json(), []);
    await addSectors(t.db, t.alpha.id);
    const sectors = (await get(`${base}/sectors?custom=false&headcount=400`)).json<
      { key: string }[]
    >();
    assert.deepEqual(
      sectors.map((s) => s.key),
      ['schools'],
    );
    assert.ok((await get(`${base}/sectors?headcount=null`)).statusCode === 200);
  });

  it('refuses a filter value that is not of the property’s type, naming the field', async () => {
    const cases: [string, string][] = [
      [`${base}/rounds?status=sleeping`, 'query.status'],
      [`${base}/rounds?responses=many`, 'query.responses'],
      [`${base}/users?invited=maybe`, 'query.invited'],
      [`${base}/users?roles=emperor`, 'query.roles'],
      [`${base}/localities?name=a&name=b`, 'query.name'],
    ];
    for (const [url, field] of cases) {
      const response = await get(url);
      assert.equal(response.statusCode, 400, url);
      assert.deepEqual(
        response.json<Problem>().errors?.map((e) => e.field),
        [field],
        url,
      );
    }
  });

  it('refuses an unknown query parameter on a list, naming the filters it takes', async () => {
    const response = await get(`${base}/localities?sector=schools`);
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const problem = response.json<Problem>();
    assert.equal(problem.type, 'urn:ocw:problem:unknown-filter');
    assert.match(problem.detail, /sector/);
    assert.match(problem.detail, /takes id, name, limit, cursor/);
    // Organisations do have a sector.
    assert.equal((await get(`${base}/organisations?sector=schools`)).statusCode, 200);
  });

  it('refuses a cursor of another list, of other filters, or one that was changed', async () => {
    const cursor = new URL(
      `http://ocw.test${nextOf(await get(`${base}/localities?limit=2`)) ?? assert.fail('a next page')}`,
    ).searchParams.get('cursor');
    assert.ok(cursor);
    const tries = [
      `${base}/organisations?cursor=${cursor}`,
      `${base}/localities?name=Place%2002&cursor=${cursor}`,
      `/api/v1/trusts/beta/localities?cursor=${cursor}`,
      `${base}/localities?cursor=${cursor.slice(0, -1)}${cursor.endsWith('A') ? 'B' : 'A'}`,
      `${base}/localities?cursor=${cursor.replace(/^./, (c) => (c === 'e' ? 'f' : 'e'))}`,
      `${base}/localities?cursor=nonsense`,
      `${base}/localities?cursor=`,
    ];
    for (const url of tries) {
      const holder = url.includes('/beta/') ? 'beta' : 'trust-admin';
      const response = await t.api(holder, 'GET', url);
      assert.equal(response.statusCode, 400, url);
      assert.equal(response.json<Problem>().type, 'urn:ocw:problem:bad-cursor', url);
    }
    const other = await get(`${base}/organisations?cursor=${cursor}`);
    assert.match(other.json<Problem>().detail, /another list/);
    // With its own list, the same cursor goes on.
    assert.equal((await get(`${base}/localities?cursor=${cursor}`)).statusCode, 200);
  });

  it('takes a limit from 1 to 500 and refuses any other', async () => {
    for (const limit of ['1', '500']) {
      const response = await get(`${base}/localities?limit=${limit}`);
      assert.equal(response.statusCode, 200);
      assert.ok(response.json<unknown[]>().length <= Number(limit));
    }
    assert.equal((await get(`${base}/localities?limit=1`)).json<unknown[]>().length, 1);
    for (const limit of ['0', '501', '-1', '1.5', 'ten', '', '99999']) {
      const response = await get(`${base}/localities?limit=${limit}`);
      assert.equal(response.statusCode, 400, limit);
      assert.deepEqual(
        response.json<Problem>().errors?.map((e) => e.field),
        ['query.limit'],
      );
    }
  });

  it('pages a long list by 100 when no limit is given', async () => {
    await t.db.withTrust(t.alpha.id, (tx) =>
      tx.insert(localities).values(
        Array.from({ length: 120 }, (_, i) => ({
          trustId: t.alpha.id,
          name: `Zone ${String(i).padStart(3, '0')}`,
        })),
      ),
    );
    const first = await get(`${base}/localities`);
    assert.equal(first.json<unknown[]>().length, 100);
    const total = Number(first.headers['x-total-count']);
    assert.ok(total > 120);
    const second = await get(nextOf(first) ?? assert.fail('a next page'));
    assert.equal(second.json<unknown[]>().length, total - 100);
    assert.equal(second.headers.link, undefined);
  });

  it('keeps its pages apart per trust: another trust’s list is its own', async () => {
    const beta = await t.api('beta', 'GET', '/api/v1/trusts/beta/localities?limit=1');
    assert.equal(beta.statusCode, 200);
    assert.equal(beta.headers['x-total-count'], '0');
    assert.equal((await t.api('beta', 'GET', `${base}/localities?limit=1`)).statusCode, 404);
  });
});

describe('cursor pagination of a list in memory', () => {
  /** Every page from the first, following each page's cursor through its text form. */
  function walkAll<T>(items: readonly T[], keyField: string | undefined, limit: number): T[] {
    const seen: T[] = [];
    let after: After | undefined;
    for (let pages = 0; pages <= items.length + 1; pages++) {
      const page = pageOf(items, keyField, after, limit);
      seen.push(...page.items);
      if (page.next === undefined) return seen;
      assert.ok(page.items.length === limit, 'only the last page is short');
      after = decodeCursor(encodeCursor('list', page.next), 'list');
    }
    assert.fail('the walk does not end');
  }

  it('gives exactly the items in order, for any size of list and limit, keyed or not', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.oneof(fc.uuid(), fc.integer()), { maxLength: 60 }),
        fc.integer({ min: 1, max: 25 }),
        fc.boolean(),
        (keys, limit, keyed) => {
          const items = keys.map((id, position) => ({ id, position }));
          assert.deepEqual(walkAll(items, keyed ? 'id' : undefined, limit), items);
        },
      ),
    );
  });

  it('goes on after the last item given when items are added before it', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.uuid(), { minLength: 2, maxLength: 40 }),
        fc.integer({ min: 1, max: 10 }),
        fc.uuid(),
        (ids, limit, added) => {
          fc.pre(!ids.includes(added));
          const items = ids.map((id) => ({ id }));
          const first = pageOf(items, 'id', undefined, limit);
          fc.pre(first.next !== undefined);
          const grown = [{ id: added }, ...items];
          const rest = walkAllFrom(grown, first.next, limit);
          assert.deepEqual([...first.items, ...rest], items);
        },
      ),
    );
  });

  function walkAllFrom<T>(items: readonly T[], start: After | undefined, limit: number): T[] {
    const seen: T[] = [];
    let after = start;
    for (;;) {
      const page = pageOf(items, 'id', after, limit);
      seen.push(...page.items);
      if (page.next === undefined) return seen;
      after = page.next;
    }
  }

  it('names the list in the cursor and catches a changed character', () => {
    const cursor = encodeCursor('list-a', { key: 'abc' });
    assert.deepEqual(decodeCursor(cursor, 'list-a'), { key: 'abc' });
    assert.throws(() => decodeCursor(cursor, 'list-b'), /another list/);
    fc.assert(
      fc.property(
        fc.nat(cursor.length - 1),
        fc.constantFrom('A', 'B', 'x', 'z', '0', '9', '-', '_'),
        (at, c) => {
          fc.pre(cursor[at] !== c);
          const changed = `${cursor.slice(0, at)}${c}${cursor.slice(at + 1)}`;
          assert.throws(() => decodeCursor(changed, 'list-a'), { statusCode: 400 });
        },
      ),
    );
  });
});
