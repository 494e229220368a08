import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import {
  Agent,
  createTestApp,
  seedWorld,
  text,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { storeResponses, type NewResponse } from '../responses/store.ts';
import { percent, rateAxisMax } from './monitoring.ts';

describe('response monitoring', () => {
  let t: TestApp;
  let world: World;
  let path: string;
  let serial = 0;

  function responses(
    roundId: string,
    questionnaireId: string | null,
    audience: string,
    sectorKey: string | null,
    n: number,
  ): NewResponse[] {
    return Array.from({ length: n }, () => ({
      roundId,
      questionnaireId,
      audience,
      sectorKey,
      roleLevel: null,
      locality: null,
      language: 'en',
      source: 'online' as const,
      submissionKey: `key-${++serial}`,
      answers: [{ itemKey: 'x.y', value: 3 as const }],
      comments: [],
    }));
  }

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id, [
      { key: 'health', name: 'Health', headcount: 200 },
      { key: 'schools', name: 'Schools', headcount: 400 },
      { key: 'early-years', name: 'Early years and childcare', headcount: 30 },
      { key: 'youth', name: 'Youth services', headcount: null },
      { key: 'social-care', name: "Children's social care", headcount: null },
    ]);
    const round = await addRound(t.db, world.alpha.id, { title: 'Autumn 2026' });
    const other = await addRound(t.db, world.alpha.id, { title: 'Another round' });
    const q = await addQuestionnaire(t.db, world.alpha.id, round.id);
    path = `/trusts/alpha/rounds/${round.id}/responses`;
    await t.db.withTrust(world.alpha.id, (tx) =>
      storeResponses(tx, world.alpha.id, [
        ...responses(round.id, q.id, 'frontline', 'health', 25),
        ...responses(round.id, q.id, 'leaders-managers', 'health', 5),
        ...responses(round.id, q.id, 'frontline', 'schools', 6),
        ...responses(round.id, null, 'parents-carers', 'early-years', 3),
        ...responses(round.id, null, 'frontline', 'youth', 7),
        ...responses(round.id, null, 'children-young-people', null, 4),
        // A sector the trust no longer has.
        ...responses(round.id, null, 'frontline', 'police', 2),
        // Another round's responses are not counted here.
        ...responses(other.id, null, 'frontline', 'schools', 50),
      ]),
    );
  });
  after(() => t.close());

  const cells = (html: string, testid: string) => {
    const table = new RegExp(`data-testid="${testid}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
    return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
      [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
        text(c[1] ?? '').trim(),
      ),
    );
  };

  it('shows responses by sector against headcount', async () => {
    const viewer = new Agent(t.app);
    await viewer.signIn(world.users.viewer);
    const page = await viewer.get(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Responses<\/h1>/);
    assert.match(text(page.body), /52 responses so far/);
    const rows = cells(page.body, 'by-sector');
    assert.deepEqual(rows[0], ['Sector', 'Responses', 'Headcount', 'Response rate']);
    // Sectors in the national order, then a sector the trust no longer has, then Not given.
    assert.deepEqual(rows.slice(1), [
      ['Early years and childcare Under-represented', '3', '30', '10%'],
      ['Schools Under-represented', '6', '400', '1.5%'],
      ['Health', '30', '200', '15%'],
      ["Children's social care Under-represented", '0', 'Not known', 'No headcount'],
      ['Youth services', '7', 'Not known', 'No headcount'],
      ['police', '2', 'Not known', 'No headcount'],
      ['Not given', '4', 'Not known', ''],
    ]);
    assert.doesNotMatch(page.body, / style="/);
  });

  /** The chart with this id: its figure, svg, title and description. */
  const chart = (html: string, id: string) => {
    const pairs =
      /<div class="ocw-chart-pair">\s*<figure class="ocw-chart"[^>]*>\s*(<svg[\s\S]*?<\/svg>)\s*<figcaption[^>]*>([\s\S]*?)<\/figcaption>\s*<\/figure>([\s\S]*?<\/table>)/g;
    const all = [...html.matchAll(pairs)].find((m) =>
      (m[1] ?? '').includes(`aria-labelledby="${id}-title ${id}-desc"`),
    );
    assert.ok(all, `a figure with the chart ${id}, then its table`);
    const svg = all[1] ?? '';
    const title = new RegExp(`<title id="${id}-title">([^<]*)</title>`).exec(svg)?.[1];
    const desc = new RegExp(`<desc id="${id}-desc">([^<]*)</desc>`).exec(svg)?.[1];
    assert.ok(title !== undefined && desc !== undefined, 'a title and a description');
    return {
      svg,
      title: text(title),
      desc: text(desc),
      caption: text(all[2] ?? '').trim(),
      table: all[3] ?? '',
    };
  };

  it('draws the response rate of each sector as bars, with the 10% line and the table', async () => {
    const viewer = new Agent(t.app);
    await viewer.signIn(world.users.viewer);
    const page = await viewer.get(path);
    assert.equal(page.statusCode, 200);
    const rates = chart(page.body, 'response-rate-by-sector');
    assert.match(rates.svg, /^<svg [^>]*role="img"/);
    assert.match(rates.svg, /^<svg [^>]*focusable="false"/);
    assert.equal(rates.title, 'Response rate by sector');
    // The description states every sector's rate, in the table's order and words.
    assert.equal(
      rates.desc,
      'Bar chart of response rate by sector, as a percentage of headcount. ' +
        'Early years and childcare 10%, Schools 1.5%, Health 15%, ' +
        "Children's social care no headcount, Youth services no headcount, police no headcount. " +
        'Well represented from: 10%.',
    );
    // The target line is drawn, and the bars without a headcount say so.
    assert.match(rates.svg, /Well represented from 10%/);
    assert.equal(rates.svg.match(/>No headcount</g)?.length, 3);
    assert.match(rates.caption, /dashed line marks 10% of headcount/);
    // Its data table is the table of sectors, which is not repeated.
    assert.match(rates.table, /data-testid="by-sector"/);
    assert.equal(page.body.match(/data-testid="by-sector"/g)?.length, 1);
    // Every id on the page is unique, and nothing is styled inline.
    const ids = [...page.body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(new Set(ids).size, ids.length);
    assert.doesNotMatch(page.body, /style="/);
    assert.doesNotMatch(page.body, /<style/);
  });

  it('draws the responses of each audience as bars, with the table', async () => {
    const viewer = new Agent(t.app);
    await viewer.signIn(world.users.viewer);
    const page = await viewer.get(path);
    const audiences = chart(page.body, 'responses-by-audience');
    assert.match(audiences.svg, /^<svg [^>]*role="img"/);
    assert.equal(audiences.title, 'Responses by audience');
    assert.equal(
      audiences.desc,
      'Bar chart of number of responses by audience. Leaders and managers 5, ' +
        'Frontline practitioners 40, Children and young people 4, Parents and carers 3.',
    );
    assert.match(audiences.table, /data-testid="by-audience"/);
    assert.equal(page.body.match(/data-testid="by-audience"/g)?.length, 1);
  });

  it('writes rates to one decimal place, and fits the axis to them', () => {
    assert.equal(percent(0.15), '15%');
    assert.equal(percent(0.015), '1.5%');
    assert.equal(percent(0.0994), '9.9%');
    assert.equal(percent(null), '');
    assert.equal(rateAxisMax([]), 20);
    assert.equal(rateAxisMax([null, 2, 4]), 20);
    assert.equal(rateAxisMax([27.8, 3]), 30);
    assert.equal(rateAxisMax([100]), 100);
    assert.equal(rateAxisMax([130, null]), 150);
  });

  it('shows responses by audience, and sector by audience', async () => {
    const viewer = new Agent(t.app);
    await viewer.signIn(world.users.contributor);
    const page = await viewer.get(path);
    assert.equal(page.statusCode, 200);
    assert.deepEqual(cells(page.body, 'by-audience'), [
      ['Audience', 'Responses'],
      ['Leaders and managers', '5'],
      ['Frontline practitioners', '40'],
      ['Children and young people', '4'],
      ['Parents and carers', '3'],
      ['Total', '52'],
    ]);
    const cross = cells(page.body, 'by-sector-audience');
    assert.deepEqual(cross[0], [
      'Sector',
      'Leaders and managers',
      'Frontline practitioners',
      'Children and young people',
      'Parents and carers',
      'Total',
    ]);
    const byName = new Map(cross.map((r) => [r[0], r.slice(1)]));
    assert.deepEqual(byName.get('Health'), ['5', '25', '0', '0', '30']);
    assert.deepEqual(byName.get('Early years and childcare'), ['0', '0', '0', '3', '3']);
    assert.deepEqual(byName.get('Not given'), ['0', '0', '4', '0', '4']);
    assert.equal(cross.length, 9);
    assert.deepEqual(cross.at(-1), ['Total', '5', '40', '4', '3', '52']);
  });

  it('warns about under-represented sectors', async () => {
    const viewer = new Agent(t.app);
    await viewer.signIn(world.users.viewer);
    const page = await viewer.get(path);
    const warning = /data-testid="under-represented"[\s\S]*?<\/div>\s*<\/div>/.exec(page.body)?.[0];
    assert.ok(warning);
    assert.match(warning, /govuk-warning-text/);
    const body = text(warning);
    assert.match(body, /Schools: 6 of 400, 1.5%/);
    assert.match(body, /Early years and childcare: 3 of 30, 10%/);
    assert.match(body, /Children's social care: 0 responses/);
    assert.doesNotMatch(body, /Health|Youth|Not given|police/);
    // Viewers see no set-up link.
    assert.doesNotMatch(page.body, /Questionnaires, links and invitations/);
  });

  it('exports the counts as CSV', async () => {
    const admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
    const page = await admin.get(path);
    assert.match(page.body, /Questionnaires, links and invitations/);
    const csv = await admin.get(`${path}.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /^attachment; filename="responses-/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(
      lines[0],
      'sector key,sector,Leaders and managers,Frontline practitioners,Children and young people,Parents and carers,responses,headcount,rate (%),under-represented',
    );
    assert.ok(lines.includes('health,Health,5,25,0,0,30,200,15,no'));
    assert.ok(lines.includes('schools,Schools,0,6,0,0,6,400,1.5,yes'));
    assert.ok(lines.includes(',Not given,0,0,4,0,4,,,no'));
    assert.equal(lines.at(-1), ',Total,5,40,4,3,52,,,');
  });

  it('shows an empty round plainly', async () => {
    const round = await addRound(t.db, world.alpha.id, { title: 'Empty round' });
    const admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
    const page = await admin.get(`/trusts/alpha/rounds/${round.id}/responses`);
    assert.equal(page.statusCode, 200);
    assert.match(text(page.body), /0 responses so far/);
    // Every sector has fewer than 5.
    assert.match(text(page.body), /Health: 0 of 200, 0%/);
    assert.match(
      chart(page.body, 'response-rate-by-sector').desc,
      /Early years and childcare 0%, Schools 0%, Health 0%, Children's social care no headcount/,
    );
    assert.match(chart(page.body, 'responses-by-audience').desc, /Leaders and managers 0,/);
  });

  it('answers 404 to another trust and to unknown rounds', async () => {
    const beta = new Agent(t.app);
    await beta.signIn(world.users.betaAdmin);
    assert.equal((await beta.get(path)).statusCode, 404);
    assert.equal((await beta.get(`${path}.csv`)).statusCode, 404);
    const admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
    const unknown = await admin.get(
      '/trusts/alpha/rounds/00000000-0000-4000-8000-000000000000/responses',
    );
    assert.equal(unknown.statusCode, 404);
    assert.equal((await admin.get('/trusts/alpha/rounds/x/responses')).statusCode, 404);
  });
});
