import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { actionValues, actionWorld, type ActionWorld } from '../../../test/actions-world.ts';
import {
  addUpdate,
  agreeActionsDone,
  changeAction,
  createAction,
  createFocusArea,
  filterPlan,
  findAction,
  loadPlan,
  loadRoundPlan,
  myActions,
  overdueActions,
  sortPlan,
  staleActions,
  type ActionValues,
  type PlanRow,
} from './index.ts';

// The plan's read model on a real database: RAG, overdue and stale worked out for a day given,
// filters and sorts, "my actions", and the plan against a round with its "Agree actions" task.

const TODAY = '2026-06-15';
const numbers = (rows: readonly PlanRow[]) => rows.map((r) => r.number);

describe('the plan read model', () => {
  let w: ActionWorld;
  let lead = '';
  const ids: Record<string, string> = {};
  const focus: string[] = [];
  let plan: PlanRow[] = [];

  const add = async (values: Partial<ActionValues>) => {
    const outcome = await w.alpha((tx) =>
      createAction(tx, w.world.alpha.id, w.actor, actionValues(values)),
    );
    assert.ok(outcome.ok, JSON.stringify(outcome));
    ids[values.number ?? ''] = outcome.value.id;
  };
  const update = (number: string, updatedOn: string) =>
    w.alpha(async (tx) => {
      const action = await findAction(tx, ids[number] ?? '');
      assert.ok(action);
      const text = 'Progress made';
      const outcome = await addUpdate(
        tx,
        w.world.alpha.id,
        w.actor,
        action,
        { updatedOn, text, status: action.status },
        TODAY,
      );
      assert.ok(outcome.ok);
    });

  before(async () => {
    w = await actionWorld();
    lead = w.userIds['action-lead'] ?? '';
    for (const [title, roundId] of [
      ['Shared vision', w.alphaRound],
      ['Early help', w.alphaRound],
      ['Not of this round', null],
    ] as const) {
      const made = await w.alpha((tx) =>
        createFocusArea(tx, w.world.alpha.id, w.actor, {
          title,
          description: '',
          roundId,
          source: 'own',
          frameworkVersion: null,
          areas: [],
          dimensions: [],
        }),
      );
      assert.ok(made.ok);
      focus.push(made.value.id);
    }
    await add({
      number: '1',
      status: 'in-progress',
      leads: [{ userId: lead }],
      frameworkVersion: '2026.1',
      areas: ['shared-identity'],
      target: { kind: 'day', date: '2026-05-31' },
      focusAreaId: focus[0] ?? null,
    });
    await add({
      number: '2',
      status: 'in-progress',
      leads: [{ name: 'Schools forum' }],
      target: { kind: 'month', year: 2026, month: 7 },
    });
    await add({
      number: '10',
      status: 'complete',
      target: { kind: 'month', year: 2026, month: 3 },
    });
    await add({
      number: '3',
      status: 'dropped',
      target: { kind: 'month', year: 2026, month: 4 },
      focusAreaId: focus[1] ?? null,
    });
    await add({
      number: '2.1',
      leads: [{ userId: lead }, { name: 'Schools forum' }],
      target: { kind: 'ongoing' },
      roundId: w.alphaRound,
    });
    await add({ number: '4', status: 'in-progress', target: { kind: 'year', year: 2026 } });
    await w.db.asSystem((tx) => tx.execute(sql`update actions set created_at = '2026-01-01'`));
    await update('1', '2026-05-01');
    await update('4', '2026-03-01');
    await update('4', '2026-06-01');
    plan = await w.alpha((tx) => loadPlan(tx, { today: TODAY }));
  });
  after(() => w.drop());

  it('works out due days, RAG, overdue and stale for the day given', () => {
    assert.deepEqual(
      plan.map((r) => [r.number, r.due, r.shown.rag, r.overdue, r.stale, r.updateCount]),
      [
        ['1', '2026-05-31', 'red', true, false, 1],
        ['2', '2026-07-31', 'amber', false, true, 0],
        ['2.1', null, 'not-started', false, true, 0],
        ['3', '2026-04-30', null, false, false, 0],
        ['4', '2026-12-31', 'green', false, false, 2],
        ['10', '2026-03-31', 'complete', false, false, 0],
      ],
    );
    const four = plan.find((r) => r.number === '4');
    assert.equal(four?.lastUpdate, '2026-06-01');
    assert.equal(four.suggested.reason, 'On track: due on 31 December 2026');
    assert.deepEqual(
      plan.find((r) => r.number === '2.1')?.leads.map((l) => l.name),
      ['Alpha action-lead', 'Schools forum'],
    );
  });

  it('filters by colour, lead (id or name), RAG and status', () => {
    assert.deepEqual(numbers(filterPlan(plan, { area: 'shared-identity' })), ['1']);
    assert.deepEqual(numbers(filterPlan(plan, { lead })), ['1', '2.1']);
    assert.deepEqual(numbers(filterPlan(plan, { lead: '  schools FORUM' })), ['2', '2.1']);
    assert.deepEqual(numbers(filterPlan(plan, { rag: 'red' })), ['1']);
    assert.deepEqual(numbers(filterPlan(plan, { rag: 'none' })), ['3']);
    assert.deepEqual(numbers(filterPlan(plan, { status: 'complete' })), ['10']);
    assert.deepEqual(numbers(filterPlan(plan, { lead, rag: 'not-started' })), ['2.1']);
  });

  it('sorts by number or by due day, undated last', () => {
    assert.deepEqual(numbers(sortPlan([...plan].reverse())), ['1', '2', '2.1', '3', '4', '10']);
    assert.deepEqual(numbers(sortPlan(plan, 'due')), ['10', '3', '1', '2', '4', '2.1']);
  });

  it("lists a lead's own actions, the overdue and the stale", async () => {
    assert.deepEqual(numbers(myActions(plan, lead)), ['1', '2.1']);
    const led = await w.alpha((tx) => loadPlan(tx, { today: TODAY, ledBy: lead }));
    assert.deepEqual(numbers(led), ['1', '2.1']);
    assert.deepEqual(led[1]?.leads.length, 2);
    assert.deepEqual(numbers(overdueActions(plan)), ['1']);
    assert.deepEqual(numbers(staleActions(plan)), ['2', '2.1']);
    assert.deepEqual(await w.beta((tx) => loadPlan(tx, { today: TODAY })), []);
  });

  it('shows the plan against the round, and when its actions are agreed', async () => {
    const round = await w.alpha((tx) => loadRoundPlan(tx, w.alphaRound, TODAY));
    assert.deepEqual(
      round.focusAreas.map((f) => [f.focusArea.title, numbers(f.actions), f.covered]),
      [
        ['Shared vision', ['1'], true],
        ['Early help', ['3'], false],
      ],
    );
    assert.deepEqual(
      round.uncovered.map((f) => f.title),
      ['Early help'],
    );
    assert.deepEqual(numbers(round.otherActions), ['2.1']);
    assert.equal(round.everyFocusAreaHasAction, false);
    assert.equal(await w.alpha((tx) => agreeActionsDone(tx, w.alphaRound)), false);

    await w.alpha(async (tx) => {
      const action = await findAction(tx, ids['4'] ?? '');
      assert.ok(action);
      const values = actionValues({ ...action, leads: [], focusAreaId: focus[1] ?? null });
      assert.ok((await changeAction(tx, w.world.alpha.id, w.actor, action, values)).ok);
    });
    const agreed = await w.alpha((tx) => loadRoundPlan(tx, w.alphaRound, TODAY));
    assert.equal(agreed.everyFocusAreaHasAction, true);
    assert.equal(await w.alpha((tx) => agreeActionsDone(tx, w.alphaRound)), true);
    assert.equal(await w.beta((tx) => agreeActionsDone(tx, w.alphaRound)), false);
    assert.equal(await w.alpha((tx) => agreeActionsDone(tx, w.betaRound)), false);
  });
});
