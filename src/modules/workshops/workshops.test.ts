import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, workshopRatings, workshops } from '../../db/schema/index.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import {
  Agent,
  createTestApp,
  seedWorld,
  text,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';

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
  let t: TestApp;
  let world: World;
  let contributor: Agent;
  let viewer: Agent;
  let roundId = '';
  let base = '';
  let workshopId = '';

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id);
    roundId = (await addRound(t.db, world.alpha.id, { title: 'Workshop round' })).id;
    base = `/trusts/alpha/rounds/${roundId}/workshops`;
    contributor = new Agent(t.app);
    await contributor.signIn(world.users.contributor);
    viewer = new Agent(t.app);
    await viewer.signIn(world.users.viewer);
  });
  after(() => t.close());

  const allWorkshops = () => t.db.withTrust(world.alpha.id, (tx) => tx.select().from(workshops));
  const allRatings = () =>
    t.db.withTrust(world.alpha.id, (tx) => tx.select().from(workshopRatings));

  it('shows an empty list and the form to record a workshop', async () => {
    const list = await viewer.get(base);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /<h1 class="govuk-heading-l">Focus groups and workshops<\/h1>/);
    assert.match(list.body, /data-testid="no-workshops"/);
    assert.doesNotMatch(list.body, /href="[^"]*\/workshops\/new"/);
    const form = await contributor.get(`${base}/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<h1 class="govuk-heading-l">Record a focus group or workshop<\/h1>/);
    assert.match(text(form.body), /Its scores are the agreed position/);
    for (const id of ['kind', 'title', 'heldOn-day', 'facilitator', 'participants-health', 'notes'])
      assert.match(form.body, new RegExp(`id="${id}"`), id);
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
      const response = await contributor.post(`${base}/new`, workshopForm(overrides));
      assert.equal(response.statusCode, 400, message);
      assert.ok(text(response.body).includes(message), message);
      const href = field === 'heldOn' ? '#heldOn-day' : `#${field}`;
      assert.ok(response.body.includes(`href="${href}"`), href);
    }
    const many = await contributor.post(
      `${base}/new`,
      workshopForm({ notes: 'x'.repeat(2001), 'participants-health': 'x', title: '' }),
    );
    const summary = text(/govuk-error-summary[\s\S]*?<\/ul>/.exec(many.body)?.[0] ?? '');
    assert.match(summary, /Enter a title.*Health.*Notes must be/);
    assert.equal((await allWorkshops()).length, 0);
  });

  it('records a workshop and shows its page', async () => {
    const response = await contributor.post(`${base}/new`, workshopForm());
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
    const page = await viewer.get(String(response.headers.location));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Sub-group analysis workshop<\/h1>/);
    const words = text(page.body);
    assert.match(words, /Workshop recorded/);
    assert.match(words, /1 June 2026/);
    assert.match(words, /Health: 4/);
    assert.match(words, /6 in total/);
    for (const colour of ['Red', 'Orange', 'Yellow', 'Green', 'Blue', 'Indigo', 'Violet'])
      assert.match(
        page.body,
        new RegExp(`<h2 class="govuk-heading-m" id="area-[a-z-]+">${colour}: `),
      );
    assert.doesNotMatch(page.body, /Record ratings for/, 'a viewer cannot record');
    const forContributor = await contributor.get(`${base}/${workshopId}`);
    assert.match(
      forContributor.body,
      new RegExp(
        `href="${base}/${workshopId}/areas/${RED}">Record ratings for Shared identity, purpose and vision`,
      ),
    );
    const [entry] = await t.db.withTrust(world.alpha.id, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.entityId, workshopId)),
    );
    assert.equal(entry?.action, 'recorded an analysis workshop');
  });

  const ratingsUrl = () => `${base}/${workshopId}/areas/${RED}`;

  it('shows a fieldset per dimension of the area', async () => {
    const response = await contributor.get(ratingsUrl());
    assert.equal(response.statusCode, 200);
    assert.match(
      response.body,
      /<h1 class="govuk-heading-l">Record ratings for Shared identity, purpose and vision<\/h1>/,
    );
    for (const key of RED_DIMENSIONS) {
      assert.match(response.body, new RegExp(`id="score-${key}"`));
      assert.match(response.body, new RegExp(`id="stage-${key}"`));
      assert.match(response.body, new RegExp(`id="reasons-${key}"`));
      assert.match(response.body, new RegExp(`id="links-${key}"`));
    }
    assert.match(text(response.body), /Emerging: 2.0 to 2.9/);
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
      const response = await contributor.post(ratingsUrl(), {
        'score-one-workforce': '3.0',
        'stage-one-workforce': '3',
        ...fields,
      });
      assert.equal(response.statusCode, 400, message);
      assert.ok(text(response.body).includes(message), message);
      assert.ok(response.body.includes(`href="#${field}"`), field);
      assert.match(response.body, /id="score-one-workforce"[^>]*value="3.0"/);
    }
    assert.equal((await allRatings()).length, 0);
  });

  it('saves the ratings of an area in one go and shows them', async () => {
    const response = await contributor.post(ratingsUrl(), {
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
    const page = await viewer.get(`${base}/${workshopId}`);
    const table = /data-testid="ratings-shared-identity"[\s\S]*?<\/table>/.exec(page.body)?.[0];
    assert.ok(table);
    assert.match(
      text(table),
      /Shared vision agreed across partners 2.5 Emerging Vision agreed by the board/,
    );
    assert.match(table, /href="https:\/\/example.org\/vision"/);
    // The form shows what was saved.
    const form = await contributor.get(ratingsUrl());
    assert.match(form.body, /id="score-shared-vision"[^>]*value="2.5"/);
    assert.match(
      form.body,
      /id="stage-vision-known" name="stage-vision-known" type="radio" value="1" checked/,
    );
    assert.doesNotMatch(form.body, /name="stage-one-workforce" type="radio" value="\d" checked/);
  });

  it('removes a rating when all of its boxes are blanked', async () => {
    const response = await contributor.post(ratingsUrl(), {
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
    const list = await viewer.get(base);
    const table = /data-testid="workshops"[\s\S]*?<\/table>/.exec(list.body)?.[0] ?? '';
    assert.match(
      text(table),
      /1 June 2026 Analysis workshop Sub-group analysis workshop Workforce development manager 6 2/,
    );
    const csv = await viewer.get(`${base}.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /filename="alpha-workshops.csv"/);
    assert.match(
      csv.body,
      /2026-06-01,Analysis workshop,Sub-group analysis workshop,Workforce development manager,6,2,/,
    );
    const ratings = await viewer.get(`${base}/ratings.csv`);
    assert.equal(ratings.statusCode, 200);
    assert.match(String(ratings.headers['content-type']), /^text\/csv/);
    const lines = ratings.body.trim().split('\r\n');
    assert.equal(lines[0], 'workshop,date,kind,area,dimension,score,stage,reasons,evidence links');
    assert.equal(
      lines[1],
      'Sub-group analysis workshop,2026-06-01,Analysis workshop,"Red: Shared identity, purpose and vision",Shared vision agreed across partners,2.5,Emerging,,',
    );
    assert.equal(lines.length, 3);
    const one = await viewer.get(`${base}/${workshopId}/ratings.csv`);
    assert.equal(one.statusCode, 200);
    assert.equal(one.body.trim().split('\r\n').length, 3);
  });

  it('changes the details of a workshop', async () => {
    const form = await contributor.get(`${base}/${workshopId}/edit`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /id="participants-health"[^>]*value="4"/);
    assert.match(form.body, /name="heldOn-month"[^>]*value="6"/);
    const bad = await contributor.post(`${base}/${workshopId}/edit`, workshopForm({ title: '' }));
    assert.equal(bad.statusCode, 400);
    const saved = await contributor.post(
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
      const agent = new Agent(t.app);
      await agent.signIn(world.users[role]);
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
    const beta = new Agent(t.app);
    await beta.signIn(world.users.betaAdmin);
    assert.equal((await beta.get(base)).statusCode, 404);
    const theirs = `/trusts/beta/rounds/${roundId}/workshops`;
    assert.equal((await beta.get(theirs)).statusCode, 404);
    assert.equal((await beta.get(`${theirs}/${workshopId}`)).statusCode, 404);
    assert.equal((await beta.post(`${theirs}/new`, workshopForm())).statusCode, 404);
    assert.equal((await contributor.get(`${base}/${workshopId}/areas/purple`)).statusCode, 404);
    assert.equal((await contributor.get(`${base}/not-a-uuid`)).statusCode, 404);
    assert.equal((await allWorkshops()).length, 1);
    assert.equal((await allRatings()).length, 2);
  });

  it('removes a workshop and its ratings after asking', async () => {
    const confirm = await contributor.get(`${base}/${workshopId}/remove`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /<h1 class="govuk-heading-l">Remove Renamed<\/h1>/);
    const response = await contributor.post(`${base}/${workshopId}/remove`);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `${base}?done=removed`);
    assert.equal((await allWorkshops()).length, 0);
    assert.equal((await allRatings()).length, 0);
    assert.match(text((await contributor.get(`${base}?done=removed`)).body), /Workshop removed/);
  });
});
