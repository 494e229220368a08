import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { parse as parseHtml } from 'node-html-parser';
import { sql } from 'drizzle-orm';
import { answers, responses } from '../../db/schema/index.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import {
  Agent,
  apiToken,
  createTestApp,
  seedWorld,
  text,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { AUDIENCE_KEYS } from '../../kernel/framework.ts';
import { checkRecords, parseImport, type ImportRules } from './import.ts';
import { importRules } from './service.ts';
import { findImportByTask } from './repository.ts';
import { loadRoundVersion } from './service.ts';

// Large files (checked in the worker pool), the progress page, requests answered while a
// file is being checked, and cells with characters no answer can hold.

/** An import's answer without its id (which the log of imports knows it by). */
const counted = (response: { body: string }) =>
  Object.fromEntries(
    Object.entries(JSON.parse(response.body) as Record<string, number>).filter(([k]) => k !== 'id'),
  );

const HEADER = 'respondent,sector,audience,item,value';
const SECTORS = ['health', 'schools', 'early-years', ''];
const VALUES = ['1', '2', '3', '4', '5', 'DK', 'NA'];

/** `people` respondents, each answering up to `items` items asked of their audience. */
function bigCsv(rules: ImportRules, people: number, items: number, prefix: string) {
  const lines = [HEADER];
  let rows = 0;
  for (let p = 0; p < people; p++) {
    const audience = AUDIENCE_KEYS[p % AUDIENCE_KEYS.length] ?? 'frontline';
    const keys = rules.itemsByAudience[audience].slice(0, items);
    const sector =
      audience === 'frontline' || audience === 'leaders-managers' ? SECTORS[p % 3] : '';
    for (const [k, item] of keys.entries()) {
      lines.push(`${prefix}${p},${sector ?? ''},${audience},${item},${VALUES[(p + k) % 7] ?? '3'}`);
      rows++;
    }
  }
  return { csv: `${lines.join('\n')}\n`, rows, people };
}

function multipart(filename: string, value: Buffer | string, type = 'text/csv') {
  const boundary = `----ocwtest${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.isBuffer(value) ? value : Buffer.from(value),
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="csv"\r\n\r\n\r\n`),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function workbook(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Answers');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('large answer imports', () => {
  let t: TestApp;
  let world: World;
  let admin: string;
  let agent: Agent;
  let roundId: string;
  let rules: ImportRules;

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    admin = await apiToken(t.db, world.alpha.id, 'trust-admin');
    await addSectors(t.db, world.alpha.id);
    roundId = (await addRound(t.db, world.alpha.id, { title: 'Big round' })).id;
    const { version } = await loadRoundVersion(t.db, world.alpha.id, roundId);
    rules = importRules(roundId, version, ['health', 'schools', 'early-years']);
    agent = new Agent(t.app);
    await agent.signIn(world.users['trust-admin']);
  });
  after(() => t.close());

  const pageUrl = () => `/trusts/alpha/rounds/${roundId}/import`;
  const postCsv = (csv: string, url = `/api/v1/trusts/alpha/rounds/${roundId}/responses/import`) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      payload: csv,
    });
  const upload = async (filename: string, value: Buffer | string, type?: string) => {
    await agent.get(pageUrl());
    return agent.request({
      method: 'POST',
      url: `${pageUrl()}?_csrf=${encodeURIComponent(agent.csrf)}`,
      ...multipart(filename, value, type),
    });
  };
  const counts = () =>
    t.db.withTrust(world.alpha.id, async (tx) => {
      const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(responses);
      const [a] = await tx.select({ n: sql<number>`count(*)::int` }).from(answers);
      return { responses: r?.n ?? -1, answers: a?.n ?? -1 };
    });

  it('reports control characters and broken characters in cells by line and column', () => {
    const good = 'P1,health,frontline,red.shared-vision.p1,4';
    const cases: [string, string][] = [
      ['P2\u0000,health,frontline,red.shared-vision.p1,4', 'respondent'],
      ['P2,health,frontline,red.shared-vision.p1\u001b,4', 'item'],
      ['P2,heal\ud800th,frontline,red.shared-vision.p1,4', 'sector'],
      ['P2,health,front\u007fline,red.shared-vision.p1,4', 'audience'],
      ['P2,health,frontline,red.shared-vision.p1,"4\u0007"', 'value'],
      ['P2,health,frontline,red.shared-vision.p1,4\udc00', 'value'],
    ];
    for (const [line, field] of cases) {
      const parsed = parseImport(`${HEADER}\n${good}\n${line}\n`, rules);
      assert.ok(!parsed.ok, line);
      assert.deepEqual(
        parsed.errors.map((e) => [e.row, e.field]),
        [[3, field]],
        line,
      );
      assert.match(parsed.errors[0]?.message ?? '', /control character/);
    }
    // A pair of surrogates is one ordinary character (here in a respondent id).
    assert.equal(
      parseImport(`${HEADER}\nP\ud83d\ude00,health,frontline,red.shared-vision.p1,4\n`, rules).ok,
      true,
    );
  });

  it('gives a line-numbered error, never an error page, for a NUL in an uploaded file', async () => {
    const before = await counts();
    const csv = `${HEADER}\nN1,health,frontline,red.shared-vision.p1,4\nN1\u0000,health,frontline,red.shared-vision.p3,4\n`;
    const response = await upload('answers.csv', csv);
    assert.equal(response.statusCode, 400, text(response.body).slice(0, 300));
    assert.match(text(response.body), /Line 3: This value contains a control character/);
    assert.deepEqual(await counts(), before);
    // The API refuses it too, with a 400 (whichever check sees it first), never a 500.
    const api = await postCsv(csv);
    assert.equal(api.statusCode, 400, api.body);
    assert.deepEqual(await counts(), before);
  });

  it('imports an Excel workbook, and names the row of a bad cell in one', async () => {
    const before = await counts();
    const bad = await workbook([
      HEADER.split(','),
      ['X1', 'health', 'frontline', 'red.shared-vision.p1', '4'],
      [],
      ['X1', 'health', 'frontline', 'red.shared-vision.p3', 'seven'],
    ]);
    const refused = await upload('answers.xlsx', bad, 'application/octet-stream');
    assert.equal(refused.statusCode, 400);
    assert.match(text(refused.body), /Line 4: “seven” is not an answer/);
    assert.deepEqual(await counts(), before);
    // A sheet's cells are checked for control characters as a CSV's are.
    const cells = checkRecords(
      [
        { cells: HEADER.split(','), row: 1 },
        { cells: ['X1', 'health', 'frontline', 'red.shared-vision.p1', '4\u0000'], row: 5 },
      ],
      rules,
    );
    assert.deepEqual(cells.ok ? [] : cells.errors.map((e) => [e.row, e.field]), [[5, 'value']]);
    const broken = await upload('answers.xlsx', Buffer.from('PK\u0003\u0004 not a workbook'));
    assert.equal(broken.statusCode, 400);
    assert.match(text(broken.body), /must be a CSV or an Excel workbook/);

    const good = await workbook([
      HEADER.split(','),
      ['X1', 'health', 'frontline', 'red.shared-vision.p1', '4'],
      ['X1', 'health', 'frontline', 'red.shared-vision.p3', 'DK'],
      ['X2', '', 'parents-carers', 'red.shared-vision.pc1', '5'],
    ]);
    const response = await upload('answers.xlsx', good, 'application/octet-stream');
    assert.equal(response.statusCode, 303, text(response.body).slice(0, 300));
    assert.deepEqual(await counts(), {
      responses: before.responses + 2,
      answers: before.answers + 3,
    });
  });

  it('imports a 20,000-row file through the API, every answer stored once', async () => {
    const { csv, rows, people } = bigCsv(rules, 520, 40, 'L');
    assert.ok(rows >= 20_000, `${rows} rows`);
    const own = (await addRound(t.db, world.alpha.id, { title: 'Twenty thousand' })).id;
    const url = `/api/v1/trusts/alpha/rounds/${own}/responses/import`;
    const before = await counts();
    const response = await postCsv(csv, url);
    assert.equal(response.statusCode, 201, response.body.slice(0, 300));
    assert.deepEqual(counted(response), { responses: people, answers: rows, skipped: 0 });
    assert.deepEqual(await counts(), {
      responses: before.responses + people,
      answers: before.answers + rows,
    });
    // Every value as in the file: the same number of each answer, in each audience.
    const stored = await t.db.withTrust(world.alpha.id, (tx) =>
      tx
        .select({
          audience: responses.audience,
          value: answers.value,
          n: sql<number>`count(*)::int`,
        })
        .from(answers)
        .innerJoin(responses, sql`${responses.id} = ${answers.responseId}`)
        .where(sql`${answers.roundId} = ${own}`)
        .groupBy(responses.audience, answers.value),
    );
    const code: Record<string, number> = { DK: 8, NA: 9 };
    const expected = new Map<string, number>();
    for (const line of csv.trim().split('\n').slice(1)) {
      const [, , audience, , value = ''] = line.split(',');
      const key = `${audience}:${code[value] ?? Number(value)}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    assert.deepEqual(new Map(stored.map((r) => [`${r.audience}:${r.value}`, r.n])), expected);
    const again = await postCsv(csv, url);
    assert.deepEqual(counted(again), { responses: 0, answers: 0, skipped: people });
  });

  it('answers other requests while a large file is being checked', async () => {
    const { csv, rows, people } = bigCsv(rules, 700, 40, 'H');
    const imports = t.services.responseImports;
    const state = { finished: false };
    const finished = () => state.finished;
    const importing = postCsv(csv).then((r) => {
      state.finished = true;
      return r;
    });
    let answeredDuring = 0;
    while (!finished()) {
      const health = await t.app.inject({ method: 'GET', url: '/health' });
      assert.equal(health.statusCode, 200);
      if (!finished()) answeredDuring++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const response = await importing;
    assert.equal(response.statusCode, 201, response.body.slice(0, 300));
    assert.deepEqual(counted(response), { responses: people, answers: rows, skipped: 0 });
    assert.ok(answeredDuring > 0, 'no health check was answered during the import');
    assert.ok(imports.answerWithinMs > 0);
  });

  it('shows a large upload’s progress on a page that refreshes, then the result', async () => {
    const imports = t.services.responseImports;
    const { csv, rows, people } = bigCsv(rules, 600, 40, 'S');
    const wait = imports.answerWithinMs;
    imports.answerWithinMs = 0;
    let response;
    try {
      response = await upload('big.csv', csv);
    } finally {
      imports.answerWithinMs = wait;
    }
    assert.equal(response.statusCode, 303);
    const progress = response.headers.location as string;
    assert.match(progress, new RegExp(`^${pageUrl()}/progress/[0-9a-z]+-[0-9a-f-]{36}$`));
    let page = await agent.get(progress);
    let seen = false;
    for (let i = 0; i < 600 && page.statusCode === 200; i++) {
      const html = parseHtml(page.body);
      assert.equal(html.querySelector('h1')?.text.trim(), 'Importing answers');
      assert.ok(html.querySelector('meta[http-equiv="refresh"]'));
      const status = html.querySelector('[data-testid="import-progress"]')?.text ?? '';
      assert.match(status, /Reading the file|Checked [\d,]+ of [\d,]+ rows|rows are correct/);
      seen = true;
      await new Promise((resolve) => setTimeout(resolve, 50));
      page = await agent.get(progress);
    }
    assert.ok(seen, 'the progress page was never shown');
    assert.equal(page.statusCode, 303, text(page.body).slice(0, 300));
    const done = await agent.get(page.headers.location as string);
    const summary = text(done.body);
    assert.match(
      summary,
      new RegExp(`People whose answers were added ${people.toLocaleString('en-GB')}`),
    );
    assert.match(summary, new RegExp(`Answers added ${rows.toLocaleString('en-GB')}`));
    // Another server process finds a finished task in the audit log, by its id.
    const taskId = progress.split('/').at(-1) ?? '';
    const logId = await t.db.withTrust(world.alpha.id, (tx) =>
      findImportByTask(tx, roundId, taskId),
    );
    assert.equal(`${pageUrl()}/${logId ?? ''}`, page.headers.location);
    // A recent task this process does not hold may be another's: shown as still going,
    // with the connection closed so that the next refresh may reach the process that has it.
    const recent = `${Date.now().toString(36)}-${randomUUID()}`;
    const elsewhere = await agent.get(`${pageUrl()}/progress/${recent}`);
    assert.equal(elsewhere.statusCode, 200);
    assert.equal(elsewhere.headers.connection, 'close');
    assert.match(text(elsewhere.body), /still being checked or saved/);
    // An old or made-up id is not found.
    const old = `${(Date.now() - 2 * 3600_000).toString(36)}-${randomUUID()}`;
    assert.equal((await agent.get(`${pageUrl()}/progress/${old}`)).statusCode, 404);
    assert.equal((await agent.get(`${pageUrl()}/progress/nothing`)).statusCode, 404);
  });
});
