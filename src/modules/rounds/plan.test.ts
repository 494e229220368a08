import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, planTests } from '../../db/schema/index.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import { dom, useApp } from '../../../test/build.ts';
import { readXlsxRows } from '../../web/xlsx.ts';

const ALL_AREAS = [
  'shared-identity',
  'common-values',
  'positive-outcomes',
  'integrated-working',
  'skilled-workforce',
  'complementary-roles',
  'keeping-safe',
];

const dateFields = (name: string, iso: string | null) => {
  const [year = '', month = '', day = ''] = iso === null ? [] : iso.split('-');
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
};

const testForm = (overrides: Record<string, string | string[]> = {}) => ({
  areas: ['shared-identity', 'common-values'],
  activity: 'questionnaire',
  ...dateFields('startsOn', '2026-01-23'),
  ...dateFields('endsOn', '2026-03-31'),
  participants: ['early-years', 'schools', 'health'],
  description: 'Online questionnaire to practitioners',
  ...overrides,
});

describe('the plan of a round', () => {
  const t = useApp({
    signIn: ['trust-admin', 'contributor', 'action-lead', 'viewer', 'betaAdmin'],
  });
  const admin = () => t.as('trust-admin');
  const contributor = () => t.as('contributor');
  let roundId = '';
  let base = '';

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    roundId = (await addRound(t.db, t.alpha.id, { title: 'Plan round', status: 'planning' })).id;
    base = `/trusts/alpha/rounds/${roundId}`;
  });

  const rows = () => t.db.withTrust(t.alpha.id, (tx) => tx.select().from(planTests));

  it('shows an empty plan with a button to add a test', async () => {
    const response = await contributor().get(`${base}/plan`);
    assert.equal(response.statusCode, 200);
    const page = dom(response.body);
    assert.deepEqual(page.texts('h1'), ['Plan the tests']);
    assert.equal(page.text('[data-testid="no-tests"]'), 'There are no tests in the plan yet.');
    assert.equal(page.text('[data-testid="add-test"]'), 'Add a test');
    assert.equal(page.attr('[data-testid="add-test"]', 'href'), `${base}/plan/new`);
  });

  it('shows the form with the version’s areas, the trust’s sectors and the audiences', async () => {
    const response = await contributor().get(`${base}/plan/new`);
    assert.equal(response.statusCode, 200);
    const page = dom(response.body);
    assert.deepEqual(page.texts('h1'), ['Add a test to the plan']);
    const areas = page.root.querySelectorAll('input[type=checkbox][name=areas]');
    assert.deepEqual(
      areas.map((box) => box.getAttribute('value')),
      ALL_AREAS,
    );
    // The first box of each group carries the group's id, for the error summary's links.
    assert.equal(page.attr('#areas', 'name'), 'areas');
    assert.equal(page.attr('#participants', 'name'), 'participants');
    assert.equal(page.attr('#activity', 'name'), 'activity');
    const label = (name: string) =>
      page.root
        .querySelectorAll(`input[name=${name}]`)
        .map((input) => page.text(`label[for="${input.getAttribute('id') ?? ''}"]`));
    const areaLabels = label('areas');
    assert.equal(areaLabels[0], 'Red: Shared identity, purpose and vision');
    assert.equal(areaLabels[6], 'Violet: Keeping children safe');
    const participants = label('participants');
    for (const name of ['Health', 'Schools', 'Early years and childcare', 'Parents and carers'])
      assert.ok(participants.includes(name), name);
    // Audiences and sectors are two groups, each with its own legend.
    const group = (legend: string) =>
      page.root
        .querySelectorAll('fieldset')
        .find((f) => f.querySelector('legend')?.text.trim() === legend)
        ?.querySelectorAll('input[name=participants]')
        .map((input) => input.getAttribute('value'));
    assert.deepEqual(group('Which audiences take part?'), [
      'leaders-managers',
      'frontline',
      'children-young-people',
      'parents-carers',
    ]);
    assert.deepEqual(group('Which sectors take part?')?.slice(0, 1).length, 1);
    assert.ok(!(group('Which sectors take part?') ?? []).includes('frontline'));
    const activities = label('activity');
    for (const activity of ['Questionnaire', 'Focus group', 'Analysis workshop', 'Evidence review'])
      assert.ok(activities.includes(activity), activity);
  });

  it('refuses every bad input with GOV.UK errors and saves nothing', async () => {
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ areas: [] }, 'areas', 'Select at least one area'],
      [{ areas: ['purple'] }, 'areas', 'Select areas from the list'],
      [{ activity: '' }, 'activity', 'Select the activity'],
      [{ activity: 'party' }, 'activity', 'Select the activity'],
      [{ ...dateFields('startsOn', null) }, 'startsOn', 'Enter the start date'],
      [
        { 'startsOn-day': '30', 'startsOn-month': '2' },
        'startsOn',
        'Start date must be a real date',
      ],
      [{ 'endsOn-year': '' }, 'endsOn', 'End date must include a year'],
      [
        { ...dateFields('endsOn', '2026-01-01') },
        'endsOn',
        'End date must be the same as or after the start date',
      ],
      [{ participants: [] }, 'participants', 'Select who is taking part'],
      [{ participants: ['police'] }, 'participants', 'Select who is taking part from the list'],
      [
        { description: 'x'.repeat(501) },
        'description',
        'Description must be 500 characters or fewer',
      ],
    ];
    for (const [overrides, field, message] of cases) {
      const response = await contributor().post(`${base}/plan/new`, testForm(overrides));
      assert.equal(response.statusCode, 400, message);
      const page = dom(response.body);
      assert.deepEqual(page.errors(), [message]);
      const href = field.endsWith('On') ? `#${field}-day` : `#${field}`;
      assert.equal(page.attr('.govuk-error-summary__list a', 'href'), href);
      assert.equal(page.text(`#${field}-error`), `Error: ${message}`);
    }
    // Several problems at once are all listed, and ticked boxes stay ticked.
    const many = await contributor().post(
      `${base}/plan/new`,
      testForm({ activity: '', participants: [], 'startsOn-day': '' }),
    );
    const manyPage = dom(many.body);
    assert.deepEqual(manyPage.errors(), [
      'Select the activity',
      'Start date must include a day',
      'Select who is taking part',
    ]);
    assert.equal(manyPage.attr('input[name=areas][value="shared-identity"]', 'checked'), '');
    assert.equal(manyPage.attr('input[name=areas][value="keeping-safe"]', 'checked'), undefined);
    assert.equal((await rows()).length, 0);
  });

  it('adds tests, shows them by start date in words, and audits', async () => {
    const first = await contributor().post(
      `${base}/plan/new`,
      testForm({
        areas: ALL_AREAS,
        activity: 'analysis-workshop',
        ...dateFields('startsOn', '2026-06-01'),
        ...dateFields('endsOn', null),
        participants: ['leaders-managers'],
        description: 'Workforce development sub-group',
      }),
    );
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, `${base}/plan?done=added`);
    const second = await admin().post(`${base}/plan/new`, testForm());
    assert.equal(second.statusCode, 303);
    const stored = await rows();
    assert.equal(stored.length, 2);
    const questionnaire = stored.find((r) => r.activity === 'questionnaire');
    assert.deepEqual(questionnaire?.areaKeys, ['shared-identity', 'common-values']);
    assert.deepEqual(questionnaire.participants, ['early-years', 'schools', 'health']);
    assert.equal(questionnaire.endsOn, '2026-03-31');
    assert.equal(stored.find((r) => r.activity === 'analysis-workshop')?.endsOn, null);

    const response = await contributor().get(`${base}/plan?done=added`);
    const page = dom(response.body);
    assert.match(page.text('.govuk-notification-banner') ?? '', /Test added to the plan/);
    const [, ...lines] = page.rows('[data-testid="plan"]');
    assert.deepEqual(
      lines.map((cells) => cells.slice(0, 5)),
      [
        [
          '23 January 2026 to 31 March 2026',
          'Red, Orange',
          'Questionnaire',
          'Early years and childcare, Schools, Health',
          'Online questionnaire to practitioners',
        ],
        [
          '1 June 2026',
          'All areas',
          'Analysis workshop',
          'Leaders and managers',
          'Workforce development sub-group',
        ],
      ],
    );
    const entries = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'added a test to the plan')),
    );
    assert.equal(entries.length, 2);
  });

  it('downloads the plan as the page shows it, as CSV or Excel', async () => {
    const csv = await contributor().get(`${base}/plan.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /filename="alpha-plan.csv"/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'Dates,Areas,Activity,Taking part,Description');
    assert.equal(
      lines[1],
      '23 January 2026 to 31 March 2026,"Red, Orange",Questionnaire,"Early years and childcare, Schools, Health",Online questionnaire to practitioners',
    );
    assert.match(lines[2] ?? '', /^1 June 2026,All areas,Analysis workshop,/);
    const xlsx = await contributor().get(`${base}/plan.xlsx`);
    assert.equal(xlsx.statusCode, 200);
    const sheet = await readXlsxRows(xlsx.rawPayload);
    assert.deepEqual(sheet[0], ['Dates', 'Areas', 'Activity', 'Taking part', 'Description']);
    assert.equal(sheet[1]?.[0], '23 January 2026 to 31 March 2026');
    assert.equal(sheet.length, 3);
  });

  it('changes a test, keeping it on bad input', async () => {
    const row = (await rows()).find((r) => r.activity === 'questionnaire');
    assert.ok(row);
    const form = await contributor().get(`${base}/plan/${row.id}`);
    assert.equal(form.statusCode, 200);
    const page = dom(form.body);
    assert.deepEqual(page.texts('h1'), ['Change a test in the plan']);
    assert.equal(page.attr('input[name=areas][value="common-values"]', 'checked'), '');
    assert.equal(page.attr('input[name="startsOn-day"]', 'value'), '23');
    assert.equal(page.attr('input[name="endsOn-month"]', 'value'), '3');

    const bad = await contributor().post(`${base}/plan/${row.id}`, testForm({ areas: [] }));
    assert.equal(bad.statusCode, 400);
    assert.deepEqual((await rows()).find((r) => r.id === row.id)?.areaKeys, row.areaKeys);

    const saved = await contributor().post(
      `${base}/plan/${row.id}`,
      testForm({ areas: ['keeping-safe'], activity: 'focus-group', participants: ['frontline'] }),
    );
    assert.equal(saved.statusCode, 303);
    const changed = (await rows()).find((r) => r.id === row.id);
    assert.deepEqual(changed?.areaKeys, ['keeping-safe']);
    assert.equal(changed.activity, 'focus-group');
    assert.deepEqual(changed.participants, ['frontline']);
  });

  it('keeps read-only roles out of changes (403) but lets them read', async () => {
    const row = (await rows())[0];
    assert.ok(row);
    for (const role of ['action-lead', 'viewer'] as const) {
      const agent = t.as(role);
      const page = await agent.get(`${base}/plan`);
      assert.equal(page.statusCode, 200, role);
      const read = dom(page.body);
      assert.equal(read.rows('[data-testid="plan"]').length, 3, 'the plan is shown');
      assert.ok(!read.has('[data-testid="add-test"]'), 'no button to add a test');
      assert.ok(!read.root.text.includes('Add a test'));
      assert.ok(!read.has(`a[href="${base}/plan/${row.id}"]`), 'no link to change a test');
      assert.equal((await agent.get(`${base}/plan.csv`)).statusCode, 200);
      assert.equal((await agent.get(`${base}/plan/new`)).statusCode, 403);
      assert.equal((await agent.post(`${base}/plan/new`, testForm())).statusCode, 403);
      assert.equal((await agent.get(`${base}/plan/${row.id}`)).statusCode, 403);
      assert.equal((await agent.post(`${base}/plan/${row.id}`, testForm())).statusCode, 403);
      assert.equal((await agent.post(`${base}/plan/${row.id}/remove`)).statusCode, 403);
    }
    assert.equal((await rows()).length, 2);
  });

  it('answers 404 for another trust and for tests that are not in this round', async () => {
    const beta = t.as('betaAdmin');
    assert.equal((await beta.get(`${base}/plan`)).statusCode, 404);
    assert.equal((await beta.get(`/trusts/beta/rounds/${roundId}/plan`)).statusCode, 404);
    assert.equal(
      (await beta.post(`/trusts/beta/rounds/${roundId}/plan/new`, testForm())).statusCode,
      404,
    );
    const other = await addRound(t.db, t.alpha.id, { title: 'Other round' });
    const row = (await rows())[0];
    assert.ok(row);
    const elsewhere = `/trusts/alpha/rounds/${other.id}/plan/${row.id}`;
    assert.equal((await admin().get(elsewhere)).statusCode, 404);
    assert.equal((await admin().post(`${elsewhere}/remove`)).statusCode, 404);
    assert.equal((await admin().get(`${base}/plan/nonsense`)).statusCode, 404);
    assert.equal((await rows()).length, 2);
  });

  it('removes a test', async () => {
    const row = (await rows())[0];
    assert.ok(row);
    const response = await admin().post(`${base}/plan/${row.id}/remove`);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `${base}/plan?done=removed`);
    assert.equal((await rows()).length, 1);
    const entries = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'removed a test from the plan')),
    );
    assert.equal(entries[0]?.entityId, row.id);
  });
});
