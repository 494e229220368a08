import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { answers, auditLog, responses } from '../../db/schema/index.ts';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import {
  apiToken,
  createTestApp,
  seedWorld,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';

interface CsvErrorBody {
  error: string;
  message: string;
  errors: { row: number; field: string; message: string }[];
}

/** An import's answer without its id (which the log of imports knows it by). */
const counted = (response: { body: string }) =>
  Object.fromEntries(
    Object.entries(JSON.parse(response.body) as Record<string, number>).filter(([k]) => k !== 'id'),
  );
const HEADER = 'respondent,sector,audience,item,value';
const GOOD = [
  HEADER,
  'P1,health,frontline,red.shared-vision.p1,4',
  'P1,health,frontline,red.shared-vision.p3,DK',
  'P1,health,frontline,red.vision-known.p3,2',
  'P2,schools,leaders-managers,red.shared-vision.p2,5',
  'P2,schools,leaders-managers,violet.allegations.p2,na',
  'C1,,children-young-people,red.shared-vision.cyp1,3',
  '',
].join('\n');

describe('responses API: import and summary', () => {
  let t: TestApp;
  let world: World;
  let admin: string;
  let viewer: string;
  let contributor: string;
  let betaAdmin: string;
  let roundId: string;
  let betaRoundId: string;

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    admin = await apiToken(t.db, world.alpha.id, 'trust-admin');
    viewer = await apiToken(t.db, world.alpha.id, 'viewer');
    contributor = await apiToken(t.db, world.alpha.id, 'contributor');
    betaAdmin = await apiToken(t.db, world.beta.id, 'trust-admin');
    await addSectors(t.db, world.alpha.id);
    roundId = (await addRound(t.db, world.alpha.id)).id;
    betaRoundId = (await addRound(t.db, world.beta.id)).id;
  });
  after(() => t.close());

  const importUrl = (round = roundId, trust = 'alpha') =>
    `/api/v1/trusts/${trust}/rounds/${round}/responses/import`;

  const postCsv = (csv: string, token = admin, url = importUrl()) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      payload: csv,
    });

  const counts = () =>
    t.db.withTrust(world.alpha.id, async (tx) => {
      const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(responses);
      const [a] = await tx.select({ n: sql<number>`count(*)::int` }).from(answers);
      return { responses: r?.n ?? -1, answers: a?.n ?? -1 };
    });

  it('imports a valid CSV: every answer stored, with the right counts', async () => {
    const before = await counts();
    const response = await postCsv(GOOD);
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(counted(response), { responses: 3, answers: 6, skipped: 0 });
    const after = await counts();
    assert.deepEqual(after, { responses: before.responses + 3, answers: before.answers + 6 });
    const stored = await t.db.withTrust(world.alpha.id, (tx) =>
      tx
        .select({
          audience: responses.audience,
          sector: responses.sectorKey,
          source: responses.source,
          questionnaireId: responses.questionnaireId,
          item: answers.itemKey,
          value: answers.value,
        })
        .from(answers)
        .innerJoin(responses, eq(responses.id, answers.responseId))
        .where(eq(responses.roundId, roundId)),
    );
    const find = (item: string) => stored.find((s) => s.item === item);
    assert.deepEqual(find('red.shared-vision.p1'), {
      audience: 'frontline',
      sector: 'health',
      source: 'import',
      questionnaireId: null,
      item: 'red.shared-vision.p1',
      value: 4,
    });
    assert.equal(find('red.shared-vision.p3')?.value, 8, 'DK is stored as 8');
    assert.equal(find('violet.allegations.p2')?.value, 9, 'NA (any case) is stored as 9');
    assert.equal(find('red.shared-vision.cyp1')?.sector, null, 'an empty sector is stored as null');
    const log = await t.db.withTrust(world.alpha.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'import'), eq(auditLog.entityId, roundId))),
    );
    assert.equal(log.length, 1);
    assert.match(log[0]?.actor ?? '', /^API token: /);
  });

  it('skips respondents already imported, so the same file twice stores nothing new', async () => {
    const before = await counts();
    const again = await postCsv(GOOD);
    assert.equal(again.statusCode, 201);
    assert.deepEqual(counted(again), { responses: 0, answers: 0, skipped: 3 });
    assert.deepEqual(await counts(), before);
    const more = await postCsv(`${GOOD}P3,early-years,frontline,green.transitions.p2,1\n`);
    assert.deepEqual(counted(more), { responses: 1, answers: 1, skipped: 3 });
  });

  const BAD: [string, string, number, string, RegExp][] = [
    ['a bad value', `${HEADER}\nP9,health,frontline,red.shared-vision.p1,4\nP9,health,frontline,red.shared-vision.p3,6\n`, 3, 'value', /1 to 5, DK or NA/],
    ['an empty value', `${HEADER}\nP9,health,frontline,red.shared-vision.p1,\n`, 2, 'value', /Enter a value/],
    ['an unknown item', `${HEADER}\nP9,health,frontline,red.nothing.p1,4\n`, 2, 'item', /not an item of framework version 2026\.1/],
    ['an item not asked of the audience', `${HEADER}\nP9,health,frontline,red.shared-vision.cyp1,4\n`, 2, 'item', /not asked of frontline/],
    ['an unknown sector', `${HEADER}\nP9,police,frontline,red.shared-vision.p1,4\n`, 2, 'sector', /not one of this trust’s sector keys/],
    ['an unknown audience', `${HEADER}\nP9,health,teachers,red.shared-vision.p1,4\n`, 2, 'audience', /not an audience/],
    ['no respondent', `${HEADER}\n,health,frontline,red.shared-vision.p1,4\n`, 2, 'respondent', /Enter a respondent id/],
    ['mixed audiences for a respondent', `${HEADER}\nP9,health,frontline,red.shared-vision.p1,4\nP9,health,leaders-managers,red.shared-vision.p2,4\n`, 3, 'audience', /different audience on row \d+/],
    ['mixed sectors for a respondent', `${HEADER}\nP9,health,frontline,red.shared-vision.p1,4\nP9,schools,frontline,red.shared-vision.p3,4\n`, 3, 'sector', /different sector on row \d+/],
    ['the same respondent and item twice', `${HEADER}\nP9,health,frontline,red.shared-vision.p1,4\n\nP9,health,frontline,red.shared-vision.p1,5\n`, 4, 'item', /already answered .* on row \d+/],
    ['a missing column', 'respondent,sector,audience,item\nP9,health,frontline,red.shared-vision.p1\n', 1, 'header', /missing: value/],
    ['a short row', `${HEADER}\nP9,health,frontline\n`, 2, 'row', /has 3 values; it needs 5/],
    ['an empty file', '', 1, 'file', /The file is empty/],
    ['a header and nothing else', `${HEADER}\n`, 2, 'file', /no answers/],
    ['an unclosed quote', `${HEADER}\nP9,health,frontline,"red.shared-vision.p1,4\n`, 2, 'file', /could not be read as CSV/],
    ['semicolons', 'respondent;sector;audience;item;value\nP9;health;frontline;red.shared-vision.p1;4\n', 1, 'header', /commas, not semicolons/],
  ]; // prettier-ignore

  for (const [what, csv, row, field, message] of BAD)
    it(`rejects a CSV with ${what}, naming the line, and stores nothing`, async () => {
      // Good rows around the bad one are not stored either: all or nothing.
      const surround = field !== 'file' && field !== 'header';
      const good = 'OK1,schools,frontline,red.shared-vision.p1,3';
      const shifted = surround ? row + 1 : row;
      const before = await counts();
      const response = await postCsv(surround ? csv.replace(HEADER, `${HEADER}\n${good}`) : csv);
      assert.equal(response.statusCode, 400, response.body);
      const body = response.json<CsvErrorBody>();
      assert.equal(body.error, 'invalid_csv');
      assert.match(body.message, /Nothing was imported/);
      const error = body.errors.find((e) => e.row === shifted && e.field === field);
      assert.ok(error, `expected line ${shifted} ${field} in ${JSON.stringify(body.errors)}`);
      assert.match(error.message, message);
      assert.deepEqual(await counts(), before);
    });

  it('lists every bad row up to 100 and says when there are more', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `R${i},health,frontline,red.nope.p1,4`);
    const response = await postCsv([HEADER, ...rows].join('\n'));
    assert.equal(response.statusCode, 400);
    const body = response.json<CsvErrorBody>();
    assert.equal(body.errors.length, 100);
    assert.deepEqual(
      body.errors.slice(0, 3).map((e) => e.row),
      [2, 3, 4],
    );
    assert.match(body.message, /more than 100 problems/);
  });

  it('accepts a byte order mark, Windows line ends and columns in another order', async () => {
    const csv =
      '\ufeffValue,Item,Audience,Sector,Respondent\r\n5,orange.shared-values.p1,frontline,schools,Q1\r\n';
    const response = await postCsv(csv);
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(counted(response), { responses: 1, answers: 1, skipped: 0 });
  });

  it('answers 400 for a JSON body instead of CSV', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: importUrl(),
      headers: { authorization: `Bearer ${admin}` },
      payload: { csv: GOOD },
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.json<CsvErrorBody>().message, /text\/csv/);
  });

  it('lets only trust admin tokens import', async () => {
    for (const token of [viewer, contributor]) {
      const before = await counts();
      const response = await postCsv(GOOD.replace(/P1/g, 'Z1'), token);
      assert.equal(response.statusCode, 403);
      assert.deepEqual(await counts(), before);
    }
    const anonymous = await t.app.inject({
      method: 'POST',
      url: importUrl(),
      headers: { 'content-type': 'text/csv' },
      payload: GOOD,
    });
    assert.equal(anonymous.statusCode, 401);
  });

  it('answers 404 for another trust or a round that is not there', async () => {
    const before = await counts();
    assert.equal((await postCsv(GOOD, betaAdmin)).statusCode, 404, 'beta token on alpha');
    assert.equal((await postCsv(GOOD, admin, importUrl(betaRoundId))).statusCode, 404);
    assert.equal((await postCsv(GOOD, admin, importUrl(roundId, 'beta'))).statusCode, 404);
    assert.equal((await postCsv(GOOD, admin, importUrl('not-a-uuid'))).statusCode, 404);
    assert.equal(
      (await postCsv(GOOD, admin, importUrl('00000000-0000-4000-8000-000000000000'))).statusCode,
      404,
    );
    assert.deepEqual(await counts(), before);
  });

  it('answers 413 for a body over 10 MB', async () => {
    const big = `${HEADER}\n${'P1,health,frontline,red.shared-vision.p1,4\n'.repeat(260_000)}`;
    assert.ok(big.length > 10 * 1024 * 1024);
    const response = await postCsv(big);
    assert.equal(response.statusCode, 413);
    assert.equal(response.json<CsvErrorBody>().error, 'too_large');
  });

  it('counts responses by sector and audience for any role of the trust', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/trusts/alpha/rounds/${roundId}/responses/summary`,
      headers: { authorization: `Bearer ${viewer}` },
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<{
      total: number;
      bySector: { sector: string | null; responses: number; headcount: number | null }[];
      byAudience: { audience: string; name: string; responses: number }[];
      bySectorAndAudience: { sector: string | null; audience: string; responses: number }[];
    }>();
    // National order of sectors, then answers with none. P1 (health, frontline), P2 (schools, leaders), C1 (children), P3 (early years), Q1 (schools).
    assert.equal(body.total, 5);
    assert.deepEqual(
      body.bySector.map((s) => [s.sector, s.responses]),
      [
        ['early-years', 1],
        ['schools', 2],
        ['health', 1],
        [null, 1],
      ],
    );
    assert.equal(body.bySector.find((s) => s.sector === 'health')?.headcount, 200);
    assert.deepEqual(
      body.byAudience.map((a) => [a.audience, a.responses]),
      [
        ['leaders-managers', 1],
        ['frontline', 3],
        ['children-young-people', 1],
        ['parents-carers', 0],
      ],
    );
    assert.equal(body.byAudience[0]?.name, 'Leaders and managers');
    assert.ok(
      body.bySectorAndAudience.some(
        (c) => c.sector === 'schools' && c.audience === 'frontline' && c.responses === 1,
      ),
    );
    assert.ok(!JSON.stringify(body).includes('red.shared-vision'), 'no single answers');
  });

  it('keeps the summary to the trust', async () => {
    const url = (trust: string, round: string) =>
      `/api/v1/trusts/${trust}/rounds/${round}/responses/summary`;
    const get = (token: string, path: string) =>
      t.app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${token}` } });
    assert.equal((await get(betaAdmin, url('alpha', roundId))).statusCode, 404);
    assert.equal((await get(admin, url('alpha', betaRoundId))).statusCode, 404);
    assert.equal((await get(admin, url('alpha', 'nope'))).statusCode, 404);
    const theirs = await get(betaAdmin, url('beta', betaRoundId));
    assert.equal(theirs.statusCode, 200);
    assert.equal(theirs.json<{ total: number }>().total, 0);
  });

  it('documents both endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    }>();
    const imp = doc.paths['/api/v1/trusts/{trust}/rounds/{round}/responses/import']?.post;
    assert.ok(imp?.requestBody?.content['text/csv']);
    assert.ok(doc.paths['/api/v1/trusts/{trust}/rounds/{round}/responses/summary']?.get);
  });
});
