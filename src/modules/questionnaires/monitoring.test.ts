import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { dom, useApp, type Dom } from '../../../test/build.ts';
import { addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { storeResponses, type NewResponse } from '../responses/store.ts';
import { percent, rateAxisMax } from './monitoring.ts';

describe('response monitoring', () => {
  const t = useApp({ signIn: ['trust-admin', 'contributor', 'viewer', 'betaAdmin'] });
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
    const alpha = t.alpha.id;
    await addSectors(t.db, alpha, [
      { key: 'health', name: 'Health', headcount: 200 },
      { key: 'schools', name: 'Schools', headcount: 400 },
      { key: 'early-years', name: 'Early years and childcare', headcount: 30 },
      { key: 'youth', name: 'Youth services', headcount: null },
      { key: 'social-care', name: "Children's social care", headcount: null },
    ]);
    const round = await addRound(t.db, alpha, { title: 'Autumn 2026' });
    const other = await addRound(t.db, alpha, { title: 'Another round' });
    const q = await addQuestionnaire(t.db, alpha, round.id);
    path = `/trusts/alpha/rounds/${round.id}/responses`;
    await t.db.withTrust(alpha, (tx) =>
      storeResponses(tx, alpha, [
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

  /** The monitoring page as a person of alpha sees it. */
  const monitoring = async (person: 'trust-admin' | 'contributor' | 'viewer', url = path) => {
    const response = await t.as(person).get(url);
    assert.equal(response.statusCode, 200);
    return dom(response.body);
  };

  it('shows responses by sector against headcount', async () => {
    const page = await monitoring('viewer');
    assert.equal(page.text('h1.govuk-heading-l'), 'Responses');
    assert.ok(page.text('main')?.includes('52 responses so far'));
    const rows = page.rows('[data-testid="by-sector"]');
    assert.deepEqual(rows[0], ['Sector', 'Responses', 'Headcount', 'Response rate']);
    // Sectors in the national order, then a sector the trust no longer has, then Not given.
    assert.deepEqual(rows.slice(1), [
      // Under 5 responses: flagged, whatever the rate.
      ['Early years and childcare Fewer than 5', '3', '30', '10%'],
      // 1.5% is under half the overall rate (39 of 630, 6.2%).
      ['Schools Under-represented', '6', '400', '1.5%'],
      ['Health', '30', '200', '15%'],
      ["Children's social care Fewer than 5", '0', 'Not known', 'No headcount'],
      ['Youth services', '7', 'Not known', 'No headcount'],
      ['police', '2', 'Not known', 'No headcount'],
      ['Not given', '4', 'Not known', ''],
    ]);
    assert.equal(page.root.querySelectorAll('[style]').length, 0);
  });

  /** The chart with this id: its svg, title, description and caption, and the table after it. */
  const chart = (page: Dom, id: string) => {
    const pair = page.root
      .querySelectorAll('.ocw-chart-pair')
      .find(
        (p) =>
          p.querySelector('figure.ocw-chart > svg')?.getAttribute('aria-labelledby') ===
          `${id}-title ${id}-desc`,
      );
    assert.ok(pair, `a figure with the chart ${id}, then its table`);
    const svg = pair.querySelector('figure.ocw-chart > svg');
    const table = pair.querySelector('table');
    assert.ok(svg && table, 'a chart and a table');
    const title = svg.querySelector(`title[id="${id}-title"]`)?.text;
    const desc = svg.querySelector(`desc[id="${id}-desc"]`)?.text;
    assert.ok(title !== undefined && desc !== undefined, 'a title and a description');
    /** The texts drawn in the chart. */
    const drawn = svg.querySelectorAll('text, tspan').map((e) => e.text.trim());
    const caption = pair.querySelector('figure.ocw-chart > figcaption')?.text ?? '';
    return { svg, drawn, title, desc, caption: caption.replace(/\s+/g, ' ').trim(), table };
  };

  it('draws the response rate of each sector as bars, with the line at half the overall rate', async () => {
    const page = await monitoring('viewer');
    const rates = chart(page, 'response-rate-by-sector');
    assert.equal(rates.svg.getAttribute('role'), 'img');
    assert.equal(rates.svg.getAttribute('focusable'), 'false');
    assert.equal(rates.title, 'Response rate by sector');
    // The description states every sector's rate, in the table's order and words.
    assert.equal(
      rates.desc,
      'Bar chart of response rate by sector, as a percentage of headcount. ' +
        'Early years and childcare 10%, Schools 1.5%, Health 15%, ' +
        "Children's social care no headcount, Youth services no headcount, police no headcount. " +
        'Under-represented below: 3.1%.',
    );
    // The target line is drawn, and the bars without a headcount say so.
    assert.ok(rates.drawn.includes('Under-represented below 3.1%'));
    assert.equal(rates.drawn.filter((s) => s === 'No headcount').length, 3);
    assert.ok(rates.caption.includes('dashed line marks half the overall rate (3.1%)'));
    // Its data table is the table of sectors, which is not repeated.
    assert.equal(rates.table.getAttribute('data-testid'), 'by-sector');
    assert.equal(page.root.querySelectorAll('[data-testid="by-sector"]').length, 1);
    // Every id on the page is unique, and nothing is styled inline.
    const ids = page.root.querySelectorAll('[id]').map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(page.root.querySelectorAll('[style]').length, 0);
    assert.equal(page.root.querySelectorAll('style').length, 0);
  });

  it('draws the responses of each audience as bars, with the table', async () => {
    const page = await monitoring('viewer');
    const audiences = chart(page, 'responses-by-audience');
    assert.equal(audiences.svg.getAttribute('role'), 'img');
    assert.equal(audiences.title, 'Responses by audience');
    assert.equal(
      audiences.desc,
      'Bar chart of number of responses by audience. Leaders and managers 5, ' +
        'Frontline practitioners 40, Children and young people 4, Parents and carers 3.',
    );
    assert.equal(audiences.table.getAttribute('data-testid'), 'by-audience');
    assert.equal(page.root.querySelectorAll('[data-testid="by-audience"]').length, 1);
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
    const page = await monitoring('contributor');
    assert.deepEqual(page.rows('[data-testid="by-audience"]'), [
      ['Audience', 'Responses'],
      ['Leaders and managers', '5'],
      ['Frontline practitioners', '40'],
      ['Children and young people', '4'],
      ['Parents and carers', '3'],
      ['Total', '52'],
    ]);
    const cross = page.rows('[data-testid="by-sector-audience"]');
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
    const page = await monitoring('viewer');
    const warning = page.root.querySelector('[data-testid="under-represented"]');
    assert.ok(warning);
    assert.ok(warning.querySelector('.govuk-warning-text'));
    const body = warning.text.replace(/\s+/g, ' ');
    assert.ok(
      body.includes('Schools: a response rate of 1.5%, under half the overall rate of 6.2%'),
    );
    assert.ok(
      body.includes(
        'Early years and childcare: 3 responses: its figures are withheld until it has 5',
      ),
    );
    assert.ok(body.includes("Children's social care: 0 responses: its figures are withheld"));
    // The page says how sectors are judged.
    const rule = page.text('[data-testid="rule"]') ?? '';
    assert.ok(rule.includes('6.2% of the workforce has answered so far'));
    assert.ok(rule.includes('under half the overall rate, that is under 3.1%'));
    assert.ok(rule.includes('fewer than 5 responses'));
    for (const absent of ['Health', 'Youth', 'Not given', 'police'])
      assert.ok(!body.includes(absent), absent);
    // Viewers see no set-up link.
    assert.ok(!page.root.text.includes('Questionnaires, links and invitations'));
  });

  it('downloads the counts as the page shows them', async () => {
    const page = await monitoring('trust-admin');
    assert.ok(page.root.text.includes('Questionnaires, links and invitations'));
    const csv = await t.as('trust-admin').get(`${path}.csv?table=by-sector`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(
      String(csv.headers['content-disposition']),
      /^attachment; filename="alpha-by-sector.csv"/,
    );
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'Sector,Responses,Headcount,Response rate');
    assert.ok(lines.includes('Health,30,200,15%'));
    assert.ok(lines.includes('Schools Under-represented,6,400,1.5%'));
    assert.ok(lines.includes('Early years and childcare Fewer than 5,3,30,10%'));
    assert.ok(lines.includes('Not given,4,Not known,'));
    const shown = page.rows('[data-testid="by-sector"]');
    assert.deepEqual(
      lines.map((line) => line.split(',')),
      shown,
    );
    const cross = await t.as('trust-admin').get(`${path}.csv?table=by-sector-audience`);
    assert.equal(cross.body.trim().split('\r\n').at(-1), 'Total,5,40,4,3,52');
  });

  it('shows an empty round plainly', async () => {
    const round = await addRound(t.db, t.alpha.id, { title: 'Empty round' });
    const page = await monitoring('trust-admin', `/trusts/alpha/rounds/${round.id}/responses`);
    const main = page.text('main') ?? '';
    assert.ok(main.includes('0 responses so far'));
    // Every sector has fewer than 5.
    assert.ok(main.includes('Health: 0 responses: its figures are withheld until it has 5'));
    // With no responses there is no overall rate, so nobody is under half of it.
    assert.ok(!main.includes('Under-represented Health'));
    assert.ok(
      chart(page, 'response-rate-by-sector').desc.includes(
        "Early years and childcare 0%, Schools 0%, Health 0%, Children's social care no headcount",
      ),
    );
    assert.ok(chart(page, 'responses-by-audience').desc.includes('Leaders and managers 0,'));
  });

  it('answers 404 to another trust and to unknown rounds', async () => {
    const beta = t.as('betaAdmin');
    assert.equal((await beta.get(path)).statusCode, 404);
    assert.equal((await beta.get(`${path}.csv`)).statusCode, 404);
    const admin = t.as('trust-admin');
    const unknown = await admin.get(
      '/trusts/alpha/rounds/00000000-0000-4000-8000-000000000000/responses',
    );
    assert.equal(unknown.statusCode, 404);
    assert.equal((await admin.get('/trusts/alpha/rounds/x/responses')).statusCode, 404);
  });
});
