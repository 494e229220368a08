import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { responses } from '../../db/schema/index.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { createTestApp, seedWorld, type TestApp, type World } from '../../../test/helpers.ts';
import { Respondent } from './testing.ts';

describe('what is stored about a respondent', () => {
  let t: TestApp;
  let world: World;
  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
  });
  after(() => t.close());

  it('has no column in responses, answers or comments that could identify a person', async () => {
    const columns = await t.db.asSystem((tx) =>
      queryRows<{ table_name: string; column_name: string; data_type: string }>(
        tx,
        sql`select table_name, column_name, data_type from information_schema.columns
            where table_schema = current_schema()
              and table_name in ('responses', 'answers', 'comments')
            order by table_name, ordinal_position`,
      ),
    );
    const tables = new Set(columns.map((c) => c.table_name));
    assert.deepEqual([...tables].sort(), ['answers', 'comments', 'responses']);
    const identifying =
      /(^|_)(ip|addr|address|agent|browser|device|email|mail|name|user|invitation|invite|token|session|cookie|created|updated|time|at)($|_)/;
    for (const c of columns) {
      assert.doesNotMatch(c.column_name, identifying, `${c.table_name}.${c.column_name}`);
      assert.doesNotMatch(c.data_type, /time|inet|cidr/, `${c.table_name}.${c.column_name}`);
    }
    const submittedOn = columns.find(
      (c) => c.table_name === 'responses' && c.column_name === 'submitted_on',
    );
    assert.equal(submittedOn?.data_type, 'date');
  });

  it('stores the day of submission only: today, as a date', async () => {
    await addSectors(t.db, world.alpha.id);
    const round = await addRound(t.db, world.alpha.id);
    const q = await addQuestionnaire(t.db, world.alpha.id, round.id, {
      areaKeys: ['complementary-roles'],
    });
    const link = await addLink(t.db, world.alpha.id, q.id);
    const r = new Respondent(t.app, `/q/${link.code}`);
    await r.start();
    await r.toCheck('3');
    await r.submit();
    assert.equal(r.posted.statusCode, 303);
    const [stored] = await t.db.withTrust(world.alpha.id, (tx) =>
      tx
        .select({
          submittedOn: responses.submittedOn,
          today: sql<string>`current_date::text`,
          isDate: sql<boolean>`pg_typeof(${responses.submittedOn}) = 'date'::regtype`,
        })
        .from(responses)
        .where(eq(responses.roundId, round.id)),
    );
    assert.ok(stored);
    assert.equal(stored.submittedOn, stored.today);
    assert.match(stored.submittedOn, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(stored.isDate, true);
  });
});
