import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { workshops } from '../../db/schema/index.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import { dom, useApp } from '../../../test/build.ts';

// A focus group or workshop is held within a month of its round's dates, and in a sensible
// year: on the pages (recording and changing) and in the API.

const THIS_YEAR = new Date().getFullYear();
const Y = THIS_YEAR + 1;

const form = (heldOn: string) => {
  const [year = '', month = '', day = ''] = heldOn.split('-');
  return {
    kind: 'focus-group',
    title: 'Parents’ views',
    'heldOn-day': day,
    'heldOn-month': month,
    'heldOn-year': year,
    facilitator: 'Family hub lead',
    'participants-health': '4',
  };
};

const problem = (html: string) => {
  const page = dom(html);
  return {
    summary: page.text('.govuk-error-summary__list a[href="#heldOn-day"]'),
    inline: page.text('#heldOn-error')?.replace(/^Error: /, ''),
  };
};

describe('the date of a focus group or workshop', () => {
  const t = useApp({ signIn: ['contributor'], tokens: ['contributor'] });
  let base = '';
  let roundId = '';
  const stored = () => t.db.withTrust(t.alpha.id, (tx) => tx.select().from(workshops));
  const WINDOW = `between 1 December ${Y - 1} and 30 July ${Y}, as the round runs from 1 January ${Y} to 30 June ${Y}`;

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    const round = await addRound(t.db, t.alpha.id, {
      startsOn: `${Y}-01-01`,
      endsOn: `${Y}-06-30`,
    });
    roundId = round.id;
    base = `/trusts/alpha/rounds/${round.id}/workshops`;
  });

  it('says on the form which dates the round allows', async () => {
    const page = dom((await t.as('contributor').get(`${base}/new`)).body);
    assert.equal(
      page.text('#heldOn-hint'),
      `Within a month of the round's dates (1 January ${Y} to 30 June ${Y}). For example, 1 6 2026`,
    );
  });

  it('refuses a date outside the round or in an absurd year, and saves nothing', async () => {
    const cases: [string, string][] = [
      [`${Y}-09-01`, `Date it was held must be ${WINDOW}`],
      [`${Y - 1}-11-30`, `Date it was held must be ${WINDOW}`],
      [
        '1990-06-01',
        `Date it was held must be between 1 January 2000 and 31 December ${THIS_YEAR + 5}`,
      ],
    ];
    for (const [heldOn, message] of cases) {
      const response = await t.as('contributor').post(`${base}/new`, form(heldOn));
      assert.equal(response.statusCode, 400, heldOn);
      assert.deepEqual(problem(response.body), { summary: message, inline: message });
      // What was typed is kept.
      assert.equal(dom(response.body).attr('input[name="title"]', 'value'), 'Parents’ views');
    }
    assert.equal((await stored()).length, 0);
  });

  it('records one a month after the round, and refuses changing it to a date outside', async () => {
    const recorded = await t.as('contributor').post(`${base}/new`, form(`${Y}-07-30`));
    assert.equal(recorded.statusCode, 303);
    const [row] = await stored();
    const changed = await t
      .as('contributor')
      .post(`${base}/${row?.id ?? ''}/edit`, form(`${Y + 1}-01-10`));
    assert.equal(changed.statusCode, 400);
    assert.deepEqual(problem(changed.body).inline, `Date it was held must be ${WINDOW}`);
    assert.equal((await stored())[0]?.heldOn, `${Y}-07-30`);
  });

  it('refuses a date outside the round in the API, with the same message', async () => {
    const response = await t.api(
      'contributor',
      'POST',
      `/api/v1/trusts/alpha/rounds/${roundId}/workshops`,
      {
        kind: 'focus-group',
        title: 'Leaders',
        heldOn: `${Y + 2}-02-01`,
        facilitator: 'Lead',
      },
    );
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json<{ errors: unknown }>().errors, [
      { field: 'heldOn', message: `Date it was held must be ${WINDOW}` },
    ]);
    assert.equal((await stored()).length, 1);
    const ok = await t.api(
      'contributor',
      'POST',
      `/api/v1/trusts/alpha/rounds/${roundId}/workshops`,
      {
        kind: 'focus-group',
        title: 'Leaders',
        heldOn: `${Y}-03-01`,
        facilitator: 'Lead',
      },
    );
    assert.equal(ok.statusCode, 201);
  });
});
