import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { actionValues, actionWorld, type ActionWorld } from '../../../test/actions-world.ts';
import {
  addUpdate,
  changeAction,
  createAction,
  findAction,
  listUpdates,
  loadAction,
  removeAction,
  setRagOverride,
  STALE_MESSAGE,
  type ActionValues,
} from './index.ts';

// The rules of actions, progress updates and RAG overrides on a real database: each bad input
// gives its message and stores nothing; every change bumps the revision and is audited.

const TODAY = '2026-06-15';

describe('action plan services', () => {
  let w: ActionWorld;
  before(async () => {
    w = await actionWorld();
  });
  after(() => w.drop());

  const create = (values: Partial<ActionValues>) =>
    w.alpha((tx) => createAction(tx, w.world.alpha.id, w.actor, actionValues(values)));

  it('stores an action with its leads, due days and number order, and audits it', async () => {
    const outcome = await create({
      number: 'No. 03.2',
      leads: [{ userId: w.userIds['action-lead'] ?? '' }, { name: '  Schools   forum ' }],
      target: { kind: 'quarter', year: 2026, quarter: 3 },
      revisedTarget: { kind: 'month', year: 2026, month: 12 },
      revisedReason: 'Waiting for the new training budget',
      frameworkVersion: '2026.1',
      areas: ['shared-identity'],
      dimensions: ['shared-vision'],
      roundId: w.alphaRound,
    });
    assert.ok(outcome.ok);
    const action = outcome.value;
    assert.equal(action.number, '3.2');
    assert.deepEqual(action.leads, [
      { userId: w.userIds['action-lead'], name: 'Alpha action-lead' },
      { userId: null, name: 'Schools forum' },
    ]);
    const [row] = await w.alpha((tx) =>
      queryRows<{ target_due: string; revised_due: string; number_key: string; revision: number }>(
        tx,
        sql`select target_due::text, revised_due::text, number_key, revision from actions where id = ${action.id}`,
      ),
    );
    assert.deepEqual(row, {
      target_due: '2026-09-30',
      revised_due: '2026-12-31',
      number_key: '0|000000003.000000002',
      revision: 1,
    });
    const [logged] = await w.alpha((tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from audit_log where entity = 'action' and entity_id = ${action.id}`,
      ),
    );
    assert.equal(logged?.n, 1);
  });

  it('refuses each bad input with its message, storing nothing', async () => {
    const before = await w.count('actions');
    const cases: [Partial<ActionValues>, string, RegExp][] = [
      [{ number: '3.2' }, 'number', /^Action 3\.2 already exists$/],
      [{ number: 'Action 3.2.' }, 'number', /^Action 3\.2 already exists$/],
      [{ number: '' }, 'number', /Enter an action number/],
      [{ number: 'three' }, 'number', /is not an action number/],
      [{ title: '   ' }, 'title', /^Enter a title$/],
      [{ title: 'x'.repeat(201) }, 'title', /200 characters or fewer/],
      [{ description: 'x'.repeat(20_001) }, 'description', /20,000 characters or fewer/],
      [{ status: 'finished' as 'complete' }, 'status', /Select a status/],
      [
        {
          target: { kind: 'year', year: 2026 },
          revisedTarget: { kind: 'year', year: 2027 },
          revisedReason: ' ',
        },
        'revisedReason',
        /^Enter why the target date was revised$/,
      ],
      [
        { revisedTarget: { kind: 'year', year: 2027 }, revisedReason: 'Slipped' },
        'revisedTarget',
        /original target date/,
      ],
      [{ target: { kind: 'day', date: '2026-02-31' } }, 'target', /Enter a real date/],
      [
        { leads: [{ userId: w.userIds.betaAdmin ?? '' }] },
        'leads',
        /is not a member of this trust/,
      ],
      [{ leads: [{ name: '  ' }] }, 'leads', /Enter the name of the lead/],
      [{ frameworkVersion: '1999.9' }, 'frameworkVersion', /There is no framework version 1999\.9/],
      [
        { frameworkVersion: '2026.1', dimensions: ['not-a-dimension'] },
        'dimensions',
        /"not-a-dimension" is not a dimension of framework version 2026\.1/,
      ],
      [
        { frameworkVersion: '2026.1', areas: ['purple'] },
        'areas',
        /"purple" is not a colour of framework version 2026\.1/,
      ],
      [{ dimensions: ['shared-vision'] }, 'frameworkVersion', /Choose the framework version/],
      [{ roundId: w.betaRound }, 'roundId', /Choose one of this trust’s rounds/],
      [
        { focusAreaId: '00000000-0000-4000-8000-000000000000' },
        'focusAreaId',
        /Choose one of this trust’s focus areas/,
      ],
    ];
    for (const [values, field, message] of cases) {
      const outcome = await create({ number: '7', ...values });
      assert.ok(!outcome.ok, `${JSON.stringify(values).slice(0, 80)} is refused`);
      const error = outcome.errors.find((e) => e.field === field);
      assert.match(error?.message ?? '', message, JSON.stringify(outcome.errors));
    }
    assert.equal(await w.count('actions'), before);
  });

  it('changes an action, bumping its revision, and refuses a stale revision', async () => {
    const created = await create({ number: '4', title: 'Map the training on offer' });
    assert.ok(created.ok);
    const action = created.value;
    const values = actionValues({ number: '4', title: 'Map every course on offer' });
    const changed = await w.alpha((tx) =>
      changeAction(tx, w.world.alpha.id, w.actor, action, values, 1),
    );
    assert.deepEqual(changed, { ok: true, value: { revision: 2 } });
    const stale = await w.alpha((tx) =>
      changeAction(tx, w.world.alpha.id, w.actor, action, { ...values, title: 'Lost' }, 1),
    );
    assert.ok(!stale.ok);
    assert.deepEqual(stale.errors, [{ field: 'revision', message: STALE_MESSAGE }]);
    const taken = await w.alpha(async (tx) =>
      changeAction(
        tx,
        w.world.alpha.id,
        w.actor,
        (await findAction(tx, action.id)) ?? action,
        { ...values, number: '3.2' },
        2,
      ),
    );
    assert.ok(!taken.ok);
    assert.equal(taken.errors[0]?.message, 'Action 3.2 already exists');
    const stored = await w.alpha((tx) => findAction(tx, action.id));
    assert.equal(stored?.title, 'Map every course on offer');
    assert.equal(stored.revision, 2);
  });

  it('records progress updates with the RAG shown then, newest first', async () => {
    const created = await create({ number: '5', target: { kind: 'day', date: '2026-07-01' } });
    assert.ok(created.ok);
    const action = created.value;
    const add = (updatedOn: string, text: string, status: ActionValues['status']) =>
      w.alpha(async (tx) =>
        addUpdate(
          tx,
          w.world.alpha.id,
          w.actor,
          (await findAction(tx, action.id)) ?? action,
          { updatedOn, text, status },
          TODAY,
        ),
      );
    const future = await add('2026-06-16', 'Planned', 'in-progress');
    assert.ok(!future.ok);
    assert.match(future.errors[0]?.message ?? '', /today or in the past/);
    const unreal = await add('2026-02-31', 'Planned', 'in-progress');
    assert.ok(!unreal.ok);
    assert.equal(unreal.errors[0]?.field, 'updatedOn');
    const empty = await add('2026-06-01', '  ', 'in-progress');
    assert.ok(!empty.ok);
    assert.equal(empty.errors[0]?.message, 'Enter what has been done');
    assert.equal(await w.alpha((tx) => listUpdates(tx, action.id)).then((u) => u.length), 0);

    const first = await add('2026-05-01', 'Draft induction written', 'in-progress');
    assert.ok(first.ok);
    // Due within 30 days of today: amber.
    assert.equal(first.value.rag, 'amber');
    assert.equal(first.value.authorName, 'Alpha trust-admin');
    const done = await add('2026-06-10', 'Induction agreed by every partner', 'complete');
    assert.ok(done.ok);
    assert.equal(done.value.rag, 'complete');
    const history = await w.alpha((tx) => listUpdates(tx, action.id));
    assert.deepEqual(
      history.map((u) => [u.updatedOn, u.status, u.rag]),
      [
        ['2026-06-10', 'complete', 'complete'],
        ['2026-05-01', 'in-progress', 'amber'],
      ],
    );
    const stored = await w.alpha((tx) => findAction(tx, action.id));
    assert.equal(stored?.status, 'complete');
    assert.equal(stored.revision, 3);
  });

  it('keeps a RAG override beside the suggestion; a reason is needed to set one', async () => {
    const created = await create({ number: '6', status: 'in-progress' });
    assert.ok(created.ok);
    const action = created.value;
    const set = (rag: 'red' | null, reason: string) =>
      w.alpha(async (tx) =>
        setRagOverride(tx, w.world.alpha.id, w.actor, (await findAction(tx, action.id)) ?? action, {
          rag,
          reason,
        }),
      );
    const noReason = await set('red', '  ');
    assert.deepEqual(noReason, {
      ok: false,
      errors: [{ field: 'reason', message: 'Enter why you are setting this RAG status' }],
    });
    assert.ok((await set('red', 'The lead has left and nobody has picked it up')).ok);
    const view = await w.alpha((tx) => loadAction(tx, action.id, TODAY));
    assert.equal(view?.action.suggested.rag, 'green');
    assert.deepEqual(view.action.shown, { rag: 'red', overridden: true });
    assert.equal(view.override?.reason, 'The lead has left and nobody has picked it up');
    // Shown by the person's name, as their progress updates are.
    assert.equal(view.override.by, 'Alpha trust-admin');
    assert.ok((await set(null, '')).ok);
    const cleared = await w.alpha((tx) => loadAction(tx, action.id, TODAY));
    assert.equal(cleared?.override, null);
    assert.deepEqual(cleared.action.shown, { rag: 'green', overridden: false });
    assert.equal(cleared.action.revision, 3);
  });

  it("keeps one trust's actions from another", async () => {
    const created = await create({ number: '8', title: 'Alpha only' });
    assert.ok(created.ok);
    assert.equal(await w.beta((tx) => findAction(tx, created.value.id)), undefined);
    assert.equal(await w.beta((tx) => loadAction(tx, created.value.id, TODAY)), undefined);
    // Beta may use the same number: numbers are unique within a trust.
    const beta = await w.beta((tx) =>
      createAction(tx, w.world.beta.id, w.actor, actionValues({ number: '8' })),
    );
    assert.ok(beta.ok);
    await w.beta((tx) => removeAction(tx, w.world.beta.id, w.actor, created.value));
    assert.ok(await w.alpha((tx) => findAction(tx, created.value.id)));
  });
});
