import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client.ts';
import { dom, useApp } from '../../../../test/build.ts';
import { actionValues } from '../../../../test/actions-world.ts';
import { createAction } from '../service.ts';
import { addUpdate } from '../updates.ts';
import type { ActionValues } from '../types.ts';

// The plan's pages by role: who sees which links and may post what, the filters and sorts of
// the plan, My actions, the actions needing attention, another trust's action, and the plan
// table's downloads.

describe('the action plan’s pages', () => {
  const t = useApp({
    signIn: ['trust-admin', 'contributor', 'action-lead', 'viewer', 'betaAdmin'],
  });
  const base = '/trusts/alpha/actions';
  const ids: Record<string, string> = {};
  let leadId = '';

  before(async () => {
    const [row] = await t.db.asSystem((tx) =>
      queryRows<{ id: string }>(
        tx,
        sql`select id::text from users where email = 'action-lead@alpha.test'`,
      ),
    );
    leadId = row?.id ?? '';
    const actor = { userId: null, label: 'test' };
    const add = async (key: string, values: Partial<ActionValues>) => {
      const outcome = await t.db.withTrust(t.alpha.id, (tx) =>
        createAction(tx, t.alpha.id, actor, actionValues(values)),
      );
      assert.ok(outcome.ok);
      ids[key] = outcome.value.id;
      return outcome.value;
    };
    await add('led', {
      number: '1',
      title: 'Led by the action lead',
      leads: [{ userId: leadId }],
      target: { kind: 'year', year: 2040 },
      status: 'in-progress',
    });
    await add('overdue', {
      number: '2',
      title: 'Past its date',
      leads: [{ name: 'Early help team' }],
      target: { kind: 'day', date: '2020-01-31' },
      status: 'in-progress',
    });
    const stale = await add('stale', {
      number: '10',
      title: 'No news for a long time',
      target: { kind: 'ongoing' },
      status: 'in-progress',
    });
    await t.db.withTrust(t.alpha.id, (tx) =>
      addUpdate(
        tx,
        t.alpha.id,
        actor,
        stale,
        { updatedOn: '2021-05-01', text: 'Started', status: 'in-progress' },
        '2026-01-01',
      ),
    );
    const beta = await t.db.withTrust(t.beta.id, (tx) =>
      createAction(tx, t.beta.id, actor, actionValues({ title: 'Beta’s own' })),
    );
    assert.ok(beta.ok);
    ids.beta = beta.value.id;
  });

  const numbers = async (query: string) =>
    dom((await t.as('viewer').get(`${base}${query}`)).body)
      .rows('[data-testid="plan"]')
      .slice(1)
      .map((r) => r[0]);

  it('shows the plan with counts by RAG, filters and sorts it', async () => {
    const page = dom((await t.as('viewer').get(base)).body);
    assert.equal(page.text('h1'), 'Action plan');
    assert.match(page.text('[data-testid="rag-counts"]') ?? '', /3 actions: 1 Red 1 Amber 1 Green/);
    assert.deepEqual(await numbers(''), ['1', '2', '10']);
    assert.deepEqual(await numbers('?sort=due'), ['2', '1', '10']);
    assert.deepEqual(await numbers(`?lead=${leadId}`), ['1']);
    assert.deepEqual(await numbers('?lead=early+HELP+team'), ['2']);
    assert.deepEqual(await numbers('?rag=red'), ['2']);
    assert.deepEqual(await numbers('?status=complete&rag=nonsense'), []);
    assert.deepEqual(await numbers('?rag=nonsense&sort=nonsense'), ['1', '2', '10']);
    const link = page.root.querySelector('[data-testid="plan"] a');
    assert.equal(link?.getAttribute('href'), `${base}/${ids.led}`);
  });

  it('offers the plan table as CSV', async () => {
    const csv = await t.as('viewer').get(`${base}.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /Led by the action lead/);
    assert.match(csv.body, /Past its date/);
    assert.equal((await t.as('viewer').get(`${base}.xlsx`)).statusCode, 200);
  });

  it('lists my actions and those needing attention', async () => {
    const mine = dom((await t.as('action-lead').get(`${base}/mine`)).body);
    assert.deepEqual(
      mine
        .rows('[data-testid="mine"]')
        .slice(1)
        .map((r) => r[1]),
      ['Led by the action lead'],
    );
    const none = dom((await t.as('viewer').get(`${base}/mine`)).body);
    assert.ok(none.has('[data-testid="no-actions"]'));
    const attention = dom((await t.as('viewer').get(`${base}/attention`)).body);
    assert.deepEqual(
      attention
        .rows('[data-testid="overdue"]')
        .slice(1)
        .map((r) => r[0]),
      ['2'],
    );
    assert.deepEqual(
      attention
        .rows('[data-testid="stale"]')
        .slice(1)
        .map((r) => r[0]),
      ['10'],
    );
  });

  it('lets an action lead move on only the actions they lead', async () => {
    const lead = t.as('action-lead');
    const own = dom((await lead.get(`${base}/${ids.led}`)).body);
    assert.ok(own.has(`a[href="${base}/${ids.led}/progress"]`));
    assert.ok(!own.has(`a[href="${base}/${ids.led}/edit"]`));
    const progress = await lead.post(`${base}/${ids.led}/progress`, {
      'updatedOn-day': '1',
      'updatedOn-month': '6',
      'updatedOn-year': '2025',
      text: 'Met the partners',
      status: 'in-progress',
    });
    assert.equal(progress.statusCode, 303);
    const other = dom((await lead.get(`${base}/${ids.overdue}`)).body);
    assert.ok(!other.has(`a[href="${base}/${ids.overdue}/progress"]`));
    assert.equal((await lead.get(`${base}/${ids.overdue}/progress`)).statusCode, 403);
    const post = await lead.post(`${base}/${ids.overdue}/progress`, { text: 'x' });
    assert.equal(post.statusCode, 403);
    assert.equal((await lead.post(`${base}/${ids.overdue}/rag`, { rag: 'red' })).statusCode, 403);
    assert.equal((await lead.get(`${base}/${ids.led}/edit`)).statusCode, 403);
    assert.equal((await lead.post(`${base}/${ids.led}/edit`, {})).statusCode, 403);
  });

  it('shows a viewer no links to change the plan, and refuses their posts', async () => {
    const viewer = t.as('viewer');
    const plan = dom((await viewer.get(base)).body);
    assert.ok(!plan.has(`a[href="${base}/new"]`));
    assert.ok(!plan.has(`a[href="${base}/import"]`));
    const page = dom((await viewer.get(`${base}/${ids.led}`)).body);
    assert.ok(!page.has('[data-testid="action-links"]'));
    assert.equal((await viewer.get(`${base}/new`)).statusCode, 403);
    assert.equal((await viewer.post(`${base}/new`, { title: 'x' })).statusCode, 403);
    for (const step of ['edit', 'progress', 'rag', 'revise', 'remove'])
      assert.equal((await viewer.post(`${base}/${ids.led}/${step}`, {})).statusCode, 403, step);
    const admin = dom((await t.as('trust-admin').get(base)).body);
    assert.ok(admin.has(`a[href="${base}/new"]`));
  });

  it('answers another trust’s action, or a malformed id, as not found', async () => {
    const admin = t.as('trust-admin');
    assert.equal((await admin.get(`${base}/${ids.beta}`)).statusCode, 404);
    assert.equal((await admin.get(`${base}/${ids.beta}/edit`)).statusCode, 404);
    assert.equal((await admin.post(`${base}/${ids.beta}/remove`)).statusCode, 404);
    assert.equal((await admin.get(`${base}/not-an-id`)).statusCode, 404);
    assert.equal((await t.as('betaAdmin').get(base)).statusCode, 404);
    assert.equal((await t.as('betaAdmin').get(`/trusts/beta/actions/${ids.beta}`)).statusCode, 200);
  });
});
