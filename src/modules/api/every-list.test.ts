import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import {
  addAnalysisWorkshop,
  addLink,
  addQuestionnaire,
  addRound,
  addSectors,
} from '../../../test/fixtures.ts';
import { useApp, type TokenHolder } from '../../../test/build.ts';
import { fillRoute, paramsOf } from '../../../test/hostile-input-support.ts';
import { actions, localities, organisations, users } from '../../db/schema/index.ts';
import type { ApiOperation } from '../../web/api-route.ts';
import { listSpecOf } from './lists.ts';
import { everyOperation } from './testing.ts';

// Every list operation there is — present and future, read from the list of operations —
// pages and filters alike: ?limit=1 gives at most one item and a Link to the rest, each
// filter keeps only the items that match, and an unknown query parameter is refused.

const isScalar = (v: unknown): v is string | number | boolean | null =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

const HOLDERS: readonly TokenHolder[] = ['trust-admin', 'system-admin', 'national-analyst'];

describe('every list of the API', () => {
  const t = useApp({ tokens: HOLDERS });
  const lists = everyOperation().filter((def) => listSpecOf(def) !== undefined);
  const values: Record<string, string> = { trust: 'alpha', version: '2026.1' };

  before(async () => {
    const alpha = t.alpha.id;
    const [health, schools] = await addSectors(t.db, alpha);
    const round = await addRound(t.db, alpha);
    await addRound(t.db, alpha, { status: 'planning' });
    const questionnaire = await addQuestionnaire(t.db, alpha, round.id);
    await addQuestionnaire(t.db, alpha, round.id, { audience: 'managers', title: 'Managers' });
    const link = await addLink(t.db, alpha, questionnaire.id);
    await addLink(t.db, alpha, questionnaire.id);
    const workshop = await addAnalysisWorkshop(t.db, alpha, round.id, [
      { dimensionKey: 'shared-vision', score: '2.5' },
    ]);
    await addAnalysisWorkshop(t.db, alpha, round.id, [{ dimensionKey: 'shared-vision', stage: 2 }]);
    const places = await t.db.withTrust(alpha, (tx) =>
      tx
        .insert(localities)
        .values([
          { trustId: alpha, name: 'North' },
          { trustId: alpha, name: 'South' },
        ])
        .returning(),
    );
    const partners = await t.db.withTrust(alpha, (tx) =>
      tx
        .insert(organisations)
        .values([
          { trustId: alpha, name: 'Hill School', sectorId: schools?.id ?? '' },
          { trustId: alpha, name: 'Vale Surgery', sectorId: health?.id ?? '' },
        ])
        .returning(),
    );
    for (const [number, title] of [
      ['1', 'Agree a shared induction'],
      ['2', 'Map the training offered'],
    ] as const) {
      const created = await t.api('trust-admin', 'POST', '/api/v1/trusts/alpha/actions', {
        number,
        title,
      });
      assert.equal(created.statusCode, 201, created.body);
    }
    const [action] = await t.db.withTrust(alpha, (tx) => tx.select().from(actions).limit(1));
    for (const text of ['Draft shared with the board', 'Board agreed the draft'])
      await t.api(
        'trust-admin',
        'POST',
        `/api/v1/trusts/alpha/actions/${action?.id ?? ''}/updates`,
        {
          updatedOn: '2026-01-10',
          text,
          status: 'in-progress',
        },
      );
    const [person] = await t.db.asSystem((tx) => tx.select().from(users).limit(1));
    Object.assign(values, {
      round: round.id,
      questionnaire: questionnaire.id,
      link: link.id,
      workshop: workshop.id,
      sector: schools?.key ?? '',
      locality: places[0]?.id ?? '',
      organisation: partners[0]?.id ?? '',
      user: person?.id ?? '',
      action: action?.id ?? '',
    });
  });

  /** The address of a list with its path filled from the seeded data. */
  const addressOf = (def: ApiOperation) =>
    fillRoute(def.url, (param) => {
      const value = values[param];
      assert.ok(value, `${def.url}: give :${param} a seeded value in this test`);
      return encodeURIComponent(value);
    });
  /** A token that may call the list: a trust admin's, else a global role it allows. */
  const holderOf = (def: ApiOperation): TokenHolder =>
    def.roles === undefined || def.roles.includes('trust-admin')
      ? 'trust-admin'
      : (HOLDERS.find((h) => def.roles?.includes(h as never)) ?? assert.fail(def.url));
  const call = (def: ApiOperation, query: string) =>
    t.api(holderOf(def), 'GET', `${addressOf(def)}${query}`);
  const itemsOf = (response: LightMyRequestResponse, label: string) => {
    assert.equal(response.statusCode, 200, `${label}: ${response.body.slice(0, 300)}`);
    return response.json<Record<string, unknown>[]>();
  };

  it('finds the lists among the operations', () => {
    for (const url of ['/api/v1/trusts/:trust/localities', '/api/v1/trusts/:trust/rounds'])
      assert.ok(lists.some((def) => def.url === url));
    for (const def of lists) assert.equal(paramsOf(def.url).includes('*'), false);
  });

  it('gives at most one item with ?limit=1, and a Link to the rest', async () => {
    let linked = 0;
    for (const def of lists) {
      const label = `GET ${def.url}`;
      const page = await call(def, '?limit=1');
      const items = itemsOf(page, label);
      assert.ok(items.length <= 1, label);
      const total = Number(page.headers['x-total-count']);
      assert.ok(Number.isInteger(total) && total >= items.length, label);
      assert.equal(page.headers.link !== undefined, total > 1, label);
      if (total < 2) continue;
      linked++;
      const next = /^<http:\/\/ocw\.test([^>]+)>; rel="next"$/.exec(String(page.headers.link));
      const address = next?.[1] ?? assert.fail(`${label}: Link ${String(page.headers.link)}`);
      assert.ok(address.includes('limit=1'), label);
      const second = itemsOf(await t.api(holderOf(def), 'GET', address), label);
      assert.equal(second.length, 1, label);
      assert.notDeepEqual(second, items, label);
    }
    assert.ok(linked >= 5, `${String(linked)} lists had a second page`);
  });

  it('refuses an unknown query parameter on every list', async () => {
    for (const def of lists) {
      const response = await call(def, '?no-such-filter=1');
      assert.equal(response.statusCode, 400, `GET ${def.url}`);
      const problem = response.json<{ type: string; detail: string }>();
      assert.equal(problem.type, 'urn:ocw:problem:unknown-filter', `GET ${def.url}`);
      assert.match(problem.detail, /no-such-filter/);
    }
  });

  it('keeps, for each filter of each list, exactly the items with the value asked for', async () => {
    let checked = 0;
    for (const def of lists) {
      const spec = listSpecOf(def);
      const all = itemsOf(await call(def, '?limit=500'), `GET ${def.url}`);
      const first = all[0];
      if (spec === undefined || first === undefined) continue;
      for (const filter of spec.filters) {
        const property: unknown = first[filter.name];
        const value: unknown = filter.many && Array.isArray(property) ? property[0] : property;
        if (!isScalar(value) || (value === null && !filter.nullable)) continue;
        const text = String(value);
        const label = `GET ${def.url}?${filter.name}=${text}`;
        const query = `?limit=500&${filter.name}=${encodeURIComponent(text)}`;
        const kept = itemsOf(await call(def, query), label);
        const matches = (item: Record<string, unknown>): boolean => {
          const p = item[filter.name] ?? null;
          return Array.isArray(p) ? p.includes(value) : p === value;
        };
        assert.deepEqual(kept, all.filter(matches), label);
        assert.ok(kept.length >= 1, label);
        checked++;
      }
    }
    assert.ok(checked >= 20, `${String(checked)} filters checked`);
  });
});
