import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actionValues, actionWorld, type ActionWorld } from '../../../test/actions-world.ts';
import {
  changeFocusArea,
  createAction,
  createFocusArea,
  findAction,
  IMPORT_OVERRIDE_REASON,
  importActions,
  listAllUpdates,
  listFocusAreas,
  moveFocusArea,
  removeFocusArea,
  type FocusAreaValues,
  type ImportedAction,
} from './index.ts';

// Storing an imported plan (all or nothing) and the focus areas' rules, on a real database.

const TODAY = '2026-06-15';

function row(
  line: number,
  number: string,
  overrides: Partial<ImportedAction> = {},
): ImportedAction {
  return {
    ...actionValues({ number, title: `Action from line ${String(line)}`, status: 'in-progress' }),
    line,
    updates: [
      {
        updatedOn: '2026-05-20',
        text: 'Working group met',
        status: 'in-progress',
        authorName: 'Sheet',
      },
    ],
    rag: null,
    ...overrides,
  };
}

const focusArea = (overrides: Partial<FocusAreaValues> = {}): FocusAreaValues => ({
  title: 'A shared vision everyone knows',
  description: '',
  roundId: null,
  source: 'own',
  frameworkVersion: null,
  areas: [],
  dimensions: [],
  ...overrides,
});

describe('importing a plan', () => {
  let w: ActionWorld;
  before(async () => {
    w = await actionWorld();
  });
  after(() => w.drop());

  const run = (items: ImportedAction[]) =>
    w.alpha((tx) => importActions(tx, w.world.alpha.id, w.actor, items, TODAY));

  it('stores none of a plan with a duplicate number in row 7', async () => {
    const items = [2, 3, 4, 5, 6, 7, 8].map((line, i) => row(line, String(i + 1)));
    items[5] = row(7, '2');
    const outcome = await run(items);
    assert.ok(!outcome.ok);
    assert.deepEqual(outcome.errors, [
      {
        field: 'number',
        message: 'Action 2 is in the file more than once: it is also on line 3',
        line: 7,
      },
    ]);
    assert.equal(await w.count('actions'), 0);
    assert.equal(await w.count('action_updates'), 0);
  });

  it('refuses rows with bad values or a future update, by line', async () => {
    const outcome = await run([
      row(2, '1'),
      row(3, '2', {
        revisedTarget: { kind: 'year', year: 2027 },
        target: { kind: 'year', year: 2026 },
      }),
      row(4, '3', {
        updates: [
          { updatedOn: '2026-07-01', text: 'Ahead', status: 'in-progress', authorName: '' },
        ],
      }),
    ]);
    assert.ok(!outcome.ok);
    assert.deepEqual(
      outcome.errors.map((e) => [e.line, e.field, e.message]),
      [
        [3, 'revisedReason', 'Enter why the target date was revised'],
        [4, 'updates.updatedOn', 'The date of the update must be today or in the past'],
      ],
    );
    assert.equal(await w.count('actions'), 0);
  });

  it('stores a good plan; a RAG unlike the suggestion becomes an override', async () => {
    const outcome = await run([
      row(2, '1', { rag: 'green' }),
      row(3, '1.1', { rag: 'red', leads: [{ name: 'Head of Workforce' }] }),
      row(4, '2', { updates: [], rag: null }),
    ]);
    assert.deepEqual(outcome, { ok: true, value: { actions: 3, updates: 2 } });
    const history = await w.alpha((tx) => listAllUpdates(tx));
    assert.deepEqual(
      history.map((u) => [u.number, u.rag, u.authorName]),
      [
        ['1', 'green', 'Sheet'],
        ['1.1', 'red', 'Sheet'],
      ],
    );
    const ids = await w.alpha(async (tx) =>
      Promise.all(history.map((u) => findAction(tx, u.actionId))),
    );
    const [first, second] = ids;
    assert.equal(first?.ragOverride, null, 'green is what the dates suggest: no override');
    assert.equal(second?.ragOverride, 'red');
    assert.equal(second.ragOverrideReason, IMPORT_OVERRIDE_REASON);
    assert.deepEqual(second.leads, [{ userId: null, name: 'Head of Workforce' }]);
  });

  it('refuses numbers the trust already uses, storing nothing', async () => {
    const before = await w.count('actions');
    const outcome = await run([row(2, '9'), row(3, '1.1')]);
    assert.ok(!outcome.ok);
    assert.deepEqual(outcome.errors, [
      { field: 'number', message: 'Action 1.1 already exists', line: 3 },
    ]);
    assert.equal(await w.count('actions'), before);
  });
});

describe('focus areas', () => {
  let w: ActionWorld;
  before(async () => {
    w = await actionWorld();
  });
  after(() => w.drop());

  it('adds, orders, changes and removes focus areas; actions stay in the plan', async () => {
    const titles = ['Shared vision', 'Common language', 'Early help'];
    const areas = [];
    for (const title of titles) {
      const made = await w.alpha((tx) =>
        createFocusArea(
          tx,
          w.world.alpha.id,
          w.actor,
          focusArea({ title, roundId: w.alphaRound, source: 'weakest' }),
        ),
      );
      assert.ok(made.ok);
      areas.push(made.value);
    }
    const [first, second, third] = areas;
    assert.ok(first && second && third);
    const order = async () => (await w.alpha((tx) => listFocusAreas(tx))).map((f) => f.title);
    assert.deepEqual(await order(), titles);
    assert.equal(
      await w.alpha((tx) => moveFocusArea(tx, w.world.alpha.id, w.actor, third, 'up')),
      true,
    );
    assert.deepEqual(await order(), ['Shared vision', 'Early help', 'Common language']);
    assert.equal(
      await w.alpha((tx) => moveFocusArea(tx, w.world.alpha.id, w.actor, first, 'up')),
      false,
    );
    const changed = await w.alpha((tx) =>
      changeFocusArea(tx, w.world.alpha.id, w.actor, first, focusArea({ title: 'One vision' })),
    );
    assert.ok(changed.ok);
    const action = await w.alpha((tx) =>
      createAction(tx, w.world.alpha.id, w.actor, actionValues({ focusAreaId: first.id })),
    );
    assert.ok(action.ok);
    await w.alpha((tx) => removeFocusArea(tx, w.world.alpha.id, w.actor, first));
    assert.deepEqual(await order(), ['Early help', 'Common language']);
    const kept = await w.alpha((tx) => findAction(tx, action.value.id));
    assert.equal(kept?.focusAreaId, null);
  });

  it("refuses a focus area without a title, of another trust's round or a wrong dimension", async () => {
    const cases: [Partial<FocusAreaValues>, string, RegExp][] = [
      [{ title: ' ' }, 'title', /^Enter a title$/],
      [{ roundId: w.betaRound }, 'roundId', /this trust’s rounds/],
      [
        { frameworkVersion: '2026.1', dimensions: ['shared-vision', 'nope'] },
        'dimensions',
        /"nope" is not a dimension of framework version 2026\.1/,
      ],
    ];
    const before = await w.count('focus_areas');
    for (const [values, field, message] of cases) {
      const outcome = await w.alpha((tx) =>
        createFocusArea(tx, w.world.alpha.id, w.actor, focusArea(values)),
      );
      assert.ok(!outcome.ok);
      assert.equal(outcome.errors[0]?.field, field);
      assert.match(outcome.errors[0].message, message);
    }
    assert.equal(await w.count('focus_areas'), before);
    assert.deepEqual(await w.beta((tx) => listFocusAreas(tx)), []);
  });
});
