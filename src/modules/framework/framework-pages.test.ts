import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { dom, useApp } from '../../../test/build.ts';
import { loadFrameworkFiles, syncFrameworkVersions } from './repository.ts';
import type { FrameworkVersion } from './schema.ts';

const shipped = (): FrameworkVersion => {
  const [version] = loadFrameworkFiles();
  if (version === undefined) throw new Error('no framework file');
  return structuredClone(version);
};

describe('framework pages', () => {
  const t = useApp({ signIn: ['viewer', 'system-admin'] });
  const viewer = () => t.as('viewer');
  const admin = () => t.as('system-admin');
  before(() =>
    t.db.asSystem((tx) =>
      syncFrameworkVersions(tx, [
        { ...shipped(), key: '2099.1', title: 'Test framework 2099.1', status: 'draft' },
      ]),
    ),
  );

  /** The page's only h1 (fails if there are more). */
  const h1 = (html: string) => {
    const headings = dom(html).texts('h1');
    assert.equal(headings.length, 1, headings.join(' / '));
    return headings[0];
  };
  const breadcrumbs = (html: string) => dom(html).texts('.govuk-breadcrumbs__list-item');
  /** The table rows (headers left off) of every table on the page. */
  const bodyRows = (html: string) =>
    dom(html)
      .root.querySelectorAll('tbody tr')
      .map((row) =>
        row.querySelectorAll('th, td').map((cell) => cell.text.replace(/\s+/g, ' ').trim()),
      );
  const neighbour = (html: string, side: 'prev' | 'next') => {
    const page = dom(html);
    return {
      title: page.text(`.govuk-pagination__${side} .govuk-pagination__link-title`),
      label: page.text(`.govuk-pagination__${side} .govuk-pagination__link-label`),
      href: page.attr(`.govuk-pagination__${side} a`, 'href'),
    };
  };

  it('sends people who are not signed in to sign in', async () => {
    const response = await t.anonymous().get('/framework/2026.1');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/sign-in?next=%2Fframework%2F2026.1');
  });

  it('lists published versions, and drafts only for system admins', async () => {
    const response = await viewer().get('/framework');
    assert.equal(response.statusCode, 200);
    assert.equal(h1(response.body), "The One Children's Workforce framework");
    const page = dom(response.body);
    const rows = page.rows('[data-testid="versions"]');
    assert.deepEqual(rows[0], ['Version', 'Key', 'Published', 'In use by a round']);
    assert.equal(rows.length, 2);
    const [title, key, published, inUse] = rows[1] ?? [];
    assert.deepEqual(
      [title, key, inUse],
      ["One Children's Workforce Framework 2026", '2026.1', 'Not yet used'],
    );
    assert.match(published ?? '', /^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    assert.ok(!rows.some((row) => row.includes('Test framework 2099.1')));
    assert.equal(page.attr('[data-testid="versions"] tbody a', 'href'), '/framework/2026.1');
    assert.ok(page.has('.govuk-breadcrumbs'));
    const adminRows = dom((await admin().get('/framework')).body).rows('[data-testid="versions"]');
    assert.equal(adminRows[0]?.at(-1), 'Status');
    assert.ok(
      adminRows.some(
        (row) =>
          row.join(' | ') ===
          'Test framework 2099.1 | 2099.1 | Not published | Not yet used | Draft',
      ),
    );
  });

  it('exports the list of versions as CSV', async () => {
    const response = await viewer().get('/framework/versions.csv');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    assert.match(String(response.headers['content-disposition']), /attachment; filename=/);
    const lines = response.body.trim().split('\r\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[0], 'Version,Key,Published,In use by a round');
    assert.match(lines[1] ?? '', /^.+,2026\.1,\d+ \w+ \d{4},Not yet used$/);
    assert.match(
      (await admin().get('/framework/versions.csv')).body,
      /^Test framework 2099\.1,2099\.1,Not published,Not yet used,Draft$/m,
    );
  });

  it('shows a version: stages with bands, areas in rainbow order, drill-downs and audiences', async () => {
    const response = await viewer().get('/framework/2026.1');
    assert.equal(response.statusCode, 200);
    assert.equal(h1(response.body), "One Children's Workforce Framework 2026");
    const page = dom(response.body);
    assert.deepEqual(page.texts('[data-testid="band"]'), [
      'Fragmented: 1.0 to 1.9',
      'Emerging: 2.0 to 2.9',
      'Developing: 3.0 to 3.9',
      'Reformed and integrated: 4.0 to 5.0',
    ]);
    const areas = page.root.querySelectorAll('[data-testid="area"]');
    assert.deepEqual(
      areas.map((area) => /ocw-area--([a-z]+)/.exec(area.getAttribute('class') ?? '')?.[1]),
      ['red', 'orange', 'yellow', 'green', 'blue', 'indigo', 'violet'],
    );
    const headings = page.texts('[data-testid="area"] h3');
    assert.equal(headings[0], 'Red: Shared identity, purpose and vision');
    assert.equal(headings.at(-1), 'Violet: Keeping children safe');
    const red = dom(areas[0]?.outerHTML ?? '');
    assert.ok(red.texts('li').includes('Shared vision agreed across partners (6 statements)'));
    assert.equal(red.attr('h3 a', 'href'), '/framework/2026.1/areas/shared-identity');
    const drillDown = page.root
      .querySelectorAll('h3.govuk-heading-s a')
      .find((a) => a.text.trim() === 'Integrated working self-assessment');
    assert.ok(drillDown);
    assert.equal(
      drillDown.getAttribute('href'),
      '/framework/2026.1/drill-downs/integrated-working-self-assessment',
    );
    const audiences = page.texts('[data-testid="audiences"] li');
    assert.ok(audiences.includes('Children and young people (plain-language statements)'));
    assert.ok(audiences.includes('Frontline practitioners'));
    assert.deepEqual(breadcrumbs(response.body), ['Home', 'Framework']);
  });

  it('answers 404 for an unknown version, and for a draft unless a system admin asks', async () => {
    assert.equal((await viewer().get('/framework/1999.1')).statusCode, 404);
    assert.equal((await viewer().get(`/framework/${'x'.repeat(60)}`)).statusCode, 404);
    assert.equal((await viewer().get('/framework/2099.1')).statusCode, 404);
    assert.equal((await viewer().get('/framework/2099.1/areas/shared-identity')).statusCode, 404);
    assert.equal((await viewer().get('/framework/2099.1/items.csv')).statusCode, 404);
    const draft = await admin().get('/framework/2099.1');
    assert.equal(draft.statusCode, 200);
    assert.match(dom(draft.body).text('.govuk-warning-text') ?? '', /This version is a draft/);
  });

  it('shows an area with its dimensions, items per audience, the scale and neighbours', async () => {
    const response = await viewer().get('/framework/2026.1/areas/shared-identity');
    assert.equal(response.statusCode, 200);
    assert.equal(h1(response.body), 'Shared identity, purpose and vision');
    const page = dom(response.body);
    assert.match(page.text('.govuk-caption-l') ?? '', /^Red area/);
    assert.ok(page.has('.ocw-area.ocw-area--red h1'));
    assert.equal(page.root.querySelectorAll('[data-testid="dimension"]').length, 5);
    assert.equal(page.text('h2#shared-vision'), 'Shared vision agreed across partners');
    assert.ok(page.has('h2.govuk-heading-m#shared-vision'));
    const captions = page.texts('[data-testid="dimension"] caption');
    for (const audience of [
      'Leaders and managers',
      'Frontline practitioners',
      'Children and young people',
      'Parents and carers',
    ])
      assert.ok(captions.includes(audience), audience);
    const rows = bodyRows(response.body);
    const row = (key: string) => rows.find((cells) => cells[0] === key);
    assert.match(row('red.shared-vision.cyp1')?.[1] ?? '', /^The adults at school/);
    assert.match(row('red.vision-known.p3')?.[2] ?? '', /Reverse-scored/);
    const scale = page.rows('[data-testid="scale"]');
    assert.deepEqual(scale[1], ['1', 'Strongly disagree', 'Not at all']);
    assert.deepEqual(scale.at(-1), ['5', 'Strongly agree', 'Yes, totally']);
    const strong = page.texts('strong');
    assert.ok(strong.includes("Don't know"));
    assert.ok(strong.includes('Not applicable'));
    assert.equal(page.has('.govuk-pagination__prev'), false);
    assert.equal(dom(response.body).root.text.includes('Previous area'), false);
    const next = neighbour(response.body, 'next');
    assert.equal(next.title, 'Next area');
    assert.equal(next.label, 'Orange: Common values and language');
    assert.deepEqual(breadcrumbs(response.body), [
      'Home',
      'Framework',
      "One Children's Workforce Framework 2026",
    ]);
    const middle = (await viewer().get('/framework/2026.1/areas/integrated-working')).body;
    assert.deepEqual(
      [neighbour(middle, 'prev').title, neighbour(middle, 'prev').label],
      ['Previous area', 'Yellow: Focus on positive outcomes'],
    );
    assert.deepEqual(
      [neighbour(middle, 'next').title, neighbour(middle, 'next').label],
      ['Next area', 'Blue: A skilled, confident and appropriately trained workforce'],
    );
  });

  it('answers 404 for an unknown area or drill-down', async () => {
    assert.equal((await viewer().get('/framework/2026.1/areas/purple')).statusCode, 404);
    assert.equal((await viewer().get('/framework/2026.1/drill-downs/nothing')).statusCode, 404);
    assert.equal(
      (await viewer().get('/framework/2026.1/drill-downs/nothing/questions.csv')).statusCode,
      404,
    );
  });

  it('shows a drill-down module, marking the questions for leaders and managers only', async () => {
    const response = await viewer().get(
      '/framework/2026.1/drill-downs/integrated-working-self-assessment',
    );
    assert.equal(response.statusCode, 200);
    assert.equal(h1(response.body), 'Integrated working self-assessment');
    const page = dom(response.body);
    assert.equal(page.root.querySelectorAll('[data-testid="practice"]').length, 4);
    const [first, second] = page.rows('[data-testid="practice"] table').slice(1);
    assert.deepEqual(first?.slice(0, 2), ['1', 'iw.multi-agency-working.q1']);
    assert.match(first[2] ?? '', /^The partnership has a written model /);
    assert.equal(first[3], 'Leaders and managers only');
    assert.deepEqual(second?.slice(0, 2), ['2', 'iw.multi-agency-working.q2']);
    assert.equal(second[3], 'Leaders and managers, Frontline practitioners');
    assert.ok(
      page.root
        .querySelectorAll('a')
        .some((a) => a.text.trim() === 'Green: Integrated working practices'),
    );
    const csv = await viewer().get(
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
    const response = await viewer().get('/framework/2026.1/items.csv');
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
