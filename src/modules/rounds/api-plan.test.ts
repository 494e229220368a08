import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, planTests } from '../../db/schema/index.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import { exampleProblems } from '../../../test/api-examples.ts';
import { useApp } from '../../../test/build.ts';
import { roundsApi } from './api.ts';

interface ErrorBody {
  type: string;
  errors?: { field: string; message: string }[];
}

interface PlanBody {
  id: string;
  areas: string[];
  activity: string;
  startsOn: string;
  endsOn: string | null;
  participants: string[];
  description: string;
}

describe('the plan of a round in the API: one test read, changed and removed', () => {
  const t = useApp({ tokens: ['trust-admin', 'contributor', 'viewer', 'beta'] });
  let roundId = '';
  let base = '';
  const test = {
    areas: ['shared-identity'],
    activity: 'questionnaire',
    startsOn: '2026-03-01',
    participants: ['health', 'frontline'],
  };

  const rows = () => t.db.withTrust(t.alpha.id, (tx) => tx.select().from(planTests));
  const entries = (action: string) =>
    t.db.withTrust(t.alpha.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, action), eq(auditLog.entity, 'plan-test'))),
    );
  const add = async () => {
    const created = await t.api('contributor', 'POST', base, test);
    assert.equal(created.statusCode, 201);
    return created.json<PlanBody>();
  };

  it('reads one test of the plan', async () => {
    await addSectors(t.db, t.alpha.id);
    roundId = (await addRound(t.db, t.alpha.id)).id;
    base = `/api/v1/trusts/alpha/rounds/${roundId}/plan`;
    const created = await add();
    const read = await t.api('viewer', 'GET', `${base}/${created.id}`);
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json<PlanBody>(), { ...created, endsOn: null, description: '' });
    const missing = await t.api('viewer', 'GET', `${base}/${crypto.randomUUID()}`);
    assert.equal(missing.statusCode, 404);
    assert.equal((await t.api('viewer', 'GET', `${base}/not-a-uuid`)).statusCode, 404);
  });

  it('changes a test with PUT, audited as on the page', async () => {
    const [row] = await rows();
    assert.ok(row);
    const changed = await t.api('contributor', 'PUT', `${base}/${row.id}`, {
      areas: ['shared-identity', 'keeping-safe'],
      activity: 'focus-group',
      startsOn: '2026-04-01',
      endsOn: '2026-04-10',
      participants: ['schools'],
      description: 'Two groups',
    });
    assert.equal(changed.statusCode, 200);
    assert.deepEqual(changed.json<PlanBody>(), {
      id: row.id,
      areas: ['shared-identity', 'keeping-safe'],
      activity: 'focus-group',
      startsOn: '2026-04-01',
      endsOn: '2026-04-10',
      participants: ['schools'],
      description: 'Two groups',
    });
    const [entry] = await entries('changed a test in the plan');
    assert.equal(entry?.entityId, row.id);
    assert.equal(entry.actor, 'API token: test contributor');
    assert.equal((entry.details as { activity: string }).activity, 'focus-group');
  });

  it('refuses bad changes with field errors and changes nothing', async () => {
    const [row] = await rows();
    assert.ok(row);
    const cases: [Record<string, unknown>, string][] = [
      [{ areas: [] }, 'areas'],
      [{ areas: ['purple'] }, 'areas'],
      [{ activity: 'party' }, 'activity'],
      [{ startsOn: 'soon' }, 'startsOn'],
      [{ startsOn: '2027-06-01' }, 'startsOn'],
      [{ endsOn: '2026-01-01' }, 'endsOn'],
      [{ participants: ['police'] }, 'participants'],
      [{ description: 'x'.repeat(501) }, 'description'],
    ];
    for (const [overrides, field] of cases) {
      const response = await t.api('contributor', 'PUT', `${base}/${row.id}`, {
        ...test,
        ...overrides,
      });
      assert.equal(response.statusCode, 400, field);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      assert.deepEqual(
        (response.json<ErrorBody>().errors ?? []).map((e) => e.field),
        [field],
        field,
      );
    }
    const [after] = await rows();
    assert.equal(after?.activity, 'focus-group');
    assert.deepEqual(after.participants, ['schools']);
  });

  it('refuses a viewer token (403) and hides the test from another trust (404)', async () => {
    const [row] = await rows();
    assert.ok(row);
    const url = `${base}/${row.id}`;
    assert.equal((await t.api('viewer', 'PUT', url, test)).statusCode, 403);
    assert.equal((await t.api('viewer', 'DELETE', url)).statusCode, 403);
    const theirs = `/api/v1/trusts/beta/rounds/${roundId}/plan/${row.id}`;
    assert.equal((await t.api('beta', 'GET', theirs)).statusCode, 404);
    assert.equal((await t.api('beta', 'PUT', theirs, test)).statusCode, 404);
    assert.equal((await t.api('beta', 'DELETE', theirs)).statusCode, 404);
    assert.equal((await t.api('beta', 'DELETE', url)).statusCode, 404);
    assert.equal((await rows()).length, 1);
  });

  it('removes a test with DELETE (204), audited, and then it is gone', async () => {
    const [row] = await rows();
    assert.ok(row);
    const removed = await t.api('trust-admin', 'DELETE', `${base}/${row.id}`);
    assert.equal(removed.statusCode, 204);
    assert.equal(removed.body, '');
    assert.equal((await rows()).length, 0);
    const [entry] = await entries('removed a test from the plan');
    assert.equal(entry?.entityId, row.id);
    assert.equal(entry.actor, 'API token: test trust-admin');
    assert.equal((await t.api('trust-admin', 'DELETE', `${base}/${row.id}`)).statusCode, 404);
    assert.equal((await t.api('viewer', 'GET', `${base}/${row.id}`)).statusCode, 404);
  });

  it('gives every rounds operation an example that its schemas accept', () => {
    const operations = roundsApi({ db: t.db, release: () => Promise.resolve(null) });
    assert.deepEqual(exampleProblems(operations), []);
  });
});
