import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { exampleProblems } from '../../../test/api-examples.ts';
import { addRound } from '../../../test/fixtures.ts';
import { useApp } from '../../../test/build.ts';
import { queryRows } from '../../db/client.ts';
import { leadRefusal, NO_PERSON_MESSAGE, NOT_YOUR_ACTION_MESSAGE } from './api-shared.ts';
import { actionsApi } from './api.ts';

// The action plan's JSON API on one app: actions created, read, listed with filters, changed
// with a revision or If-Match, removed; progress and the RAG override; who may do what; another
// trust's actions not found; bad bodies answered field by field with nothing stored.

interface Action {
  id: string;
  number: string;
  title: string;
  status: string;
  rag: string | null;
  ragOverridden: boolean;
  revision: number;
  leads: { userId: string | null; name: string }[];
  updates: { text: string; rag: string | null; status: string }[];
  override: { rag: string; reason: string } | null;
}

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

const BASE = '/api/v1/trusts/alpha/actions';

describe('the action plan in the JSON API', () => {
  const t = useApp({ tokens: ['trust-admin', 'contributor', 'action-lead', 'viewer', 'beta'] });
  const ids = { first: '', second: '' };
  const count = async (table: string) => {
    const [row] = await t.db.asSystem((tx) =>
      queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(table)}`),
    );
    return row?.n ?? 0;
  };
  const fields = (body: Problem) => (body.errors ?? []).map((e) => e.field);

  it('creates actions and reads one back with its leads', async () => {
    const created = await t.api('contributor', 'POST', BASE, {
      number: '1',
      title: 'Agree a shared induction',
      leads: [{ name: 'Workforce team' }, { name: 'Schools forum' }],
      target: { kind: 'month', year: 2020, month: 3 },
      status: 'in-progress',
    });
    assert.equal(created.statusCode, 201, created.body);
    const action = created.json<Action>();
    assert.equal(action.number, '1');
    assert.deepEqual(
      action.leads.map((l) => l.name),
      ['Workforce team', 'Schools forum'],
    );
    ids.first = action.id;
    const second = await t.api('trust-admin', 'POST', BASE, {
      number: '2.1',
      title: 'Map the training each agency offers',
      target: { kind: 'ongoing' },
    });
    assert.equal(second.statusCode, 201, second.body);
    ids.second = second.json<Action>().id;
    const read = await t.api('viewer', 'GET', `${BASE}/${ids.first}`);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json<Action>().title, 'Agree a shared induction');
    assert.equal(read.json<Action>().rag, 'red', 'a target in the past is red');
  });

  it('lists the plan with its filters, and refuses an unknown one', async () => {
    const all = await t.api('viewer', 'GET', BASE);
    assert.equal(all.statusCode, 200);
    assert.deepEqual(
      all.json<Action[]>().map((a) => a.number),
      ['1', '2.1'],
    );
    const overdue = await t.api('viewer', 'GET', `${BASE}?overdue=true`);
    assert.deepEqual(
      overdue.json<Action[]>().map((a) => a.number),
      ['1'],
    );
    const led = await t.api('viewer', 'GET', `${BASE}?lead=schools%20forum`);
    assert.deepEqual(
      led.json<Action[]>().map((a) => a.number),
      ['1'],
    );
    const red = await t.api('viewer', 'GET', `${BASE}?rag=red&status=in-progress`);
    assert.deepEqual(
      red.json<Action[]>().map((a) => a.number),
      ['1'],
    );
    const byDue = await t.api('viewer', 'GET', `${BASE}?sort=due&limit=1`);
    assert.equal(byDue.json<Action[]>()[0]?.number, '1');
    assert.match(String(byDue.headers.link), /rel="next"/);
    assert.equal((await t.api('viewer', 'GET', `${BASE}?colour=none`)).json<[]>().length, 0);
    assert.equal((await t.api('viewer', 'GET', `${BASE}?sorted=1`)).statusCode, 400);
    const me = await t.api('viewer', 'GET', `${BASE}?lead=me`);
    assert.equal(me.statusCode, 400);
  });

  it('changes an action with its revision or ETag, and refuses a stale one with 412', async () => {
    const url = `${BASE}/${ids.first}`;
    const read = await t.api('contributor', 'GET', url);
    const tag = String(read.headers.etag);
    const { revision } = read.json<Action>();
    const changed = await t.api('contributor', 'PATCH', url, {
      title: 'Agree one induction',
      revision,
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json<Action>().title, 'Agree one induction');
    assert.equal(changed.json<Action>().revision, revision + 1);
    assert.deepEqual(
      changed.json<Action>().leads.map((l) => l.name),
      ['Workforce team', 'Schools forum'],
      'leads left out are kept',
    );
    const stale = await t.api('contributor', 'PATCH', url, { title: 'Late', revision });
    assert.equal(stale.statusCode, 412, stale.body);
    const staleTag = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { authorization: `Bearer ${t.token('contributor')}`, 'if-match': tag },
      payload: { title: 'Late' },
    });
    assert.equal(staleTag.statusCode, 412);
    assert.equal((await t.api('viewer', 'GET', url)).json<Action>().title, 'Agree one induction');
  });

  it('adds progress and sets and clears the RAG', async () => {
    const url = `${BASE}/${ids.first}`;
    const added = await t.api('contributor', 'POST', `${url}/updates`, {
      updatedOn: '2026-01-10',
      text: 'Draft shared with the board',
      status: 'in-progress',
    });
    assert.equal(added.statusCode, 201, added.body);
    const updates = await t.api('viewer', 'GET', `${url}/updates`);
    assert.deepEqual(
      updates.json<{ text: string }[]>().map((u) => u.text),
      ['Draft shared with the board'],
    );
    const noReason = await t.api('contributor', 'PUT', `${url}/rag`, { rag: 'green' });
    assert.equal(noReason.statusCode, 400);
    assert.deepEqual(fields(noReason.json<Problem>()), ['reason']);
    const set = await t.api('contributor', 'PUT', `${url}/rag`, {
      rag: 'green',
      reason: 'Agreed by the board last week',
    });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json<Action>().rag, 'green');
    assert.equal(set.json<Action>().override?.reason, 'Agreed by the board last week');
    const cleared = await t.api('trust-admin', 'PUT', `${url}/rag`, { rag: null });
    assert.equal(cleared.json<Action>().ragOverridden, false);
    assert.equal(cleared.json<Action>().rag, 'red');
  });

  it('lets each role do only what it may', async () => {
    const url = `${BASE}/${ids.second}`;
    assert.equal(
      (await t.api('viewer', 'POST', BASE, { number: '9', title: 'No' })).statusCode,
      403,
    );
    assert.equal((await t.api('viewer', 'PATCH', url, { title: 'No' })).statusCode, 403);
    assert.equal((await t.api('viewer', 'DELETE', url)).statusCode, 403);
    const update = { updatedOn: '2026-01-10', text: 'Done', status: 'complete' };
    assert.equal((await t.api('viewer', 'POST', `${url}/updates`, update)).statusCode, 403);
    assert.equal((await t.api('action-lead', 'PATCH', url, { title: 'No' })).statusCode, 403);
    // A token names no person, so an action lead's token cannot be any action's lead.
    const lead = await t.api('action-lead', 'POST', `${url}/updates`, update);
    assert.equal(lead.statusCode, 403);
    assert.equal(lead.json<Problem>().detail, NO_PERSON_MESSAGE);
    const rag = await t.api('action-lead', 'PUT', `${url}/rag`, { rag: null });
    assert.equal(rag.statusCode, 403);
    assert.equal((await t.api('viewer', 'GET', `${url}/updates`)).json<[]>().length, 0);
  });

  it('lets an action lead act only on the actions they lead', () => {
    const leads = [{ userId: 'u-1', name: 'Asha Patel' }];
    assert.equal(leadRefusal('action-lead', 'u-1', leads), null);
    assert.equal(leadRefusal('action-lead', 'u-2', leads), NOT_YOUR_ACTION_MESSAGE);
    assert.equal(leadRefusal('action-lead', null, leads), NO_PERSON_MESSAGE);
    assert.equal(leadRefusal('contributor', null, []), null);
    assert.equal(leadRefusal('viewer', 'u-1', leads), NOT_YOUR_ACTION_MESSAGE);
  });

  it("does not find another trust's action, or a malformed id", async () => {
    const url = `/api/v1/trusts/beta/actions/${ids.first}`;
    assert.equal((await t.api('beta', 'GET', url)).statusCode, 404);
    assert.equal((await t.api('beta', 'DELETE', url)).statusCode, 404);
    assert.equal((await t.api('beta', 'GET', '/api/v1/trusts/beta/actions')).json<[]>().length, 0);
    assert.equal((await t.api('viewer', 'GET', `${BASE}/not-an-id`)).statusCode, 404);
    assert.equal((await t.api('beta', 'GET', `${BASE}/${ids.first}`)).statusCode, 404);
  });

  it('answers bad bodies field by field and stores nothing', async () => {
    const before = await count('actions');
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [
        'a revised date without a reason',
        {
          target: { kind: 'month', year: 2027, month: 3 },
          revisedTarget: { kind: 'month', year: 2027, month: 6 },
        },
        /^revisedReason$/,
      ],
      [
        'an unknown lead',
        { leads: [{ userId: '00000000-0000-4000-8000-000000000000' }] },
        /^leads/,
      ],
      [
        'a dimension of another framework version',
        { frameworkVersion: '2026.1', dimensions: ['no-such-dimension'] },
        /^dimensions/,
      ],
      ['31 February', { target: { kind: 'day', date: '2027-02-31' } }, /^target/],
      ['a number already used', { number: '2.1' }, /^number$/],
    ];
    for (const [label, change, field] of cases) {
      const body = { number: '7', title: 'A bad action', ...change };
      const response = await t.api('contributor', 'POST', BASE, body);
      assert.equal(response.statusCode, 400, `${label}: ${response.body}`);
      const named = fields(response.json<Problem>());
      assert.ok(
        named.some((f) => field.test(f)),
        `${label}: ${named.join(', ')}`,
      );
    }
    assert.equal(await count('actions'), before);
  });

  it('removes an action with its updates', async () => {
    const url = `${BASE}/${ids.first}`;
    const removed = await t.api('trust-admin', 'DELETE', url);
    assert.equal(removed.statusCode, 204);
    assert.equal((await t.api('viewer', 'GET', url)).statusCode, 404);
    assert.equal(await count('action_updates'), 0);
  });

  it('manages focus areas and gives the plan against a round', async () => {
    const base = '/api/v1/trusts/alpha/focus-areas';
    const one = await t.api('contributor', 'POST', base, { title: 'A shared vision' });
    assert.equal(one.statusCode, 201, one.body);
    const two = await t.api('contributor', 'POST', base, { title: 'Joint training' });
    const twoId = two.json<{ id: string }>().id;
    const moved = await t.api('contributor', 'POST', `${base}/${twoId}/move`, { direction: 'up' });
    assert.deepEqual(
      moved.json<{ title: string }[]>().map((f) => f.title),
      ['Joint training', 'A shared vision'],
    );
    const changed = await t.api('contributor', 'PATCH', `${base}/${twoId}`, { title: 'Training' });
    assert.equal(changed.json<{ title: string }>().title, 'Training');
    assert.equal((await t.api('viewer', 'POST', base, { title: 'No' })).statusCode, 403);
    assert.equal((await t.api('contributor', 'DELETE', `${base}/${twoId}`)).statusCode, 204);
    const listed = await t.api('viewer', 'GET', base);
    assert.deepEqual(
      listed.json<{ title: string }[]>().map((f) => f.title),
      ['A shared vision'],
    );
    const missing = await t.api(
      'viewer',
      'GET',
      '/api/v1/trusts/alpha/rounds/00000000-0000-4000-8000-000000000000/action-plan',
    );
    assert.equal(missing.statusCode, 404);
    const round = (await addRound(t.db, t.alpha.id)).id;
    const adopted = await t.api('contributor', 'POST', base, {
      title: 'Supervision',
      roundId: round,
    });
    assert.equal(adopted.statusCode, 201, adopted.body);
    const plan = await t.api('viewer', 'GET', `/api/v1/trusts/alpha/rounds/${round}/action-plan`);
    assert.equal(plan.statusCode, 200, plan.body);
    const body = plan.json<{
      uncovered: string[];
      everyFocusAreaHasAction: boolean;
      suggestions: [];
    }>();
    assert.deepEqual(body.uncovered, [adopted.json<{ id: string }>().id]);
    assert.equal(body.everyFocusAreaHasAction, false);
    assert.ok(Array.isArray(body.suggestions));
  });

  it('gives every action plan operation an example that its schemas accept', () => {
    const ops = actionsApi({ roundSuggestions: () => Promise.resolve([]) });
    assert.deepEqual(exampleProblems(ops), []);
  });
});
