import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { dom, useApp } from '../../../test/build.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import { responses } from '../../db/schema/index.ts';

// The optional locality column of an answers import (SPEC §7): an imported round gets the
// locality groups a round answered online has.

interface Problem {
  errors: { row: number; field: string; message: string }[];
}

describe('answers import: the locality column', () => {
  const t = useApp({ tokens: ['trust-admin'], signIn: ['trust-admin'] });
  let ready: Promise<void> | undefined;

  /** Sectors and two localities of alpha, made once. */
  const setUp = () =>
    (ready ??= (async () => {
      await addSectors(t.db, t.alpha.id);
      for (const name of ['Northgate', 'Southfield']) {
        const made = await t.api('trust-admin', 'POST', '/api/v1/trusts/alpha/localities', {
          name,
        });
        assert.equal(made.statusCode, 201, made.body);
      }
    })());

  const newRound = async (status: 'collecting' | 'analysing' = 'collecting') => {
    await setUp();
    return (await addRound(t.db, t.alpha.id, { status })).id;
  };
  const postCsv = (roundId: string, csv: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/trusts/alpha/rounds/${roundId}/responses/import`,
      headers: { authorization: `Bearer ${t.token('trust-admin')}`, 'content-type': 'text/csv' },
      payload: csv,
    });
  const localitiesOf = (roundId: string) =>
    t.db.withTrust(t.alpha.id, async (tx) =>
      (
        await tx
          .select({ locality: responses.locality, n: sql<number>`count(*)::int` })
          .from(responses)
          .where(eq(responses.roundId, roundId))
          .groupBy(responses.locality)
          .orderBy(responses.locality)
      ).map((r) => [r.locality, r.n]),
    );

  it('stores each respondent’s locality as the trust spells it, in any capitals', async () => {
    const roundId = await newRound();
    const rows = ['respondent,sector,audience,item,value,locality'];
    for (let i = 1; i <= 5; i++)
      rows.push(`N${i},health,frontline,red.shared-vision.p1,4,NORTHGATE`);
    for (let i = 1; i <= 5; i++)
      rows.push(`S${i},schools,frontline,red.shared-vision.p1,2,southfield`);
    rows.push('X1,schools,frontline,red.shared-vision.p1,3,');
    const response = await postCsv(roundId, rows.join('\n'));
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(await localitiesOf(roundId), [
      ['Northgate', 5],
      ['Southfield', 5],
      [null, 1],
    ]);
  });

  it('gives the released round locality groups with their own figures', async () => {
    const roundId = await newRound('analysing');
    const rows = ['locality,respondent,sector,audience,item,value'];
    for (let i = 1; i <= 5; i++)
      rows.push(`Northgate,N${i},health,frontline,red.shared-vision.p1,5`);
    for (let i = 1; i <= 5; i++)
      rows.push(`Southfield,S${i},health,frontline,red.shared-vision.p1,1`);
    assert.equal((await postCsv(roundId, rows.join('\n'))).statusCode, 201);
    const base = `/api/v1/trusts/alpha/rounds/${roundId}`;
    assert.equal((await t.api('trust-admin', 'POST', `${base}/release`)).statusCode, 200);
    const scores = await t.api('trust-admin', 'GET', `${base}/scores?groups=locality`);
    assert.equal(scores.statusCode, 200, scores.body);
    const groups = scores
      .json<{ groups: { kind: string; key: string; n: number | null }[] }>()
      .groups.filter((g) => g.kind === 'locality')
      .map((g) => [g.key, g.n]);
    assert.deepEqual(groups, [
      ['Northgate', 5],
      ['Southfield', 5],
    ]);
  });

  it('refuses a locality the trust does not have, naming the ones it has; stores nothing', async () => {
    const roundId = await newRound();
    const response = await postCsv(
      roundId,
      [
        'respondent,sector,audience,item,value,locality',
        'P1,health,frontline,red.shared-vision.p1,4,Eastbury',
      ].join('\n'),
    );
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json<Problem>().errors, [
      {
        row: 2,
        field: 'locality',
        message: '“Eastbury” is not one of this trust’s localities: use Northgate, Southfield',
      },
    ]);
    assert.deepEqual(await localitiesOf(roundId), []);
  });

  it('refuses a respondent given two localities', async () => {
    const roundId = await newRound();
    const response = await postCsv(
      roundId,
      [
        'respondent,sector,audience,item,value,locality',
        'P1,health,frontline,red.shared-vision.p1,4,Northgate',
        'P1,health,frontline,red.shared-vision.p3,4,Southfield',
      ].join('\n'),
    );
    assert.equal(response.statusCode, 400);
    assert.deepEqual(
      response.json<Problem>().errors.map((e) => [e.row, e.field]),
      [[3, 'locality']],
    );
    assert.match(response.json<Problem>().errors[0]?.message ?? '', /different locality on row 2/);
  });

  it('explains the column on the import page and puts it in the example file', async () => {
    const roundId = await newRound();
    const page = dom(
      (await t.as('trust-admin').get(`/trusts/alpha/rounds/${roundId}/import`)).body,
    );
    assert.ok(page.texts('.govuk-summary-list__key').includes('locality (optional)'));
    assert.deepEqual(page.texts('[data-testid="locality-names"] li'), ['Northgate', 'Southfield']);
    assert.equal(page.rows('[data-testid="example"]')[0]?.at(-1), 'locality');
    const example = await t
      .as('trust-admin')
      .get(`/trusts/alpha/rounds/${roundId}/import/example.csv`);
    const [head, first] = example.body.split(/\r?\n/);
    assert.equal(head, 'respondent,sector,audience,item,value,locality');
    assert.match(first ?? '', /,Northgate$/);
  });
});
