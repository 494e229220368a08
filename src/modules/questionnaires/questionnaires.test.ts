import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, questionnaires } from '../../db/schema/index.ts';
import { addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { dom, type Dom, useApp } from '../../../test/build.ts';
import { getVersion } from '../framework/repository.ts';
import type { FrameworkVersion } from '../framework/schema.ts';
import { storeResponses } from '../responses/store.ts';
import { checkQuestionnaire } from './service.ts';

const AREAS = [
  'shared-identity',
  'common-values',
  'positive-outcomes',
  'integrated-working',
  'skilled-workforce',
  'complementary-roles',
  'keeping-safe',
];

/** A complete, valid form; tests change one field at a time. */
function goodForm(overrides: Record<string, string | string[]> = {}) {
  return {
    audience: 'frontline',
    title: 'Frontline practitioners 2026',
    areas: ['shared-identity', 'integrated-working'],
    drillDown: 'none',
    'opens-day': '1',
    'opens-month': '3',
    'opens-year': '2026',
    'closes-day': '30',
    'closes-month': '4',
    'closes-year': '2026',
    about: ['sector', 'locality'],
    languages: ['cy'],
    ...overrides,
  };
}

/** The rows of a GOV.UK summary list, as key → value. */
function summary(page: Dom, selector = '.govuk-summary-list'): Record<string, string> {
  const list = page.root.querySelector(selector);
  const entries = (list?.querySelectorAll('.govuk-summary-list__row') ?? []).map((row) => [
    row.querySelector('dt')?.text.replace(/\s+/g, ' ').trim() ?? '',
    row.querySelector('dd')?.text.replace(/\s+/g, ' ').trim() ?? '',
  ]);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** The values of the ticked boxes (or chosen radios) named `name`. */
const checked = (page: Dom, name: string) =>
  page.root
    .querySelectorAll(`input[name="${name}"]`)
    .filter((input) => input.hasAttribute('checked'))
    .map((input) => input.getAttribute('value'));

describe('questionnaires of a round', () => {
  const t = useApp({
    signIn: ['trust-admin', 'betaAdmin', 'viewer', 'contributor', 'action-lead'],
  });
  const admin = () => t.as('trust-admin');
  let roundId: string;
  let base: string;
  let version: FrameworkVersion;

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    const round = await addRound(t.db, t.alpha.id, { title: 'Spring 2026' });
    roundId = round.id;
    base = `/trusts/alpha/rounds/${roundId}/questionnaires`;
    const v = await t.db.asSystem((tx) => getVersion(tx, '2026.1'));
    assert.ok(v);
    version = v.content;
  });

  const rows = () =>
    t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(questionnaires).where(eq(questionnaires.roundId, roundId)),
    );

  function assertProblem(
    response: { statusCode: number; body: string },
    href: string,
    message: RegExp,
  ) {
    const page = dom(response.body);
    assert.equal(response.statusCode, 400, page.errors().join('; '));
    // The summary links to the field, the field is there, and the message shows at it too.
    const links = page.root.querySelectorAll('.govuk-error-summary__list a');
    const link = links.find((a) => a.getAttribute('href') === `#${href}`);
    assert.ok(link, `${href}: ${page.errors().join('; ')}`);
    assert.match(link.text.trim(), message);
    assert.ok(page.has(`#${href}`), href);
    assert.ok(
      page.texts('.govuk-error-message').some((m) => message.test(m)),
      `${href}: ${page.texts('.govuk-error-message').join('; ')}`,
    );
    assert.ok(page.text('title')?.startsWith('Error: '));
  }

  it('lists no questionnaires at first and offers to set one up', async () => {
    const page = await admin().get(base);
    assert.equal(page.statusCode, 200);
    const html = dom(page.body);
    assert.equal(html.text('h1.govuk-heading-l'), 'Questionnaires');
    assert.ok(html.has('[data-testid="no-questionnaires"]'));
    assert.ok(html.has(`a[href="${base}/new"]`));
  });

  it('shows the form with the four audiences, all seven areas ticked, and the languages', async () => {
    const page = await admin().get(`${base}/new`);
    assert.equal(page.statusCode, 200);
    const html = dom(page.body);
    assert.deepEqual(
      html.root
        .querySelectorAll('input[name="audience"][type="radio"]')
        .map((input) => input.getAttribute('value')),
      ['leaders-managers', 'frontline', 'children-young-people', 'parents-carers'],
    );
    assert.deepEqual(
      html.root
        .querySelectorAll('input[name="areas"][type="checkbox"]')
        .filter((input) => input.hasAttribute('checked'))
        .map((input) => input.getAttribute('value'))
        .sort(),
      [...AREAS].sort(),
    );
    assert.equal(html.attr('#areas', 'name'), 'areas');
    assert.ok(html.has('input[name="drillDown"][value="integrated-working-self-assessment"]'));
    assert.equal(html.attr('#languages', 'name'), 'languages');
    assert.equal(html.attr('#languages', 'type'), 'checkbox');
    assert.equal(html.attr('#languages', 'value'), 'cy');
    assert.ok(
      html
        .texts('.govuk-hint')
        .some((hint) => hint.includes('for children and young people we suggest none of these')),
    );
    assert.ok(html.has('input[name="opens-day"]'));
    assert.ok(html.has('input[name="closes-year"]'));
  });

  it('refuses every bad input, saving nothing', async () => {
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ audience: '' }, 'audience', /Select who the questionnaire is for/],
      [{ audience: 'aliens' }, 'audience', /Select who the questionnaire is for/],
      [{ title: '' }, 'title', /Enter a title/],
      [{ title: 'x'.repeat(121) }, 'title', /Title must be 120 characters or fewer/],
      [{ areas: [] }, 'areas', /Select at least one area/],
      [{ areas: ['shared-identity', 'made-up'] }, 'areas', /Select areas from the list/],
      [{ drillDown: 'no-such-drill' }, 'drillDown', /Select a drill-down from the list, or none/],
      [
        { audience: 'children-young-people', drillDown: 'integrated-working-self-assessment' },
        'drillDown',
        /has no questions for children and young people/,
      ],
      [
        { 'opens-day': '', 'opens-month': '', 'opens-year': '' },
        'opens-day',
        /Enter the opening date/,
      ],
      [{ 'opens-month': '' }, 'opens-month', /Opening date must include a month/],
      [
        { 'closes-day': '31', 'closes-month': '2' },
        'closes-day',
        /Closing date must be a real date/,
      ],
      [{ 'closes-year': '26' }, 'closes-year', /must include a year with 4 numbers/],
      [
        { 'closes-day': '28', 'closes-month': '2', 'closes-year': '2026' },
        'closes-day',
        /The closing date must be the same as or after the opening date/,
      ],
      [{ about: ['sector', 'shoe-size'] }, 'about', /Select about-you questions from the list/],
      [{ languages: ['xx'] }, 'languages', /Select languages from the list/],
    ];
    const auditBefore = (await t.db.withTrust(t.alpha.id, (tx) => tx.select().from(auditLog)))
      .length;
    for (const [change, field, message] of cases) {
      const response = await admin().post(`${base}/new`, goodForm(change));
      assertProblem(response, field, message);
    }
    assert.equal((await rows()).length, 0);
    const auditAfter = (await t.db.withTrust(t.alpha.id, (tx) => tx.select().from(auditLog)))
      .length;
    assert.equal(auditAfter, auditBefore);
  });

  it('keeps what was entered when it shows the errors', async () => {
    const response = await admin().post(
      `${base}/new`,
      goodForm({ title: '', areas: ['keeping-safe'], 'closes-year': '2025' }),
    );
    assert.equal(response.statusCode, 400);
    const page = dom(response.body);
    assert.deepEqual(checked(page, 'areas'), ['keeping-safe']);
    assert.equal(page.attr('input[name="closes-year"]', 'value'), '2025');
    // Errors in the order of the form.
    assert.deepEqual(
      page.root.querySelectorAll('.govuk-error-summary__list a').map((a) => a.getAttribute('href')),
      ['#title', '#closes-day'],
    );
    assert.deepEqual(page.errors(), [
      'Enter a title',
      'The closing date must be the same as or after the opening date',
    ]);
  });

  it('refuses a mix of audience and areas with no questions (the rule itself)', () => {
    // No published area lacks questions for an audience, so the rule is shown on a version
    // whose keeping-safe area has none for children and young people.
    const trimmed: FrameworkVersion = {
      ...version,
      areas: version.areas.map((area) =>
        area.key !== 'keeping-safe'
          ? area
          : {
              ...area,
              dimensions: area.dimensions.map((d) => ({
                ...d,
                items: d.items.filter((i) => !i.audiences.includes('children-young-people')),
              })),
            },
      ),
    };
    const shape = {
      audience: 'children-young-people' as const,
      areaKeys: ['keeping-safe'],
      drillDownKey: null,
      opensOn: '2026-01-01',
      closesOn: '2026-02-01',
      languages: ['en'],
    };
    const round = { startsOn: '2026-01-01', endsOn: '2026-12-31' };
    const errors = checkQuestionnaire(trimmed, shape, round);
    assert.deepEqual(
      errors.map((e) => e.field),
      ['areas'],
    );
    assert.match(errors[0]?.message ?? '', /There are no questions for children and young people/);
    assert.deepEqual(checkQuestionnaire(trimmed, { ...shape, audience: 'frontline' }, round), []);
    assert.deepEqual(
      checkQuestionnaire(
        trimmed,
        { ...shape, areaKeys: ['keeping-safe', 'shared-identity'] },
        round,
      ),
      [],
    );
  });

  let created = '';

  it('sets up a questionnaire and shows its pages and questions', async () => {
    const response = await admin().post(`${base}/new`, goodForm());
    assert.equal(response.statusCode, 303);
    const [row] = await rows();
    assert.ok(row);
    created = row.id;
    assert.equal(response.headers.location, `${base}/${row.id}?done=created`);
    assert.equal(row.audience, 'frontline');
    assert.equal(row.title, 'Frontline practitioners 2026');
    assert.deepEqual(row.areaKeys, ['shared-identity', 'integrated-working']);
    assert.equal(row.drillDownKey, null);
    assert.equal(row.opensOn, '2026-03-01');
    assert.equal(row.closesOn, '2026-04-30');
    assert.equal(row.askSector, true);
    assert.equal(row.askRoleLevel, false);
    assert.equal(row.askLocality, true);
    assert.deepEqual(row.languages, ['en', 'cy']);
    const audits = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.entityId, row.id)),
    );
    assert.equal(audits[0]?.action, 'created questionnaire');

    const page = await admin().get(`${base}/${row.id}?done=created`);
    assert.equal(page.statusCode, 200);
    const html = dom(page.body);
    assert.ok(html.text('.govuk-notification-banner__heading')?.startsWith('Questionnaire set up'));
    const facts = summary(html, '[data-testid="summary"]');
    assert.equal(facts.Audience, 'Frontline practitioners');
    assert.equal(facts.Opens, '1 March 2026');
    assert.equal(facts.Closes, '30 April 2026');
    assert.equal(facts.Languages, 'English, Welsh');
    // 12 frontline questions in each of the two areas (see the framework file).
    assert.equal(
      html.text('[data-testid="page-count"]'),
      '2 pages of questions, 24 questions in all.',
    );
    assert.deepEqual(html.texts('h1'), ['Frontline practitioners 2026']);
    assert.ok(html.text('title')?.startsWith('Frontline practitioners 2026 – '));

    const list = dom((await admin().get(base)).body);
    assert.equal(list.text(`a[href="${base}/${row.id}"]`), 'Frontline practitioners 2026');
    const [, first] = list.rows('[data-testid="questionnaires"]');
    assert.ok(first);
    assert.equal(first[0], 'Frontline practitioners 2026');
    assert.equal(
      first[2],
      'Red: Shared identity, purpose and vision; Green: Integrated working practices',
    );
    const csv = await admin().get(`${base}.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment/);
    assert.match(csv.body, /Frontline practitioners 2026,Frontline practitioners/);
    const pages = await admin().get(`${base}/${row.id}/pages.csv`);
    assert.match(pages.body, /^"1\. Shared identity, purpose and vision",Area,12$/m);
  });

  it('counts drill-down pages for leaders', async () => {
    const response = await admin().post(
      `${base}/new`,
      goodForm({
        audience: 'leaders-managers',
        title: 'Leaders with drill-down',
        areas: ['integrated-working'],
        drillDown: 'integrated-working-self-assessment',
      }),
    );
    assert.equal(response.statusCode, 303);
    const page = await admin().get(String(response.headers.location));
    // One area page (11 questions) and four practice pages of 5.
    assert.equal(
      dom(page.body).text('[data-testid="page-count"]'),
      '5 pages of questions, 31 questions in all.',
    );
  });

  it('edits a questionnaire with every bad input refused', async () => {
    const url = `${base}/${created}/edit`;
    const form = await admin().get(url);
    assert.equal(form.statusCode, 200);
    const html = dom(form.body);
    assert.equal(html.attr('input[name="title"]', 'value'), 'Frontline practitioners 2026');
    assert.equal(html.attr('input[name="opens-month"]', 'value'), '3');
    assert.deepEqual(checked(html, 'languages'), ['cy']);
    const bad: [Record<string, string | string[]>, string][] = [
      [{ areas: [] }, 'areas'],
      [{ 'closes-month': '1' }, 'closes-day'],
      [{ drillDown: 'nope' }, 'drillDown'],
      [{ languages: ['fr'] }, 'languages'],
    ];
    for (const [change, field] of bad) {
      const response = await admin().post(url, goodForm(change));
      assert.equal(response.statusCode, 400, field);
      assert.ok(dom(response.body).has(`.govuk-error-summary__list a[href="#${field}"]`), field);
    }
    const [before] = await rows();
    assert.deepEqual(before?.areaKeys, ['shared-identity', 'integrated-working']);
    const saved = await admin().post(
      url,
      goodForm({
        title: 'Frontline, renamed',
        audience: 'parents-carers',
        about: [],
        languages: [],
      }),
    );
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${base}/${created}?done=saved`);
    const row = (await rows()).find((r) => r.id === created);
    assert.ok(row);
    assert.equal(row.title, 'Frontline, renamed');
    assert.equal(row.audience, 'parents-carers');
    assert.equal(row.askSector, false);
    assert.deepEqual(row.languages, ['en']);
  });

  it('once it has responses, changes only the dates', async () => {
    await t.db.withTrust(t.alpha.id, (tx) =>
      storeResponses(tx, t.alpha.id, [
        {
          roundId,
          questionnaireId: created,
          audience: 'parents-carers',
          sectorKey: null,
          roleLevel: null,
          locality: null,
          language: 'en',
          source: 'online',
          submissionKey: 'edit-lock-1',
          answers: [],
          comments: [],
        },
      ]),
    );
    const url = `${base}/${created}/edit`;
    const form = await admin().get(url);
    assert.equal(form.statusCode, 200);
    const html = dom(form.body);
    assert.ok(html.has('[data-testid="read-only"]'));
    assert.ok(!html.has('[name="title"]'));
    assert.ok(!html.has('[name="areas"]'));
    assert.ok(html.has('input[name="closes-day"]'));
    const bad = await admin().post(url, {
      'opens-day': '1',
      'opens-month': '5',
      'opens-year': '2026',
      'closes-day': '1',
      'closes-month': '4',
      'closes-year': '2026',
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(dom(bad.body).errors(), [
      'The closing date must be the same as or after the opening date',
    ]);
    const saved = await admin().post(url, {
      ...goodForm({ title: 'Sneaky new title', areas: ['keeping-safe'], audience: 'frontline' }),
      'closes-day': '31',
      'closes-month': '5',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${base}/${created}?done=dates-saved`);
    const row = (await rows()).find((r) => r.id === created);
    assert.ok(row);
    assert.equal(row.title, 'Frontline, renamed');
    assert.equal(row.audience, 'parents-carers');
    assert.deepEqual(row.areaKeys, ['shared-identity', 'integrated-working']);
    assert.equal(row.closesOn, '2026-05-31');
    const page = await admin().get(`${base}/${created}`);
    assert.ok(
      dom(page.body)
        .texts('a')
        .some((a) => a.startsWith('Change the dates')),
    );
  });

  it('answers 404 for unknown ids and rounds, and another trust', async () => {
    for (const url of [
      `/trusts/alpha/rounds/not-a-uuid/questionnaires`,
      `/trusts/alpha/rounds/00000000-0000-4000-8000-000000000000/questionnaires`,
      `${base}/00000000-0000-4000-8000-000000000000`,
      `${base}/nope/edit`,
      `/trusts/beta/rounds/${roundId}/questionnaires`,
    ]) {
      const response = await admin().get(url);
      assert.equal(response.statusCode, 404, url);
    }
    // Beta's admin cannot reach alpha's round through beta's own URL either.
    const betaAdmin = t.as('betaAdmin');
    const viaBeta = await betaAdmin.get(`/trusts/beta/rounds/${roundId}/questionnaires`);
    assert.equal(viaBeta.statusCode, 404);
    const betaRound = await addRound(t.db, t.beta.id);
    const betaQ = await addQuestionnaire(t.db, t.beta.id, betaRound.id);
    const cross = await admin().get(`${base}/${betaQ.id}`);
    assert.equal(cross.statusCode, 404);
    const post = await betaAdmin.post(
      `/trusts/alpha/rounds/${roundId}/questionnaires/new`,
      goodForm(),
    );
    assert.equal(post.statusCode, 404);
  });

  it('gives other roles 403 on set-up', async () => {
    for (const role of ['viewer', 'contributor', 'action-lead'] as const) {
      const agent = t.as(role);
      for (const url of [base, `${base}/new`, `${base}/${created}`, `${base}/${created}/edit`]) {
        const response = await agent.get(url);
        assert.equal(response.statusCode, 403, `${role} ${url}`);
      }
      const post = await agent.post(`${base}/new`, goodForm({ title: `By ${role}` }));
      assert.equal(post.statusCode, 403);
    }
    assert.ok((await rows()).every((r) => !r.title.startsWith('By ')));
  });

  it('sends people who are not signed in to sign in', async () => {
    const response = await t.anonymous().get(base);
    assert.equal(response.statusCode, 303);
    assert.match(String(response.headers.location), /^\/sign-in/);
  });
});
