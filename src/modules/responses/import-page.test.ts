import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { answers, responses } from '../../db/schema/index.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import { text, type Agent } from '../../../test/helpers.ts';
import { dom, useApp } from '../../../test/build.ts';

const HEADER = 'respondent,sector,audience,item,value';
const GOOD = `${HEADER}\nW1,health,frontline,red.shared-vision.p1,4\nW1,health,frontline,red.shared-vision.p3,5\nW2,,parents-carers,red.shared-vision.pc1,DK\n`;

interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  type?: string;
}

/** A multipart/form-data body as a browser sends it for the upload form. */
function multipart(parts: Part[]) {
  const boundary = `----ocwtest${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const file = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.filename === undefined ? '' : `Content-Type: ${part.type ?? 'text/csv'}\r\n`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file}\r\n${type}\r\n`,
      ),
      Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('import answers page', () => {
  const t = useApp({ signIn: ['trust-admin', 'viewer', 'contributor', 'betaAdmin'] });
  const admin = () => t.as('trust-admin');
  let roundId: string;
  let url: string;

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    roundId = (await addRound(t.db, t.alpha.id, { title: 'Spring check' })).id;
    url = `/trusts/alpha/rounds/${roundId}/import`;
  });

  const counts = () =>
    t.db.withTrust(t.alpha.id, async (tx) => {
      const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(responses);
      const [a] = await tx.select({ n: sql<number>`count(*)::int` }).from(answers);
      return { responses: r?.n ?? -1, answers: a?.n ?? -1 };
    });

  /** Opens the form (for a fresh CSRF token) and submits it as multipart. */
  const upload = async (parts: Part[], agent: Agent = admin()) => {
    await agent.get(url);
    const body = multipart(parts);
    return agent.request({
      method: 'POST',
      url: `${url}?_csrf=${encodeURIComponent(agent.csrf)}`,
      ...body,
    });
  };
  const file = (value: string | Buffer, filename = 'answers.csv', type = 'text/csv'): Part[] => [
    { name: 'file', value, filename, type },
    { name: 'csv', value: '' },
  ];
  const pasted = (value: string): Part[] => [
    { name: 'file', value: '', filename: '', type: 'application/octet-stream' },
    { name: 'csv', value },
  ];

  function assertFieldProblem(
    response: { statusCode: number; body: string },
    field: string,
    message: RegExp,
  ) {
    assert.equal(response.statusCode, 400, text(response.body).slice(0, 400));
    const page = dom(response.body);
    const [problem, ...others] = page.errors();
    assert.deepEqual(others, [], 'one problem in the summary');
    assert.match(problem ?? '', message);
    assert.equal(page.attr('.govuk-error-summary__list a', 'href'), `#${field}`);
    assert.equal(page.text(`#${field}-error`), `Error: ${problem ?? ''}`);
    assert.ok(page.text('title')?.startsWith('Error: Import answers'));
  }

  /** The summary list of the confirmation page, as key → value. */
  const importCounts = (html: string) =>
    Object.fromEntries(
      dom(html)
        .root.querySelectorAll('[data-testid="import-counts"] .govuk-summary-list__row')
        .map((row) => [
          row.querySelector('dt')?.text.trim() ?? '',
          row.querySelector('dd')?.text.trim() ?? '',
        ]),
    );

  it('explains the format with an example and offers a file upload and a paste box', async () => {
    const page = await admin().get(url);
    assert.equal(page.statusCode, 200);
    const form = dom(page.body);
    assert.deepEqual(form.texts('h1'), ['Import answers']);
    assert.ok(form.text('title')?.startsWith('Import answers – '));
    assert.equal(form.text('.govuk-caption-l'), 'Spring check');
    assert.deepEqual(form.rows('[data-testid="example"]')[0], [
      'respondent',
      'sector',
      'audience',
      'item',
      'value',
    ]);
    assert.ok(form.rows('[data-testid="example"]').length > 1, 'example lines under the header');
    const action = form.attr('form[enctype="multipart/form-data"]', 'action') ?? '';
    assert.ok(action.startsWith(`${url}?_csrf=`), action);
    assert.ok(action.length > `${url}?_csrf=`.length, 'the token is in the action');
    assert.equal(form.attr('input[name=file]', 'type'), 'file');
    assert.ok(form.has('textarea[name=csv]'));
    assert.ok(form.texts('[data-testid="sector-keys"] li').includes('health: Health'));
    assert.ok(form.texts('[data-testid="sector-keys"] li code').includes('health'));
  });

  it('offers the example and the item keys as CSV downloads', async () => {
    const example = await admin().get(`${url}/example.csv`);
    assert.equal(example.statusCode, 200);
    assert.match(example.headers['content-type'] as string, /text\/csv/);
    assert.match(example.headers['content-disposition'] as string, /attachment/);
    assert.match(example.body, /^respondent,sector,audience,item,value\r\n/);
    // The example file itself imports cleanly.
    const imported = await upload(file(example.body, 'example.csv'));
    assert.equal(imported.statusCode, 303, text(imported.body).slice(0, 300));
    const items = await admin().get(`${url}/items.csv`);
    assert.equal(items.statusCode, 200);
    assert.match(items.body, /^item,audiences,area,dimension,reverse,statement\r\n/);
    assert.match(items.body, /red\.shared-vision\.p1,leaders-managers frontline,/);
  });

  it('imports an uploaded file and confirms the counts', async () => {
    const before = await counts();
    const response = await upload(file(GOOD));
    assert.equal(response.statusCode, 303, text(response.body).slice(0, 300));
    const location = response.headers.location as string;
    assert.match(location, new RegExp(`^${url}/\\d+$`));
    assert.deepEqual(await counts(), {
      responses: before.responses + 2,
      answers: before.answers + 3,
    });
    const done = await admin().get(location);
    assert.equal(done.statusCode, 200);
    const page = dom(done.body);
    assert.deepEqual(page.texts('h1'), ['Answers imported']);
    assert.equal(page.text('h1.govuk-panel__title'), 'Answers imported');
    assert.deepEqual(importCounts(done.body), {
      'People whose answers were added': '2',
      'Answers added': '3',
      'People already imported, so skipped': '0',
    });
  });

  it('skips people already imported when the same file comes again', async () => {
    const before = await counts();
    const response = await upload(file(GOOD));
    assert.equal(response.statusCode, 303);
    assert.deepEqual(await counts(), before);
    const done = await admin().get(response.headers.location as string);
    assert.equal(importCounts(done.body)['People already imported, so skipped'], '2');
    assert.ok(
      dom(done.body)
        .texts('p.govuk-body')
        .some((p) => p.endsWith('so nothing new was added.')),
    );
  });

  it('imports answers pasted into the box', async () => {
    const before = await counts();
    const response = await upload(
      pasted(`${HEADER}\r\nW3,schools,leaders-managers,red.shared-vision.p2,2\r\n`),
    );
    assert.equal(response.statusCode, 303);
    assert.deepEqual(await counts(), {
      responses: before.responses + 1,
      answers: before.answers + 1,
    });
  });

  it('lists the problems by line and stores nothing when a row is wrong', async () => {
    const before = await counts();
    const bad = `${HEADER}\nW4,health,frontline,red.shared-vision.p1,4\nW4,health,frontline,red.shared-vision.p3,seven\nW5,police,frontline,red.shared-vision.p1,3\n`;
    const response = await upload(file(bad));
    assert.equal(response.statusCode, 400);
    assert.deepEqual(await counts(), before);
    const page = dom(response.body);
    assert.deepEqual(page.errors(), [
      'Line 3: “seven” is not an answer: use 1 to 5, DK or NA',
      'Line 4: “police” is not one of this trust’s sector keys',
    ]);
    assert.deepEqual(
      page.root.querySelectorAll('.govuk-error-summary__list a').map((a) => a.getAttribute('href')),
      ['#row-error-1', '#row-error-2'],
    );
    assert.equal(page.text('#row-error-1'), '3');
    assert.deepEqual(page.rows('[data-testid="row-errors"]'), [
      ['Line', 'Column', 'Problem'],
      ['3', 'value', '“seven” is not an answer: use 1 to 5, DK or NA'],
      ['4', 'sector', '“police” is not one of this trust’s sector keys'],
    ]);
    assert.equal(
      page.text('[data-testid="failure-message"]'),
      'The file has 2 problems. Nothing was imported.',
    );
    assert.equal(page.text('#file-error'), 'Error: The file has 2 problems. Nothing was imported');
  });

  it('points from the error summary to the table when there are many problems', async () => {
    const rows = Array.from({ length: 130 }, (_, i) => `X${i},health,frontline,red.nope.p1,4`);
    const response = await upload(pasted([HEADER, ...rows].join('\n')));
    assert.equal(response.statusCode, 400);
    const page = dom(response.body);
    assert.equal(
      page.root.querySelectorAll('[data-testid="row-errors"] [id^="row-error-"]').length,
      100,
    );
    const summary = page.errors();
    assert.equal(summary.length, 11);
    assert.match(summary.at(-1) ?? '', /90 more problems are listed in the table/);
    assert.ok(
      page.texts('p.govuk-body').some((p) => p.startsWith('Only the first 100 problems are shown')),
    );
    // What was pasted is shown again to be corrected.
    const pastedAgain = page.root.querySelector('textarea[name=csv]')?.text ?? '';
    assert.ok(pastedAgain.includes('X129,health,frontline'));
  });

  it('says what is wrong with the file itself, next to the field', async () => {
    const before = await counts();
    assertFieldProblem(await upload(file('')), 'file', /The selected file is empty/);
    assertFieldProblem(await upload(file('\n\n  \n')), 'file', /The selected file is empty/);
    assertFieldProblem(
      await upload(file(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2]), 'answers.xlsx')),
      'file',
      /must be a CSV/,
    );
    assertFieldProblem(
      await upload(file(Buffer.from([1, 2, 0, 3]), 'answers.csv')),
      'file',
      /must be a CSV/,
    );
    assertFieldProblem(
      await upload(file('name,score\nAnna,4\n')),
      'file',
      /must name the columns respondent, sector, audience, item and value/,
    );
    assertFieldProblem(await upload(file(`${HEADER}\n`)), 'file', /header row but no answers/);
    assertFieldProblem(await upload(pasted('')), 'file', /Choose a CSV file, or paste/);
    assertFieldProblem(
      await upload([
        { name: 'file', value: GOOD, filename: 'a.csv' },
        { name: 'csv', value: GOOD },
      ]),
      'file',
      /not both/,
    );
    assertFieldProblem(await upload(pasted('respondent,item\nA,b\n')), 'csv', /missing: sector/);
    assert.deepEqual(await counts(), before);
  });

  it('reads a file saved by an older spreadsheet (Windows-1252)', async () => {
    const bytes = Buffer.from(
      `${HEADER}\r\nCaf\xe9-1,health,frontline,red.shared-vision.p1,3\r\n`,
      'latin1',
    );
    const response = await upload(file(bytes));
    assert.equal(response.statusCode, 303);
  });

  it('gives a clear message, not an error page, for a file over 10 MB', async () => {
    const before = await counts();
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 'P1,health,frontline,red.shared-vision.p1,4\n');
    const response = await upload(file(big));
    assertFieldProblem(response, 'file', /The file must be smaller than 10 MB/);
    assert.deepEqual(await counts(), before);
  });

  it('needs the form token', async () => {
    await admin().get(url);
    const body = multipart(file(GOOD));
    const response = await admin().request({ method: 'POST', url, ...body });
    assert.equal(response.statusCode, 403);
  });

  it('is for trust admins of this trust only', async () => {
    for (const role of ['viewer', 'contributor'] as const) {
      const agent = t.as(role);
      assert.equal((await agent.get(url)).statusCode, 403, role);
      const before = await counts();
      const response = await agent.request({
        method: 'POST',
        url: `${url}?_csrf=${encodeURIComponent(agent.csrf)}`,
        ...multipart(file(GOOD.replace(/W1/g, 'V1'))),
      });
      assert.equal(response.statusCode, 403, role);
      assert.deepEqual(await counts(), before);
    }
    const beta = t.as('betaAdmin');
    assert.equal((await beta.get(url)).statusCode, 404);
    const betaRound = await addRound(t.db, t.beta.id);
    assert.equal(
      (await admin().get(`/trusts/alpha/rounds/${betaRound.id}/import`)).statusCode,
      404,
    );
    assert.equal((await admin().get('/trusts/alpha/rounds/nope/import')).statusCode, 404);
    assert.equal((await admin().get(`${url}/999999`)).statusCode, 404);
    assert.equal((await admin().get(`${url}/abc`)).statusCode, 404);
    const anonymous = await t.anonymous().get(url);
    assert.equal(anonymous.statusCode, 303);
  });
});
