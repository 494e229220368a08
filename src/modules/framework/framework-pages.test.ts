import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  Agent,
  createTestApp,
  seedWorld,
  text,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { loadFrameworkFiles, syncFrameworkVersions } from './repository.ts';
import type { FrameworkVersion } from './schema.ts';

const shipped = (): FrameworkVersion => {
  const [version] = loadFrameworkFiles();
  if (version === undefined) throw new Error('no framework file');
  return structuredClone(version);
};

describe('framework pages', () => {
  let t: TestApp;
  let world: World;
  let viewer: Agent;
  let admin: Agent;
  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await t.db.asSystem((tx) =>
      syncFrameworkVersions(tx, [
        { ...shipped(), key: '2099.1', title: 'Test framework 2099.1', status: 'draft' },
      ]),
    );
    viewer = new Agent(t.app);
    await viewer.signIn(world.users.viewer);
    admin = new Agent(t.app);
    await admin.signIn(world.users['system-admin']);
  });
  after(() => t.close());

  const h1 = (html: string) => text(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').trim();

  it('sends people who are not signed in to sign in', async () => {
    const response = await new Agent(t.app).get('/framework/2026.1');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/sign-in?next=%2Fframework%2F2026.1');
  });

  it('lists published versions, and drafts only for system admins', async () => {
    const response = await viewer.get('/framework');
    assert.equal(response.statusCode, 200);
    assert.equal(h1(response.body), "The One Children's Workforce framework");
    const page = text(response.body);
    assert.match(
      page,
      /One Children's Workforce Framework 2026 2026\.1 \d{1,2} [A-Z][a-z]+ \d{4} Not yet used/,
    );
    assert.doesNotMatch(page, /Test framework 2099\.1/);
    assert.match(response.body, /href="\/framework\/2026\.1"/);
    assert.match(response.body, /govuk-breadcrumbs/);
    const adminPage = text((await admin.get('/framework')).body);
    assert.match(adminPage, /Test framework 2099\.1 2099\.1 Not published Not yet used Draft/);
  });

  it('exports the list of versions as CSV', async () => {
    const response = await viewer.get('/framework/versions.csv');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    assert.match(String(response.headers['content-disposition']), /attachment; filename=/);
    const lines = response.body.trim().split('\r\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[0], 'Key,Title,Status,Published,In use');
    assert.match(lines[1] ?? '', /^2026\.1,.*,published,\d{4}-\d{2}-\d{2},No$/);
    assert.match(text((await admin.get('/framework/versions.csv')).body), /2099\.1/);
  });

  it('shows a version: stages with bands, areas in rainbow order, drill-downs and audiences', async () => {
    const response = await viewer.get('/framework/2026.1');
    assert.equal(response.statusCode, 200);
    assert.equal(h1(response.body), "One Children's Workforce Framework 2026");
    const page = text(response.body);
    for (const band of [
      'Fragmented: 1.0 to 1.9',
      'Emerging: 2.0 to 2.9',
      'Developing: 3.0 to 3.9',
      'Reformed and integrated: 4.0 to 5.0',
    ])
      assert.ok(page.includes(band), band);
    const colours = [...response.body.matchAll(/class="ocw-area ocw-area--([a-z]+)"/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(colours, ['red', 'orange', 'yellow', 'green', 'blue', 'indigo', 'violet']);
    assert.match(page, /Red: Shared identity, purpose and vision/);
    assert.match(page, /Violet: Keeping children safe/);
    assert.match(page, /Shared vision agreed across partners \(6 statements\)/);
    assert.match(response.body, /href="\/framework\/2026\.1\/areas\/shared-identity"/);
    assert.match(page, /Integrated working self-assessment/);
    assert.match(
      response.body,
      /href="\/framework\/2026\.1\/drill-downs\/integrated-working-self-assessment"/,
    );
    assert.match(page, /Children and young people \(plain-language statements\)/);
    assert.match(page, /Frontline practitioners/);
    assert.match(page, /Home Framework/);
  });

  it('answers 404 for an unknown version, and for a draft unless a system admin asks', async () => {
    assert.equal((await viewer.get('/framework/1999.1')).statusCode, 404);
    assert.equal((await viewer.get(`/framework/${'x'.repeat(60)}`)).statusCode, 404);
    assert.equal((await viewer.get('/framework/2099.1')).statusCode, 404);
    assert.equal((await viewer.get('/framework/2099.1/areas/shared-identity')).statusCode, 404);
    assert.equal((await viewer.get('/framework/2099.1/items.csv')).statusCode, 404);
    const draft = await admin.get('/framework/2099.1');
    assert.equal(draft.statusCode, 200);
    assert.match(text(draft.body), /This version is a draft/);
  });

  it('shows an area with its dimensions, items per audience, the scale and neighbours', async () => {
    const response = await viewer.get('/framework/2026.1/areas/shared-identity');
    assert.equal(response.statusCode, 200);
    assert.equal(h1(response.body), 'Shared identity, purpose and vision');
    const page = text(response.body);
    assert.match(page, /Red area/);
    assert.match(response.body, /ocw-area ocw-area--red/);
    assert.equal([...response.body.matchAll(/data-testid="dimension"/g)].length, 5);
    assert.match(
      response.body,
      /<h2 class="govuk-heading-m" id="shared-vision">Shared vision agreed across partners<\/h2>/,
    );
    for (const audience of [
      'Leaders and managers',
      'Frontline practitioners',
      'Children and young people',
      'Parents and carers',
    ])
      assert.match(response.body, new RegExp(`<caption[^>]*>\\s*${audience}\\s*</caption>`));
    assert.match(page, /red\.shared-vision\.cyp1 The adults at school/);
    assert.match(page, /red\.vision-known\.p3 .*? Reverse-scored/);
    assert.match(page, /1 Strongly disagree Not at all/);
    assert.match(page, /5 Strongly agree Yes, totally/);
    assert.match(page, /Don't know/);
    assert.match(page, /Not applicable/);
    assert.doesNotMatch(page, /Previous area/);
    assert.match(page, /Next area :? ?Orange: Common values and language/);
    assert.match(page, /Home Framework One Children's Workforce Framework 2026/);
    const middle = text((await viewer.get('/framework/2026.1/areas/integrated-working')).body);
    assert.match(middle, /Previous area :? ?Yellow: Focus on positive outcomes/);
    assert.match(
      middle,
      /Next area :? ?Blue: A skilled, confident and appropriately trained workforce/,
    );
  });

  it('answers 404 for an unknown area or drill-down', async () => {
    assert.equal((await viewer.get('/framework/2026.1/areas/purple')).statusCode, 404);
    assert.equal((await viewer.get('/framework/2026.1/drill-downs/nothing')).statusCode, 404);
    assert.equal(
      (await viewer.get('/framework/2026.1/drill-downs/nothing/questions.csv')).statusCode,
      404,
    );
  });

  it('shows a drill-down module, marking the questions for leaders and managers only', async () => {
    const response = await viewer.get(
      '/framework/2026.1/drill-downs/integrated-working-self-assessment',
    );
    assert.equal(response.statusCode, 200);
    assert.equal(h1(response.body), 'Integrated working self-assessment');
    assert.equal([...response.body.matchAll(/data-testid="practice"/g)].length, 4);
    const page = text(response.body);
    assert.match(
      page,
      /1 iw\.multi-agency-working\.q1 The partnership has a written model .*? Leaders and managers only/,
    );
    assert.match(
      page,
      /2 iw\.multi-agency-working\.q2 .*? Leaders and managers, Frontline practitioners/,
    );
    assert.match(page, /Green: Integrated working practices/);
    const csv = await viewer.get(
      '/framework/2026.1/drill-downs/integrated-working-self-assessment/questions.csv',
    );
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines.length, 21);
    assert.match(
      lines[1] ?? '',
      /^Multi-agency working,iw\.multi-agency-working\.q1,leaders-managers,Yes,No,/,
    );
  });

  it('exports every item of a version as CSV', async () => {
    const response = await viewer.get('/framework/2026.1/items.csv');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    assert.match(
      String(response.headers['content-disposition']),
      /attachment; filename="framework-2026\.1-items\.csv"/,
    );
    const lines = response.body.trim().split('\r\n');
    const itemCount = shipped().areas.reduce(
      (n, a) => n + a.dimensions.reduce((m, d) => m + d.items.length, 0),
      0,
    );
    assert.equal(lines.length, itemCount + 1);
    assert.equal(lines[0], 'Area,Dimension,Item key,Audiences,Reverse-scored,Text');
    assert.ok(
      lines.includes(
        '"Red: Shared identity, purpose and vision",Shared vision agreed across partners,red.shared-vision.p1,leaders-managers; frontline,No,Partners across the partnership have agreed a shared vision for children and young people.',
      ),
    );
    assert.ok(lines.some((l) => l.includes(',red.vision-known.p3,') && l.includes(',Yes,')));
  });
});
