import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, planTests, rounds, workshops } from '../../db/schema/index.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import { dom, useApp } from '../../../test/build.ts';
import { CONFIRM_PAST_DATES, ROUND_TOO_LONG } from '../../kernel/date-rules.ts';

// The date rules of kernel/date-rules.ts on the round and plan pages and in the API.

const THIS_YEAR = new Date().getFullYear();
/** Next year: a round then is in the future whenever the tests run. */
const Y = THIS_YEAR + 1;

const dateFields = (name: string, iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
};

const roundForm = (title: string, startsOn: string, endsOn: string, more = {}) => ({
  title,
  frameworkVersion: '2026.1',
  ...dateFields('startsOn', startsOn),
  ...dateFields('endsOn', endsOn),
  ...more,
});

interface Problem {
  errors?: { field: string; message: string }[];
}

/** The error summary's link to a field, and the field's own message. */
const problem = (html: string, href: string, id: string) => {
  const page = dom(html);
  return {
    summary: page.text(`.govuk-error-summary__list a[href="#${href}"]`),
    inline: page.text(`#${id}-error`)?.replace(/^Error: /, ''),
  };
};

const END_AFTER = 'The end date must be after the start date';

describe('the dates of a round, on the pages and in the API', () => {
  const t = useApp({
    signIn: ['trust-admin', 'contributor'],
    tokens: ['trust-admin', 'contributor'],
  });
  const admin = () => t.as('trust-admin');
  const titles = async () =>
    (await t.db.withTrust(t.alpha.id, (tx) => tx.select().from(rounds))).map((r) => r.title);

  before(() => addSectors(t.db, t.alpha.id));

  it('refuses on the new round page each date rule with its message, saving nothing', async () => {
    const cases: [Record<string, string>, string, string, string][] = [
      [roundForm('Review', `${Y}-03-01`, `${Y}-03-01`), 'endsOn-day', 'endsOn', END_AFTER],
      [roundForm('Review', `${Y}-01-01`, `${Y + 2}-01-01`), 'endsOn-day', 'endsOn', ROUND_TOO_LONG],
      [
        roundForm('Review', '1995-01-01', '1995-06-30'),
        'startsOn-day',
        'startsOn',
        `Start date must be between 1 January 2000 and 31 December ${THIS_YEAR + 5}`,
      ],
      [
        roundForm('Review', `${THIS_YEAR + 6}-01-01`, `${THIS_YEAR + 6}-06-30`),
        'startsOn-day',
        'startsOn',
        `Start date must be between 1 January 2000 and 31 December ${THIS_YEAR + 5}`,
      ],
      [
        roundForm(`${Y + 1} self-assessment`, `${Y}-03-01`, `${Y}-06-30`),
        'title',
        'title',
        `The title says ${Y + 1} but the dates are in ${Y}: change the title or the dates`,
      ],
    ];
    for (const [form, href, id, message] of cases) {
      const response = await admin().post('/trusts/alpha/rounds/new', form);
      assert.equal(response.statusCode, 400, message);
      assert.deepEqual(problem(response.body, href, id), { summary: message, inline: message });
    }
    assert.deepEqual(await titles(), []);
  });

  it('asks to confirm a round in the past, then saves it once confirmed', async () => {
    const form = roundForm('2020 self-assessment', '2020-03-01', '2020-06-30');
    const asked = await admin().post('/trusts/alpha/rounds/new', form);
    assert.equal(asked.statusCode, 400);
    const page = dom(asked.body);
    assert.ok(page.texts('legend').includes('These dates are in the past. Is that right?'));
    assert.ok(page.has('[data-testid="confirm-past-dates"] input[type="checkbox"]'));
    assert.deepEqual(problem(asked.body, 'confirmPastDates', 'confirmPastDates'), {
      summary: CONFIRM_PAST_DATES,
      inline: CONFIRM_PAST_DATES,
    });
    assert.equal(page.attr('input[name="confirmPastDates"]', 'value'), 'yes');
    assert.equal(page.attr('input[name="startsOn-year"]', 'value'), '2020');
    assert.deepEqual(await titles(), []);

    const saved = await admin().post('/trusts/alpha/rounds/new', {
      ...form,
      confirmPastDates: 'yes',
    });
    assert.equal(saved.statusCode, 303);
    assert.deepEqual(await titles(), ['2020 self-assessment']);
    const [entry] = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'created round')),
    );
    assert.equal((entry?.details as { confirmedPastDates?: boolean }).confirmedPastDates, true);
  });

  it('applies the same rules in the API, with confirmPastDates for a past round', async () => {
    const post = (body: Record<string, unknown>) =>
      t.api('trust-admin', 'POST', '/api/v1/trusts/alpha/rounds', {
        frameworkVersion: '2026.1',
        ...body,
      });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ title: 'A', startsOn: `${Y}-05-01`, endsOn: `${Y}-04-01` }, 'endsOn', END_AFTER],
      [{ title: 'B', startsOn: `${Y}-01-01`, endsOn: `${Y + 3}-01-01` }, 'endsOn', ROUND_TOO_LONG],
      [
        {
          title: '2027 review',
          startsOn: '2020-03-01',
          endsOn: '2020-06-30',
          confirmPastDates: true,
        },
        'title',
        'The title says 2027 but the dates are in 2020: change the title or the dates',
      ],
      [
        { title: '2019 review', startsOn: '2019-03-01', endsOn: '2019-06-30' },
        'confirmPastDates',
        CONFIRM_PAST_DATES,
      ],
    ];
    for (const [body, field, message] of cases) {
      const response = await post(body);
      assert.equal(response.statusCode, 400, message);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.deepEqual(response.json<Problem>().errors, [{ field, message }]);
    }
    const past = await post({
      title: '2019 review',
      startsOn: '2019-03-01',
      endsOn: '2019-06-30',
      confirmPastDates: true,
    });
    assert.equal(past.statusCode, 201);
    const future = await post({
      title: `${Y} review`,
      startsOn: `${Y}-01-01`,
      endsOn: `${Y}-12-31`,
    });
    assert.equal(future.statusCode, 201);
  });
});

describe('changing the dates of a round, and the dates of its plan', () => {
  const t = useApp({
    signIn: ['trust-admin', 'contributor'],
    tokens: ['trust-admin', 'contributor'],
  });
  const admin = () => t.as('trust-admin');
  let base = '';
  let roundId = '';

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    const round = await addRound(t.db, t.alpha.id, {
      title: `${Y} self-assessment`,
      startsOn: `${Y}-01-01`,
      endsOn: `${Y}-06-30`,
    });
    roundId = round.id;
    base = `/trusts/alpha/rounds/${round.id}`;
    await t.db.withTrust(t.alpha.id, async (tx) => {
      await tx.insert(planTests).values({
        trustId: t.alpha.id,
        roundId,
        areaKeys: ['shared-identity'],
        activity: 'questionnaire',
        startsOn: `${Y}-02-10`,
        participants: ['health'],
      });
      await tx.insert(workshops).values({
        trustId: t.alpha.id,
        roundId,
        kind: 'focus-group',
        title: 'Parents’ views',
        heldOn: `${Y}-05-20`,
        facilitator: 'A Person',
      });
    });
  });

  const round = async () =>
    (
      await t.db.withTrust(t.alpha.id, (tx) =>
        tx.select().from(rounds).where(eq(rounds.id, roundId)),
      )
    )[0];

  it('offers a Change link, and a form filled with the title and dates', async () => {
    const page = dom((await admin().get(base)).body);
    assert.equal(page.text(`a[href="${base}/details"]`), 'Change title and dates');
    const form = dom((await admin().get(`${base}/details`)).body);
    assert.equal(form.text('h1'), 'Change the title and dates');
    assert.equal(form.attr('input[name="title"]', 'value'), `${Y} self-assessment`);
    assert.equal(form.attr('input[name="endsOn-month"]', 'value'), '6');
    assert.equal((await t.as('contributor').get(`${base}/details`)).statusCode, 403);
  });

  it('refuses dates that leave the plan or a workshop outside, naming them', async () => {
    const before = await admin().post(
      `${base}/details`,
      roundForm(`${Y} self-assessment`, `${Y}-04-01`, `${Y}-06-30`),
    );
    assert.equal(before.statusCode, 400);
    const early = `The questionnaire test of the plan on 10 February ${Y} would be more than a month before the round: change it first, or choose dates that include it`;
    assert.deepEqual(problem(before.body, 'startsOn-day', 'startsOn'), {
      summary: early,
      inline: early,
    });
    const after = await admin().post(
      `${base}/details`,
      roundForm(`${Y} self-assessment`, `${Y}-01-01`, `${Y}-03-31`),
    );
    const late = `The focus group Parents’ views on 20 May ${Y} would be more than a month after the round: change it first, or choose dates that include it`;
    assert.deepEqual(problem(after.body, 'endsOn-day', 'endsOn'), { summary: late, inline: late });
    const api = await t.api(
      'trust-admin',
      'PUT',
      `/api/v1/trusts/alpha/rounds/${roundId}/details`,
      {
        title: `${Y} self-assessment`,
        startsOn: `${Y}-01-01`,
        endsOn: `${Y}-03-31`,
      },
    );
    assert.equal(api.statusCode, 400);
    assert.deepEqual(api.json<Problem>().errors, [{ field: 'endsOn', message: late }]);
    assert.equal((await round())?.endsOn, `${Y}-06-30`);
  });

  it('saves new dates that keep everything inside, with an audit entry, by page and API', async () => {
    const saved = await admin().post(
      `${base}/details`,
      roundForm(`${Y} self-assessment`, `${Y}-01-15`, `${Y}-07-31`),
    );
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${base}?done=details`);
    const page = dom((await admin().get(`${base}?done=details`)).body);
    assert.equal(page.text('.govuk-notification-banner__content'), 'Title and dates saved');
    assert.deepEqual(
      [(await round())?.startsOn, (await round())?.endsOn],
      [`${Y}-01-15`, `${Y}-07-31`],
    );
    const [entry] = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'changed round details')),
    );
    assert.deepEqual((entry?.details as { to: unknown }).to, {
      title: `${Y} self-assessment`,
      startsOn: `${Y}-01-15`,
      endsOn: `${Y}-07-31`,
    });
    const api = await t.api(
      'trust-admin',
      'PUT',
      `/api/v1/trusts/alpha/rounds/${roundId}/details`,
      {
        title: `${Y} review`,
        startsOn: `${Y}-01-01`,
        endsOn: `${Y}-06-30`,
      },
    );
    assert.equal(api.statusCode, 200);
    assert.equal(api.json<{ title: string }>().title, `${Y} review`);
    const other = await t.api(
      'contributor',
      'PUT',
      `/api/v1/trusts/alpha/rounds/${roundId}/details`,
      {
        title: 'x',
        startsOn: `${Y}-01-01`,
        endsOn: `${Y}-06-30`,
      },
    );
    assert.equal(other.statusCode, 403);
  });

  const planForm = (startsOn: string, endsOn?: string) => ({
    areas: 'shared-identity',
    activity: 'focus-group',
    participants: 'health',
    ...dateFields('startsOn', startsOn),
    ...(endsOn === undefined
      ? { 'endsOn-day': '', 'endsOn-month': '', 'endsOn-year': '' }
      : dateFields('endsOn', endsOn)),
  });

  it('refuses plan test dates outside the round (a month either side), by page and API', async () => {
    const window = `between 1 December ${Y - 1} and 30 July ${Y}, as the round runs from 1 January ${Y} to 30 June ${Y}`;
    const start = await t.as('contributor').post(`${base}/plan/new`, planForm(`${Y + 4}-03-01`));
    assert.equal(start.statusCode, 400);
    assert.deepEqual(problem(start.body, 'startsOn-day', 'startsOn'), {
      summary: `Start date must be ${window}`,
      inline: `Start date must be ${window}`,
    });
    const end = await t
      .as('contributor')
      .post(`${base}/plan/new`, planForm(`${Y}-06-01`, `${Y}-08-15`));
    assert.deepEqual(
      problem(end.body, 'endsOn-day', 'endsOn').inline,
      `End date must be ${window}`,
    );
    const [test] = await t.db.withTrust(t.alpha.id, (tx) => tx.select().from(planTests));
    const change = await t
      .as('contributor')
      .post(`${base}/plan/${test?.id ?? ''}`, planForm('2001-01-01'));
    assert.equal(change.statusCode, 400);
    assert.equal(
      problem(change.body, 'startsOn-day', 'startsOn').inline,
      `Start date must be ${window}`,
    );
    const api = await t.api('contributor', 'POST', `/api/v1/trusts/alpha/rounds/${roundId}/plan`, {
      areas: ['shared-identity'],
      activity: 'focus-group',
      participants: ['health'],
      startsOn: `${Y - 1}-11-30`,
    });
    assert.equal(api.statusCode, 400);
    assert.deepEqual(api.json<Problem>().errors, [
      { field: 'startsOn', message: `Start date must be ${window}` },
    ]);
    assert.equal((await t.db.withTrust(t.alpha.id, (tx) => tx.select().from(planTests))).length, 1);
    // A month before the round is still fine.
    const early = await t
      .as('contributor')
      .post(`${base}/plan/new`, planForm(`${Y - 1}-12-01`, `${Y}-07-30`));
    assert.equal(early.statusCode, 303);
  });
});
