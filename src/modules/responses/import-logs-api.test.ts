import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addRound, addSectors } from '../../../test/fixtures.ts';
import { exampleProblems } from '../../../test/api-examples.ts';
import { dom, useApp } from '../../../test/build.ts';
import { createResponseImports } from './imports.ts';
import { responsesApi } from './api.ts';

interface Log {
  id: number;
  at: string;
  by: string;
  via: string | null;
  responses: number;
  answers: number;
  skipped: number;
  rows: number;
}

const CSV = [
  'respondent,sector,audience,item,value',
  'P1,health,frontline,red.shared-vision.p1,4',
  'P1,health,frontline,red.shared-vision.p3,DK',
  'P2,schools,leaders-managers,red.shared-vision.p2,5',
  '',
].join('\n');

describe('the log of imports in the API, as the page after an import shows it', () => {
  const t = useApp({
    tokens: ['trust-admin', 'contributor', 'viewer', 'beta'],
    signIn: ['trust-admin'],
  });
  let roundId = '';
  let base = '';

  const postCsv = (csv: string) =>
    t.app.inject({
      method: 'POST',
      url: `${base}/responses/import`,
      headers: { authorization: `Bearer ${t.token('trust-admin')}`, 'content-type': 'text/csv' },
      payload: csv,
    });

  it('lists the imports, newest first, each with its counts', async () => {
    await addSectors(t.db, t.alpha.id);
    roundId = (await addRound(t.db, t.alpha.id)).id;
    base = `/api/v1/trusts/alpha/rounds/${roundId}`;
    const empty = await t.api('trust-admin', 'GET', `${base}/imports`);
    assert.equal(empty.statusCode, 200);
    assert.deepEqual(empty.json(), []);
    const first = await postCsv(CSV);
    assert.equal(first.statusCode, 201);
    const second = await postCsv(`${CSV}P3,health,frontline,red.shared-vision.p1,2\n`);
    const list = await t.api('trust-admin', 'GET', `${base}/imports`);
    assert.equal(list.statusCode, 200);
    const logs = list.json<Log[]>();
    assert.deepEqual(
      logs.map((l) => l.id),
      [second.json<{ id: number }>().id, first.json<{ id: number }>().id],
    );
    assert.deepEqual(
      logs.map(({ responses, answers, skipped, rows, via, by }) => ({
        responses,
        answers,
        skipped,
        rows,
        via,
        by,
      })),
      [
        {
          responses: 1,
          answers: 1,
          skipped: 2,
          rows: 4,
          via: 'api',
          by: 'API token: test trust-admin',
        },
        {
          responses: 2,
          answers: 3,
          skipped: 0,
          rows: 3,
          via: 'api',
          by: 'API token: test trust-admin',
        },
      ],
    );
    assert.ok(logs.every((l) => !Number.isNaN(Date.parse(l.at))));
  });

  it('gives one import with the counts its page shows', async () => {
    const [latest] = (await t.api('trust-admin', 'GET', `${base}/imports`)).json<Log[]>();
    assert.ok(latest);
    const one = await t.api('trust-admin', 'GET', `${base}/imports/${latest.id}`);
    assert.equal(one.statusCode, 200);
    assert.deepEqual(one.json(), latest);
    const page = await t
      .as('trust-admin')
      .get(`/trusts/alpha/rounds/${roundId}/import/${latest.id}`);
    assert.equal(page.statusCode, 200);
    const summary = dom(page.body).texts(
      '[data-testid="import-counts"] .govuk-summary-list__value',
    );
    assert.deepEqual(summary, [
      String(latest.responses),
      String(latest.answers),
      String(latest.skipped),
    ]);
  });

  it("answers 404 for an import that is not one of the round's", async () => {
    const [latest] = (await t.api('trust-admin', 'GET', `${base}/imports`)).json<Log[]>();
    assert.ok(latest);
    const other = await addRound(t.db, t.alpha.id, { title: 'Other round' });
    for (const url of [
      `/api/v1/trusts/alpha/rounds/${other.id}/imports/${latest.id}`,
      `${base}/imports/999999999`,
      `${base}/imports/abc`,
      `${base}/imports/-1`,
      `/api/v1/trusts/alpha/rounds/${crypto.randomUUID()}/imports`,
      `/api/v1/trusts/alpha/rounds/not-a-round/imports`,
    ]) {
      const response = await t.api('trust-admin', 'GET', url);
      assert.equal(response.statusCode, 404, url);
    }
  });

  it('is for trust admins only (403) and hides the imports from another trust (404)', async () => {
    const [latest] = (await t.api('trust-admin', 'GET', `${base}/imports`)).json<Log[]>();
    assert.ok(latest);
    for (const holder of ['viewer', 'contributor'] as const) {
      assert.equal((await t.api(holder, 'GET', `${base}/imports`)).statusCode, 403);
      assert.equal((await t.api(holder, 'GET', `${base}/imports/${latest.id}`)).statusCode, 403);
    }
    const theirs = `/api/v1/trusts/beta/rounds/${roundId}`;
    assert.equal((await t.api('beta', 'GET', `${theirs}/imports`)).statusCode, 404);
    assert.equal((await t.api('beta', 'GET', `${theirs}/imports/${latest.id}`)).statusCode, 404);
    assert.equal((await t.api('beta', 'GET', `${base}/imports`)).statusCode, 404);
  });

  it('gives every responses operation an example that its schemas accept', async () => {
    const responseImports = createResponseImports(t.db);
    try {
      assert.deepEqual(exampleProblems(responsesApi({ db: t.db, responseImports })), []);
    } finally {
      await responseImports.close();
    }
  });
});
