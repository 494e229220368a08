import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { questionnaireLinks, questionnaires } from '../../db/schema/index.ts';
import { addLink, addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { dom, useApp } from '../../../test/build.ts';

// The rules of setting up a questionnaire and its links: dates within the round (page and
// API), links opened only once the round collects responses, links in sector order, and the
// ways on after saving.

const form = (overrides: Record<string, string | string[]> = {}) => ({
  audience: 'frontline',
  title: 'Frontline practitioners',
  areas: ['shared-identity'],
  drillDown: 'none',
  'opens-day': '1',
  'opens-month': '3',
  'opens-year': '2026',
  'closes-day': '30',
  'closes-month': '4',
  'closes-year': '2026',
  about: ['sector'],
  ...overrides,
});

describe('questionnaire set-up rules', () => {
  const t = useApp({ signIn: ['trust-admin'], tokens: ['trust-admin'] });
  const admin = () => t.as('trust-admin');
  let roundId = '';
  let base = '';
  let planningBase = '';

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    const round = await addRound(t.db, t.alpha.id, {
      startsOn: '2026-02-01',
      endsOn: '2026-06-30',
    });
    roundId = round.id;
    base = `/trusts/alpha/rounds/${round.id}/questionnaires`;
    const planning = await addRound(t.db, t.alpha.id, { status: 'planning' });
    const q = await addQuestionnaire(t.db, t.alpha.id, planning.id, { closesOn: '2026-12-31' });
    planningBase = `/trusts/alpha/rounds/${planning.id}/questionnaires/${q.id}`;
  });

  const count = async () =>
    (
      await t.db.withTrust(t.alpha.id, (tx) =>
        tx.select().from(questionnaires).where(eq(questionnaires.roundId, roundId)),
      )
    ).length;

  it('refuses dates outside the round on the page, with GOV.UK errors, saving nothing', async () => {
    const response = await admin().post(
      `${base}/new`,
      form({ 'opens-month': '1', 'closes-month': '7' }),
    );
    assert.equal(response.statusCode, 400);
    const page = dom(response.body);
    assert.deepEqual(page.errors(), [
      'The opening date must be on or after the day the round starts, 1 February 2026',
      'The closing date must be on or before the day the round ends, 30 June 2026',
    ]);
    assert.equal(
      page.attr('.govuk-error-summary__list a', 'href'),
      '#opens-day',
      'the summary links to the first box of the date',
    );
    assert.equal(
      page.text('#opens-error')?.replace(/^Error: /, ''),
      'The opening date must be on or after the day the round starts, 1 February 2026',
    );
    assert.equal(
      page.text('#closes-error')?.replace(/^Error: /, ''),
      'The closing date must be on or before the day the round ends, 30 June 2026',
    );
    assert.match(
      page.text('#closes-hint') ?? '',
      /on or before the day the round ends, 30 June 2026/,
    );
    assert.equal(await count(), 0);
  });

  it('refuses the same dates in the API as problem+json, saving nothing', async () => {
    const response = await t.api(
      'trust-admin',
      'POST',
      `/api/v1/trusts/alpha/rounds/${roundId}/questionnaires`,
      {
        audience: 'frontline',
        title: 'Frontline',
        opensOn: '2026-01-15',
        closesOn: '2026-07-01',
      },
    );
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    const body = response.json<{ errors: { field: string; message: string }[] }>();
    assert.deepEqual(body.errors, [
      {
        field: 'opensOn',
        message: 'The opening date must be on or after the day the round starts, 1 February 2026',
      },
      {
        field: 'closesOn',
        message: 'The closing date must be on or before the day the round ends, 30 June 2026',
      },
    ]);
    assert.equal(await count(), 0);
  });

  let created = '';

  it('after saving, shows a success banner with the ways on', async () => {
    const response = await admin().post(`${base}/new`, form());
    assert.equal(response.statusCode, 303);
    created = response.headers.location?.split('?')[0] ?? '';
    const page = dom((await admin().get(response.headers.location ?? '')).body);
    assert.equal(
      page.text('[data-testid="saved"] .govuk-notification-banner__heading'),
      'Questionnaire set up',
    );
    const steps = page.root
      .querySelectorAll('[data-testid="next-steps"] a')
      .map((a) => [a.text, a.getAttribute('href')]);
    assert.deepEqual(steps, [
      ['Preview the questionnaire', `${created}/preview`],
      ['Create open links', '#links'],
      ['Send invitations', `${created}/invitations`],
      ['Back to the round’s tasks', `/trusts/alpha/rounds/${roundId}`],
    ]);
    const again = dom((await admin().get(`${created}?done=saved`)).body);
    assert.equal(
      again.text('[data-testid="saved"] .govuk-notification-banner__heading'),
      'Questionnaire saved',
    );
    assert.ok(!dom((await admin().get(created)).body).has('[data-testid="saved"]'));
  });

  it('lists open links by sector in the product’s order, not by their code', async () => {
    assert.equal((await admin().post(`${created}/links/all`)).statusCode, 303);
    const page = dom((await admin().get(created)).body);
    assert.deepEqual(
      page
        .rows('[data-testid="links"]')
        .slice(1)
        .map((row) => row[0]),
      ['Any sector — respondents choose', 'Early years and childcare', 'Schools', 'Health'],
    );
    const csv = await admin().get(`${created}/links.csv`);
    assert.deepEqual(
      csv.body
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
      ['Any sector — respondents choose', 'Early years and childcare', 'Schools', 'Health'],
    );
  });

  it('does not open links while the round is planning, and says what to do', async () => {
    const page = dom((await admin().get(planningBase)).body);
    assert.match(page.text('[data-testid="links-blocked"]') ?? '', /still being planned/);
    assert.match(page.text('[data-testid="links-blocked"]') ?? '', /Collecting responses/);
    assert.ok(!page.has('[data-testid="links-all"]'));
    assert.ok(!page.has('[data-testid="add-link"]'));

    const all = await admin().post(`${planningBase}/links/all`);
    assert.equal(all.statusCode, 400);
    assert.match(dom(all.body).errors()[0] ?? '', /still being planned/);
    const one = await admin().post(`${planningBase}/links`, { sector: 'health' });
    assert.equal(one.statusCode, 400);
    assert.match(dom(one.body).errors()[0] ?? '', /still being planned/);
    const qId = planningBase.split('/').at(-1) ?? '';
    const rows = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(questionnaireLinks).where(eq(questionnaireLinks.questionnaireId, qId)),
    );
    assert.equal(rows.length, 0);

    const api = await t.api(
      'trust-admin',
      'POST',
      `/api/v1/trusts/alpha/rounds/${planningBase.split('/')[4]}/questionnaires/${qId}/links`,
      { sector: 'health' },
    );
    assert.equal(api.statusCode, 400);
    assert.match(
      api.json<{ errors: { message: string }[] }>().errors[0]?.message ?? '',
      /still being planned/,
    );

    // A link closed earlier cannot be reopened while planning; closing stays possible.
    const closed = await addLink(t.db, t.alpha.id, qId, { closedAt: new Date() });
    const reopen = await admin().post(`${planningBase}/links/${closed.id}/reopen`);
    assert.equal(reopen.statusCode, 409);
    assert.ok(!dom((await admin().get(planningBase)).body).has(`#reopen-${closed.id}`));
  });
});
