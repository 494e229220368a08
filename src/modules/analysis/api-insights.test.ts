import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  addAnsweredResponses,
  addRound,
  addSectors,
  frameworkVersion,
  type AnsweringPerson,
} from '../../../test/fixtures.ts';
import { exampleProblems } from '../../../test/api-examples.ts';
import { dom, useApp } from '../../../test/build.ts';
import type { FrameworkVersion } from '../framework/schema.ts';
import { analysisApi } from './api.ts';
import { signed } from './models/format.ts';
import { createAnalysisService } from './service.ts';

// The comparison, the insights and the comments in the API say what the analysis pages say,
// withholding what they withhold: a sector of 3, a round of 4, and comments of responses not
// yet released.

interface ChangeRow {
  areaKey: string;
  area: string;
  dimensionKey: string | null;
  dimension: string | null;
  before: number | null;
  now: number | null;
  change: number | null;
}

interface Comparison {
  roundId: string;
  release: number;
  with: { id: string; title: string; frameworkVersion: string } | null;
  sameVersion: boolean;
  rounds: { id: string; title: string }[];
  change: ChangeRow[];
}

interface Ref {
  name: string;
  areaName: string;
  shown: string;
  n: number | null;
}

interface Insights {
  strengths: Ref[];
  gaps: Ref[];
  focusAreas: (Omit<Ref, 'shown'> & { reason: string; kinds: string[] })[];
  withheldSectors: string[];
  areas: {
    key: string;
    name: string;
    suppressed: boolean;
    strengths: { name: string; score: string }[];
    gaps: { name: string; score: string }[];
    divergence: { dimension: string; text: string }[];
    withheld: string[];
  }[];
}

interface Comments {
  release: number;
  areas: { key: string; comments: string[] }[];
}

describe('comparison, insights and comments in the API, as the analysis pages show them', () => {
  const t = useApp({
    signIn: ['viewer', 'contributor'],
    tokens: ['viewer', 'contributor', 'trust-admin', 'action-lead', 'beta'],
  });
  let version: FrameworkVersion;
  let roundId = '';
  let earlierId = '';
  let tinyId = '';
  let api = '';
  let web = '';

  const roundOf = async (
    values: Parameters<typeof addRound>[2],
    people: AnsweringPerson[],
  ): Promise<string> => {
    const round = await addRound(t.db, t.alpha.id, values);
    await addAnsweredResponses(t.db, t.alpha.id, round.id, version, people);
    return round.id;
  };
  const many = (n: number, p: Omit<AnsweringPerson, 'value'>, value = 3): AnsweringPerson[] =>
    Array.from({ length: n }, () => ({ ...p, value: () => value }));

  before(async () => {
    await addSectors(t.db, t.alpha.id);
    version = await frameworkVersion(t.db);
    // Health and schools: 11 people each, who disagree; early years: 3 (withheld); 5 children.
    const people: AnsweringPerson[] = [];
    for (const sector of ['health', 'schools'])
      for (let p = 0; p < 11; p++)
        people.push({
          sector,
          audience: p < 6 ? 'frontline' : 'leaders-managers',
          value: (_key, i) => (sector === 'health' ? 4 : 2) + ((i + p) % 2),
          ...(p === 0 ? { comment: `A comment from ${sector}` } : {}),
        });
    people.push(...many(3, { sector: 'early-years', audience: 'frontline', comment: 'Tiny' }, 1));
    people.push(...many(5, { sector: null, audience: 'children-young-people' }));
    roundId = await roundOf({ title: '2026 self-assessment', status: 'analysing' }, people);
    earlierId = await roundOf(
      {
        title: '2025 self-assessment',
        startsOn: '2025-01-01',
        endsOn: '2025-12-31',
        status: 'reported',
      },
      many(8, { sector: 'health', audience: 'frontline' }, 2),
    );
    // A round of 4 people: every figure of it is withheld.
    tinyId = await roundOf(
      {
        title: '2024 self-assessment',
        startsOn: '2024-01-01',
        endsOn: '2024-12-31',
        status: 'reported',
      },
      many(4, { sector: 'health', audience: 'frontline', comment: 'One of four' }, 5),
    );
    api = `/api/v1/trusts/alpha/rounds/${roundId}`;
    web = `/trusts/alpha/rounds/${roundId}/analysis`;
  });

  /** The change table of the comparison page, as the API's rows would write it. */
  const written = (rows: ChangeRow[]) =>
    rows.map((r) => [
      r.dimension ?? r.area,
      r.before === null ? '–' : r.before.toFixed(1),
      r.now === null ? '–' : r.now.toFixed(1),
      signed(r.change) || '–',
    ]);

  it('compares with an earlier round: the page’s table and its download, figure for figure', async () => {
    const response = await t.api('viewer', 'GET', `${api}/comparison?with=${earlierId}`);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<Comparison>();
    assert.equal(body.with?.title, '2025 self-assessment');
    assert.deepEqual(
      body.rounds.map((r) => r.title),
      ['2025 self-assessment', '2024 self-assessment'],
    );
    const page = await t.as('viewer').get(`${web}/compare?with=${earlierId}`);
    const [, ...rows] = dom(page.body).rows('[data-testid="change-table"]');
    assert.equal(rows.length, body.change.length);
    assert.deepEqual(written(body.change), rows);
    assert.ok(body.change.some((r) => r.change !== null));
    const csv = await t.as('viewer').get(`${web}/compare.csv?with=${earlierId}`);
    const lines = csv.body.trim().split(/\r?\n/).slice(1);
    assert.deepEqual(
      body.change.map((r) =>
        [r.area, r.dimension ?? '', r.before ?? '', r.now ?? '', r.change ?? ''].join(','),
      ),
      lines.map((line) => line.replace(/"/g, '')),
    );
    // Without `with`, the page's choice: the latest round that started no later.
    const chosen = await t.api('viewer', 'GET', `${api}/comparison`);
    assert.deepEqual(chosen.json<Comparison>(), body);
  });

  it('withholds a round of 4 in the comparison exactly as the page does', async () => {
    const response = await t.api('viewer', 'GET', `${api}/comparison?with=${tinyId}`);
    assert.equal(response.statusCode, 200);
    const body = response.json<Comparison>();
    assert.ok(body.change.every((r) => r.before === null && r.change === null));
    const page = await t.as('viewer').get(`${web}/compare?with=${tinyId}`);
    const [, ...rows] = dom(page.body).rows('[data-testid="change-table"]');
    assert.deepEqual(written(body.change), rows);
    assert.ok(rows.every((cells) => cells[1] === '–'));
  });

  it('refuses a round that is not one to compare with (400), as the page says', async () => {
    const beta = await addRound(t.db, t.beta.id, { title: 'Beta round' });
    for (const asked of ['nonsense', roundId, beta.id, crypto.randomUUID()]) {
      const response = await t.api('viewer', 'GET', `${api}/comparison?with=${asked}`);
      assert.equal(response.statusCode, 400, asked);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      const errors = response.json<{ errors: { field: string; message: string }[] }>().errors;
      assert.deepEqual(errors, [
        { field: 'query.with', message: 'Choose one of the rounds in the list' },
      ]);
    }
  });

  it('gives the overview’s strengths, gaps and focus areas as the page lists them', async () => {
    const response = await t.api('action-lead', 'GET', `${api}/insights`);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<Insights>();
    const page = dom((await t.as('viewer').get(web)).body);
    const line = (r: Ref) => `${r.name} (${r.areaName}): ${r.shown}`;
    assert.ok(body.strengths.length > 0 && body.gaps.length > 0);
    assert.deepEqual(body.strengths.map(line), page.texts('[data-testid="strengths"] li'));
    assert.deepEqual(body.gaps.map(line), page.texts('[data-testid="gaps"] li'));
    assert.deepEqual(
      body.focusAreas.map((f) => `${f.name} (${f.areaName}): ${f.reason}`),
      page.texts('[data-testid="focus-areas"] li'),
    );
    assert.ok(body.focusAreas.some((f) => f.kinds.includes('divergent')));
    // Every figure rests on 5 people or more; the sector of 3 is withheld, and named so.
    for (const r of [...body.strengths, ...body.gaps, ...body.focusAreas])
      assert.ok(r.n === null || r.n >= 5, `${r.name}: n ${String(r.n)}`);
    assert.deepEqual(body.withheldSectors, ['Early years and childcare']);
    assert.ok(
      page
        .texts('.govuk-inset-text')
        .some((text) => text.startsWith('Figures for Early years and childcare are withheld')),
    );
    assert.ok(!JSON.stringify(body.focusAreas).includes('Early years'));
  });

  it('gives each area’s findings as its page shows them, the sector of 3 withheld', async () => {
    const body = (await t.api('viewer', 'GET', `${api}/insights`)).json<Insights>();
    assert.equal(body.areas.length, 7);
    for (const area of body.areas) {
      const page = dom((await t.as('viewer').get(`${web}/areas/${area.key}`)).body);
      const divergence = page.texts('[data-testid="divergence"] li');
      assert.deepEqual(
        area.divergence.map((d) => `${d.dimension}: ${d.text}`),
        divergence,
        area.key,
      );
      assert.ok(!divergence.some((text) => text.includes('Early years')), area.key);
      const listed = (list: { name: string; score: string }[]) =>
        list.map((x) => `${x.name}: ${x.score}`);
      assert.deepEqual(listed(area.strengths), page.texts('[data-testid="area-strengths"] li'));
      assert.deepEqual(listed(area.gaps), page.texts('[data-testid="area-gaps"] li'));
      assert.match(page.text('[data-testid="withheld"]') ?? '', /Early years and childcare/);
      assert.ok(area.withheld.includes('Early years and childcare'), area.key);
      assert.equal(area.suppressed, false);
    }
    assert.ok(body.areas.some((a) => a.divergence.length > 0));
  });

  it('withholds every finding of a round of 4, as its pages do', async () => {
    const response = await t.api('viewer', 'GET', `/api/v1/trusts/alpha/rounds/${tinyId}/insights`);
    assert.equal(response.statusCode, 200);
    const body = response.json<Insights>();
    assert.deepEqual([body.strengths, body.gaps, body.focusAreas], [[], [], []]);
    assert.ok(body.areas.every((a) => a.suppressed && a.strengths.length === 0));
    const page = dom((await t.as('viewer').get(`/trusts/alpha/rounds/${tinyId}/analysis`)).body);
    assert.ok(!page.has('[data-testid="strengths"]') && !page.has('[data-testid="focus-areas"]'));
  });

  it('gives the comments the area pages show, and none of responses not yet released', async () => {
    // Two more people after the release: too few to release, so their comments wait too.
    await addAnsweredResponses(t.db, t.alpha.id, roundId, version, [
      ...many(2, { sector: 'health', audience: 'frontline', comment: 'Written after the release' }),
    ]);
    const response = await t.api('contributor', 'GET', `${api}/comments`);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<Comments>();
    assert.equal(body.areas.length, 7);
    for (const area of body.areas) {
      const page = dom((await t.as('contributor').get(`${web}/areas/${area.key}`)).body);
      assert.deepEqual(area.comments, page.texts('[data-testid="comments"] blockquote'), area.key);
    }
    const all = body.areas.flatMap((a) => a.comments);
    assert.deepEqual(all, [
      'A comment from health',
      'A comment from schools',
      'Tiny',
      'Tiny',
      'Tiny',
    ]);
    assert.ok(!all.includes('Written after the release'));
    const admin = await t.api('trust-admin', 'GET', `${api}/comments`);
    assert.deepEqual(admin.json(), body);
  });

  it('keeps comments from viewers (403), as the page does', async () => {
    for (const holder of ['viewer', 'action-lead'] as const)
      assert.equal((await t.api(holder, 'GET', `${api}/comments`)).statusCode, 403, holder);
    const area = version.areas[0]?.key ?? '';
    const page = dom((await t.as('viewer').get(`${web}/areas/${area}`)).body);
    assert.ok(!page.has('[data-testid="comments"]'));
  });

  it('answers 409 before the first release, and 404 for another trust', async () => {
    const collecting = await roundOf({ title: 'Open round', status: 'collecting' }, [
      ...many(6, { sector: 'health', audience: 'frontline', comment: 'Early' }),
    ]);
    for (const what of ['comparison', 'insights', 'comments']) {
      const response = await t.api(
        'contributor',
        'GET',
        `/api/v1/trusts/alpha/rounds/${collecting}/${what}`,
      );
      assert.equal(response.statusCode, 409, what);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      const theirs = `/api/v1/trusts/beta/rounds/${roundId}/${what}`;
      assert.equal((await t.api('beta', 'GET', theirs)).statusCode, 404, what);
      assert.equal((await t.api('beta', 'GET', `${api}/${what}`)).statusCode, 404, what);
    }
  });

  it('gives every analysis operation an example that its schemas accept', () => {
    assert.deepEqual(exampleProblems(analysisApi({ analysis: createAnalysisService() })), []);
  });
});
