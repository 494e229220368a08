import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, workshopRatings, workshops } from '../../db/schema/index.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import { dom, type Dom, useApp } from '../../../test/build.ts';

// The red area of framework version 2026.1 and its five dimensions.
const RED = 'shared-identity';
const RED_DIMENSIONS = [
  'shared-vision',
  'vision-known',
  'one-workforce',
  'leaders-committed',
  'capacity-to-deliver',
];

const workshopForm = (overrides: Record<string, string> = {}) => ({
  kind: 'analysis-workshop',
  title: 'Sub-group analysis workshop',
  'heldOn-day': '1',
  'heldOn-month': '6',
  'heldOn-year': '2026',
  facilitator: 'Workforce development manager',
  'participants-health': '4',
  'participants-schools': '',
  'participants-early-years': '2',
  notes: 'Agreed the position for every colour',
  ...overrides,
});

describe('focus groups and workshops pages', () => {
  const t = useApp({ signIn: ['contributor', 'action-lead', 'viewer', 'betaAdmin'] });
  const contributor = () => t.as('contributor');
  const viewer = () => t.as('viewer');
  let roundId = '';
  let base = '';
  let workshopId = '';

  // Runs after useApp's own before(): the app and the two trusts exist.
  before(async () => {
    await addSectors(t.db, t.alpha.id);
    roundId = (await addRound(t.db, t.alpha.id, { title: 'Workshop round' })).id;
    base = `/trusts/alpha/rounds/${roundId}/workshops`;
  });

  /** The summary list's rows as [key, value]. */
  const details = (page: Dom) =>
    Object.fromEntries(
      page.root
        .querySelectorAll('[data-testid="workshop-details"] .govuk-summary-list__row')
        .map((row) => [
          row.querySelector('.govuk-summary-list__key')?.text.trim() ?? '',
          row.querySelector('.govuk-summary-list__value') ?? undefined,
        ]),
    );
  const banner = (page: Dom) => page.text('.govuk-notification-banner__content') ?? '';
  const checkedValues = (page: Dom, name: string) =>
    page.root
      .querySelectorAll(`input[name="${name}"]`)
      .filter((input) => input.hasAttribute('checked'))
      .map((input) => input.getAttribute('value'));
  /** Checks a refused form: the message in the error summary, linked to the field, and by it. */
  const assertError = (page: Dom, href: string, message: string) => {
    const link = page.root.querySelector(`.govuk-error-summary__list a[href="${href}"]`);
    assert.ok(link, `${href} in the error summary`);
    assert.ok(link.text.includes(message), `${message} in ${link.text}`);
    assert.ok(
      page.texts('.govuk-error-message').some((inline) => inline.includes(message)),
      `${message} by the field`,
    );
  };

  const allWorkshops = () => t.db.withTrust(t.alpha.id, (tx) => tx.select().from(workshops));
  const allRatings = () => t.db.withTrust(t.alpha.id, (tx) => tx.select().from(workshopRatings));

  it('shows an empty list and the form to record a workshop', async () => {
    const list = await viewer().get(base);
    assert.equal(list.statusCode, 200);
    const listPage = dom(list.body);
    assert.equal(listPage.text('h1'), 'Focus groups and workshops');
    assert.equal(
      listPage.text('[data-testid="no-workshops"]'),
      'No focus groups or workshops have been recorded for this round yet.',
    );
    assert.ok(!listPage.has('[href*="/workshops/new"]'));
    assert.ok(!listPage.has('[data-testid="new-workshop"]'));
    const form = await contributor().get(`${base}/new`);
    assert.equal(form.statusCode, 200);
    const formPage = dom(form.body);
    assert.equal(formPage.text('h1'), 'Record a focus group or workshop');
    assert.ok(
      formPage
        .texts('.govuk-radios__hint')
        .some((hint) => hint.includes('Its scores are the agreed position')),
    );
    for (const id of ['kind', 'title', 'heldOn-day', 'facilitator', 'participants-health', 'notes'])
      assert.ok(formPage.has(`[id="${id}"]`), id);
  });

  it('refuses every bad input with GOV.UK errors and saves nothing', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ kind: '' }, 'kind', 'Select whether it was a focus group or an analysis workshop'],
      [{ title: '' }, 'title', 'Enter a title'],
      [{ title: 'x'.repeat(121) }, 'title', 'Title must be 120 characters or fewer'],
      [
        { 'heldOn-day': '', 'heldOn-month': '', 'heldOn-year': '' },
        'heldOn',
        'Enter the date it was held',
      ],
      [{ 'heldOn-day': '32' }, 'heldOn', 'Date it was held must be a real date'],
      [{ facilitator: '' }, 'facilitator', 'Enter the name of the facilitator'],
      [
        { facilitator: 'x'.repeat(101) },
        'facilitator',
        'Facilitator must be 100 characters or fewer',
      ],
      [
        { 'participants-health': 'four' },
        'participants-health',
        'Enter the number of people from Health as a whole number, like 6',
      ],
      [{ 'participants-schools': '2.5' }, 'participants-schools', 'as a whole number'],
      [{ 'participants-schools': '-1' }, 'participants-schools', 'as a whole number'],
      [{ notes: 'x'.repeat(2001) }, 'notes', 'Notes must be 2,000 characters or fewer'],
    ];
    for (const [overrides, field, message] of cases) {
      const response = await contributor().post(`${base}/new`, workshopForm(overrides));
      assert.equal(response.statusCode, 400, message);
      const href = field === 'heldOn' ? '#heldOn-day' : `#${field}`;
      assertError(dom(response.body), href, message);
    }
    const many = await contributor().post(
      `${base}/new`,
      workshopForm({ notes: 'x'.repeat(2001), 'participants-health': 'x', title: '' }),
    );
    const errors = dom(many.body).errors();
    const at = (part: string) => errors.findIndex((error) => error.includes(part));
    assert.ok(at('Enter a title') >= 0, errors.join(' | '));
    assert.ok(at('Enter a title') < at('Health'), errors.join(' | '));
    assert.ok(at('Health') < at('Notes must be'), errors.join(' | '));
    assert.equal((await allWorkshops()).length, 0);
  });

  it('records a workshop and shows its page', async () => {
    const response = await contributor().post(`${base}/new`, workshopForm());
    assert.equal(response.statusCode, 303);
    const match = new RegExp(`^${base}/([0-9a-f-]{36})\\?done=recorded$`).exec(
      String(response.headers.location),
    );
    assert.ok(match?.[1]);
    workshopId = match[1];
    const [row] = await allWorkshops();
    assert.equal(row?.kind, 'analysis-workshop');
    assert.equal(row.heldOn, '2026-06-01');
    // Sectors in the national order.
    assert.deepEqual(row.participants, [
      { sectorKey: 'early-years', count: 2 },
      { sectorKey: 'health', count: 4 },
    ]);
    const page = await viewer().get(String(response.headers.location));
    assert.equal(page.statusCode, 200);
    const shown = dom(page.body);
    assert.equal(shown.text('h1'), 'Sub-group analysis workshop');
    assert.equal(banner(shown), 'Workshop recorded');
    const rows = details(shown);
    assert.equal(rows['Date held']?.text.trim(), '1 June 2026');
    const taking = rows['People taking part'];
    assert.ok(taking);
    assert.ok(
      taking.querySelectorAll('li').some((item) => item.text.trim() === 'Health: 4'),
      taking.text,
    );
    assert.equal(taking.querySelector('p')?.text.trim(), '6 in total');
    assert.deepEqual(
      shown.texts('h2.govuk-heading-m[id^="area-"]').map((heading) => heading.split(': ')[0]),
      ['Red', 'Orange', 'Yellow', 'Green', 'Blue', 'Indigo', 'Violet'],
    );
    assert.ok(!shown.has(`a[href^="${base}/${workshopId}/areas/"]`), 'a viewer cannot record');
    assert.ok(!shown.root.text.includes('Record ratings for'), 'a viewer cannot record');
    const forContributor = dom((await contributor().get(`${base}/${workshopId}`)).body);
    assert.equal(
      forContributor.text(`a[href="${base}/${workshopId}/areas/${RED}"]`),
      'Record ratings for Shared identity, purpose and vision',
    );
    const [entry] = await t.db.withTrust(t.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.entityId, workshopId)),
    );
    assert.equal(entry?.action, 'recorded an analysis workshop');
  });

  const ratingsUrl = () => `${base}/${workshopId}/areas/${RED}`;

  it('shows a fieldset per dimension of the area', async () => {
    const response = await contributor().get(ratingsUrl());
    assert.equal(response.statusCode, 200);
    const page = dom(response.body);
    assert.equal(page.text('h1'), 'Record ratings for Shared identity, purpose and vision');
    for (const key of RED_DIMENSIONS)
      for (const box of ['score', 'stage', 'reasons', 'links'])
        assert.ok(page.has(`[id="${box}-${key}"]`), `${box}-${key}`);
    assert.ok(page.text('.govuk-details')?.includes('Emerging: 2.0 to 2.9'));
  });

  it('refuses bad ratings with GOV.UK errors and saves none of the page', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ 'score-shared-vision': '5.5' }, 'score-shared-vision', 'must be between 1.0 and 5.0'],
      [{ 'score-shared-vision': '0.5' }, 'score-shared-vision', 'must be between 1.0 and 5.0'],
      [{ 'score-shared-vision': '2.55' }, 'score-shared-vision', 'no more than one decimal place'],
      [{ 'score-shared-vision': 'abc' }, 'score-shared-vision', 'must be a number from 1.0 to 5.0'],
      [{ 'score-shared-vision': '-2' }, 'score-shared-vision', 'must be a number from 1.0 to 5.0'],
      [
        { 'score-shared-vision': '2.5', 'stage-shared-vision': '3' },
        'stage-shared-vision',
        'A score of 2.5 is in the Emerging stage: choose Emerging or change the score',
      ],
      [
        { 'score-vision-known': '4', 'stage-vision-known': '3' },
        'stage-vision-known',
        'A score of 4.0 is in the Reformed and integrated stage',
      ],
      [{ 'stage-shared-vision': '7' }, 'stage-shared-vision', 'Select a stage for'],
      [
        { 'reasons-shared-vision': 'x'.repeat(2001) },
        'reasons-shared-vision',
        '2,000 characters or fewer',
      ],
      [
        { 'links-shared-vision': 'https://example.org/a\nftp://example.org/b' },
        'links-shared-vision',
        'Evidence link 2 for Shared vision',
      ],
      [
        { 'links-shared-vision': 'javascript:alert(1)' },
        'links-shared-vision',
        'must be a web address',
      ],
      [
        {
          'links-shared-vision': Array.from({ length: 11 }, (_, i) => `https://e.org/${i}`).join(
            '\n',
          ),
        },
        'links-shared-vision',
        'Enter no more than 10 evidence links',
      ],
    ];
    for (const [fields, field, message] of cases) {
      // A good rating for another dimension on the same page is not saved either.
      const response = await contributor().post(ratingsUrl(), {
        'score-one-workforce': '3.0',
        'stage-one-workforce': '3',
        ...fields,
      });
      assert.equal(response.statusCode, 400, message);
      const page = dom(response.body);
      assertError(page, `#${field}`, message);
      assert.equal(page.attr('#score-one-workforce', 'value'), '3.0');
    }
    assert.equal((await allRatings()).length, 0);
  });

  it('saves the ratings of an area in one go and shows them', async () => {
    const response = await contributor().post(ratingsUrl(), {
      'score-shared-vision': '2.5',
      'stage-shared-vision': '2',
      'reasons-shared-vision': 'Vision agreed by the board, not yet known by staff',
      'links-shared-vision': 'https://example.org/vision\r\n\r\nhttp://example.org/minutes',
      'score-vision-known': '',
      'stage-vision-known': '1',
      'score-one-workforce': '3',
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `${base}/${workshopId}?done=ratings#area-${RED}`);
    const stored = await allRatings();
    assert.equal(stored.length, 3);
    const vision = stored.find((r) => r.dimensionKey === 'shared-vision');
    assert.equal(vision?.score, '2.5');
    assert.equal(vision.stage, 2);
    assert.deepEqual(vision.evidenceLinks, [
      'https://example.org/vision',
      'http://example.org/minutes',
    ]);
    assert.equal(stored.find((r) => r.dimensionKey === 'vision-known')?.score, null);
    const page = await viewer().get(`${base}/${workshopId}`);
    const shown = dom(page.body);
    const table = '[data-testid="ratings-shared-identity"]';
    assert.deepEqual(
      shown
        .rows(table)
        .find((row) => row[0] === 'Shared vision agreed across partners')
        ?.slice(0, 4),
      [
        'Shared vision agreed across partners',
        '2.5',
        'Emerging',
        'Vision agreed by the board, not yet known by staff',
      ],
    );
    // The evidence links, each a link to itself.
    assert.deepEqual(
      shown.root
        .querySelectorAll(`${table} a`)
        .map((link) => [link.getAttribute('href'), link.text]),
      [
        ['https://example.org/vision', 'https://example.org/vision'],
        ['http://example.org/minutes', 'http://example.org/minutes'],
      ],
    );
    // The form shows what was saved.
    const form = dom((await contributor().get(ratingsUrl())).body);
    assert.equal(form.attr('#score-shared-vision', 'value'), '2.5');
    assert.equal(form.attr('#stage-vision-known', 'type'), 'radio');
    assert.equal(form.attr('#stage-vision-known', 'value'), '1');
    assert.deepEqual(checkedValues(form, 'stage-vision-known'), ['1']);
    assert.ok(form.has('input[name="stage-one-workforce"][type="radio"]'));
    // One Workforce was saved with a score and no stage: none of the stages is chosen.
    assert.deepEqual(
      checkedValues(form, 'stage-one-workforce').filter((value) => /^\d$/.test(value ?? '')),
      [],
    );
  });

  it('removes a rating when all of its boxes are blanked', async () => {
    const response = await contributor().post(ratingsUrl(), {
      'score-shared-vision': '2.5',
      'stage-shared-vision': '2',
      'score-vision-known': '',
      'stage-vision-known': '',
      'score-one-workforce': '3.5',
    });
    assert.equal(response.statusCode, 303);
    const stored = await allRatings();
    assert.deepEqual(stored.map((r) => r.dimensionKey).sort(), ['one-workforce', 'shared-vision']);
    assert.equal(stored.find((r) => r.dimensionKey === 'one-workforce')?.score, '3.5');
    assert.equal(stored.find((r) => r.dimensionKey === 'shared-vision')?.reasons, '');
  });

  it('lists workshops with totals and exports them and every rating as CSV', async () => {
    const list = await viewer().get(base);
    const rows = dom(list.body).rows('[data-testid="workshops"]');
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1]?.slice(0, 6), [
      '1 June 2026',
      'Analysis workshop',
      'Sub-group analysis workshop',
      'Workforce development manager',
      '6',
      '2',
    ]);
    const csv = await viewer().get(`${base}.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /filename="alpha-workshops.csv"/);
    assert.equal(
      csv.body.trim().split('\r\n')[1],
      '1 June 2026,Analysis workshop,Sub-group analysis workshop,Workforce development manager,6,2',
    );
    const page = dom((await viewer().get(`${base}/${workshopId}`)).body);
    const red = page.rows('[data-testid="ratings-shared-identity"]');
    const redCsv = await viewer().get(`${base}/${workshopId}.csv?table=ratings-shared-identity`);
    assert.equal(redCsv.statusCode, 200);
    assert.deepEqual(
      redCsv.body
        .trim()
        .split('\r\n')
        .map((line) => line.split(',')),
      red,
    );
    const ratings = await viewer().get(`${base}/ratings.csv`);
    assert.equal(ratings.statusCode, 200);
    assert.match(String(ratings.headers['content-type']), /^text\/csv/);
    const lines = ratings.body.trim().split('\r\n');
    assert.equal(lines[0], 'workshop,date,kind,area,dimension,score,stage,reasons,evidence links');
    assert.equal(
      lines[1],
      'Sub-group analysis workshop,2026-06-01,Analysis workshop,"Red: Shared identity, purpose and vision",Shared vision agreed across partners,2.5,Emerging,,',
    );
    assert.equal(lines.length, 3);
    const one = await viewer().get(`${base}/${workshopId}/ratings.csv`);
    assert.equal(one.statusCode, 200);
    assert.equal(one.body.trim().split('\r\n').length, 3);
  });

  it('changes the details of a workshop', async () => {
    const form = await contributor().get(`${base}/${workshopId}/edit`);
    assert.equal(form.statusCode, 200);
    const page = dom(form.body);
    assert.equal(page.attr('#participants-health', 'value'), '4');
    assert.equal(page.attr('input[name="heldOn-month"]', 'value'), '6');
    const bad = await contributor().post(`${base}/${workshopId}/edit`, workshopForm({ title: '' }));
    assert.equal(bad.statusCode, 400);
    const saved = await contributor().post(
      `${base}/${workshopId}/edit`,
      workshopForm({ kind: 'focus-group', title: 'Renamed', 'participants-health': '' }),
    );
    assert.equal(saved.statusCode, 303);
    const [row] = await allWorkshops();
    assert.equal(row?.title, 'Renamed');
    assert.equal(row.kind, 'focus-group');
    assert.deepEqual(row.participants, [{ sectorKey: 'early-years', count: 2 }]);
  });

  it('keeps read-only roles out (403) and other trusts out (404)', async () => {
    for (const role of ['action-lead', 'viewer'] as const) {
      const agent = t.as(role);
      assert.equal((await agent.get(base)).statusCode, 200);
      assert.equal((await agent.get(`${base}/${workshopId}`)).statusCode, 200);
      assert.equal((await agent.get(`${base}/new`)).statusCode, 403);
      assert.equal((await agent.post(`${base}/new`, workshopForm())).statusCode, 403);
      assert.equal((await agent.get(ratingsUrl())).statusCode, 403);
      assert.equal(
        (await agent.post(ratingsUrl(), { 'score-shared-vision': '1.0' })).statusCode,
        403,
      );
      assert.equal(
        (await agent.post(`${base}/${workshopId}/edit`, workshopForm())).statusCode,
        403,
      );
      assert.equal((await agent.post(`${base}/${workshopId}/remove`)).statusCode, 403);
    }
    const beta = t.as('betaAdmin');
    assert.equal((await beta.get(base)).statusCode, 404);
    const theirs = `/trusts/beta/rounds/${roundId}/workshops`;
    assert.equal((await beta.get(theirs)).statusCode, 404);
    assert.equal((await beta.get(`${theirs}/${workshopId}`)).statusCode, 404);
    assert.equal((await beta.post(`${theirs}/new`, workshopForm())).statusCode, 404);
    assert.equal((await contributor().get(`${base}/${workshopId}/areas/purple`)).statusCode, 404);
    assert.equal((await contributor().get(`${base}/not-a-uuid`)).statusCode, 404);
    assert.equal((await allWorkshops()).length, 1);
    assert.equal((await allRatings()).length, 2);
  });

  it('removes a workshop and its ratings after asking', async () => {
    const confirm = await contributor().get(`${base}/${workshopId}/remove`);
    assert.equal(confirm.statusCode, 200);
    assert.equal(dom(confirm.body).text('h1'), 'Remove Renamed');
    const response = await contributor().post(`${base}/${workshopId}/remove`);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `${base}?done=removed`);
    assert.equal((await allWorkshops()).length, 0);
    assert.equal((await allRatings()).length, 0);
    assert.equal(
      banner(dom((await contributor().get(`${base}?done=removed`)).body)),
      'Workshop removed',
    );
  });
});
