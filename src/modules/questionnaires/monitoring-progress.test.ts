import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { responses as responsesTable } from '../../db/schema/index.ts';
import { dom, useApp } from '../../../test/build.ts';
import { addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import { storeResponses, type NewResponse } from '../responses/store.ts';
import { todayInUk } from './dates.ts';
import { flagSector, overallRate } from './monitoring.ts';
import { weeklyTrend } from './progress.ts';
import { readXlsxRows } from '../../web/xlsx.ts';

const day = (offset: number) =>
  new Date(Date.parse(`${todayInUk()}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

describe('the rule that flags a sector', () => {
  it('flags fewer than 5 responses, whatever the rate', () => {
    assert.deepEqual(flagSector(4, 0.5, 0.1), {
      tooFew: true,
      underRepresented: false,
      reason: '4 responses: its figures are withheld until it has 5',
    });
    assert.equal(
      flagSector(1, null, null).reason,
      '1 response: its figures are withheld until it has 5',
    );
    assert.equal(flagSector(5, null, null).tooFew, false);
  });

  it('flags a rate under half the overall rate, and not one at half or above', () => {
    assert.deepEqual(flagSector(20, 0.049, 0.1), {
      tooFew: false,
      underRepresented: true,
      reason: 'a response rate of 4.9%, under half the overall rate of 10%',
    });
    assert.equal(flagSector(20, 0.05, 0.1).underRepresented, false);
    // No headcount, or no overall rate yet: no judgement on the rate.
    assert.equal(flagSector(20, null, 0.1).underRepresented, false);
    assert.equal(flagSector(20, 0.01, null).underRepresented, false);
    assert.equal(flagSector(20, 0, 0).underRepresented, false);
    assert.equal(
      flagSector(2, 0.01, 0.3).reason,
      '2 responses: its figures are withheld until it has 5; and a response rate of 1%, under half the overall rate of 30%',
    );
  });

  it('takes the overall rate over sectors with a headcount only', () => {
    assert.equal(
      overallRate([
        { count: 10, headcount: 100 },
        { count: 30, headcount: 100 },
        { count: 50, headcount: null },
        { count: 7, headcount: 0 },
      ]),
      0.2,
    );
    assert.equal(overallRate([{ count: 3, headcount: null }]), null);
  });
});

describe('weekly trend', () => {
  it('counts weeks of seven days from the first day, up to today', () => {
    const weeks = weeklyTrend(
      [
        { questionnaireId: 'a', day: '2026-03-02', n: 2 },
        { questionnaireId: 'b', day: '2026-03-08', n: 1 },
        { questionnaireId: 'a', day: '2026-03-16', n: 4 },
      ],
      { startsOn: '2026-03-02', endsOn: '2026-04-30' },
      '2026-03-17',
    );
    assert.deepEqual(
      weeks.map((w) => [w.label, w.added, w.total]),
      [
        ['Week 1 (from 2 March 2026)', 3, 3],
        ['Week 2 (from 9 March 2026)', 0, 3],
        ['Week 3 (from 16 March 2026)', 4, 7],
      ],
    );
  });
  it('shows nothing before the first day', () => {
    assert.deepEqual(
      weeklyTrend([], { startsOn: '2026-03-02', endsOn: '2026-04-30' }, '2026-03-01'),
      [],
    );
  });
});

describe('monitoring by questionnaire and over time', () => {
  const t = useApp({ signIn: ['trust-admin', 'viewer'] });
  let path = '';
  let serial = 0;
  let openTitle = '';

  const make = (roundId: string, questionnaireId: string, n: number): NewResponse[] =>
    Array.from({ length: n }, () => ({
      roundId,
      questionnaireId,
      audience: 'frontline',
      sectorKey: 'health',
      roleLevel: null,
      locality: null,
      language: 'en',
      source: 'online' as const,
      submissionKey: `progress-${++serial}`,
      answers: [{ itemKey: 'x.y', value: 3 as const }],
      comments: [],
    }));

  before(async () => {
    const alpha = t.alpha.id;
    await addSectors(t.db, alpha);
    const round = await addRound(t.db, alpha, { startsOn: day(-60), endsOn: day(60) });
    path = `/trusts/alpha/rounds/${round.id}/responses`;
    openTitle = 'Frontline open';
    const open = await addQuestionnaire(t.db, alpha, round.id, {
      title: openTitle,
      opensOn: day(-20),
      closesOn: day(9),
    });
    const closed = await addQuestionnaire(t.db, alpha, round.id, {
      title: 'Leaders, closed',
      audience: 'leaders-managers',
      opensOn: day(-30),
      closesOn: day(-5),
    });
    // Responses keep only the day they were sent: set it as if sent on those days.
    const store = async (qId: string, n: number, on: string) => {
      const rows = make(round.id, qId, n);
      await t.db.withTrust(alpha, async (tx) => {
        await storeResponses(tx, alpha, rows);
        await tx
          .update(responsesTable)
          .set({ submittedOn: on })
          .where(
            sql`${responsesTable.submissionKey} in (${sql.join(
              rows.map((r) => sql`${r.submissionKey}`),
              sql`, `,
            )})`,
          );
      });
    };
    await store(closed.id, 2, day(-30));
    await store(open.id, 3, day(-20));
    await store(open.id, 1, day(-10));
    await store(open.id, 4, day(0));
  });

  const page = async () => {
    const response = await t.as('viewer').get(path);
    assert.equal(response.statusCode, 200);
    return dom(response.body);
  };

  it('shows each questionnaire with its days left, or when it closed, and its responses', async () => {
    const rows = (await page()).rows('[data-testid="by-questionnaire"]');
    assert.deepEqual(rows[0], ['Questionnaire', 'Audience', 'Open to answer', 'Responses']);
    const fmt = (iso: string) =>
      new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(iso));
    assert.deepEqual(rows.slice(1), [
      ['Leaders, closed', 'Leaders and managers', `Closed on ${fmt(day(-5))}`, '2'],
      [openTitle, 'Frontline practitioners', `10 days left (closes on ${fmt(day(9))})`, '8'],
    ]);
  });

  it('shows responses so far week by week, as a chart with a summary and a table', async () => {
    const html = await page();
    assert.deepEqual(
      html.rows('[data-testid="by-week"]').map((r) => r.slice(1)),
      [
        ['Responses that week', 'Responses so far'],
        ['2', '2'],
        ['3', '5'],
        ['1', '6'],
        ['0', '6'],
        ['4', '10'],
      ],
    );
    assert.match(
      html.text('[data-testid="trend-summary"]') ?? '',
      /Over 5 weeks from .*, responses reached 10; 4 came in the latest week\./,
    );
    const svg = html.root.querySelector('[data-testid="trend-chart"] svg');
    assert.ok(svg);
    assert.equal(svg.getAttribute('role'), 'img');
    assert.match(
      svg.querySelector('desc')?.text ?? '',
      /^Bar chart of total responses at the end of each week\. Week 1 \(from .*\) 2, .* 10\.$/,
    );
  });

  it('offers every table as CSV and Excel, as the page shows it', async () => {
    const admin = t.as('trust-admin');
    const page = dom((await admin.get(path)).body);
    const shownWeeks = page.rows('[data-testid="by-week"]');
    assert.ok(page.has(`a[href="${path}.csv?table=by-week"]`));
    assert.ok(page.has(`a[href="${path}.xlsx?table=by-week"]`));
    for (const url of [`${path}.csv?table=by-week`, `${path}/by-week.csv`]) {
      const week = await admin.get(url);
      assert.equal(week.statusCode, 200, url);
      assert.match(String(week.headers['content-type']), /^text\/csv/);
      const lines = week.body.trim().split('\r\n');
      assert.equal(lines[0], 'Week,Responses that week,Responses so far');
      assert.equal(lines.at(-1)?.split(',').slice(-2).join(','), '4,10');
      assert.equal(lines.length, shownWeeks.length);
    }
    const byQ = await admin.get(`${path}/by-questionnaire.csv`);
    assert.ok(byQ.body.includes(`${openTitle},Frontline practitioners,10 days left (closes on `));
    assert.ok(byQ.body.trim().split('\r\n')[2]?.endsWith(',8'));
    for (const table of ['by-sector', 'by-audience', 'by-questionnaire', 'by-week']) {
      const xlsx = await admin.get(`${path}/${table}.xlsx`);
      assert.equal(xlsx.statusCode, 200, table);
      assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    }
    const all = await admin.get(`${path}.xlsx`);
    // One sheet per table, in the page's order: the fifth is the weeks, its header in row 1.
    const weeks = await readXlsxRows(all.rawPayload, { sheet: 4 });
    assert.deepEqual(weeks[0], ['Week', 'Responses that week', 'Responses so far']);
    assert.deepEqual(weeks.at(-1)?.slice(1), ['4', '10']);
    const sectors = await readXlsxRows(all.rawPayload, { sheet: 0 });
    assert.equal(sectors[0]?.at(-1), 'Response rate');
    assert.equal((await admin.get(`${path}/nope.csv`)).statusCode, 404);
    assert.equal((await admin.get(`${path}.csv?table=nope`)).statusCode, 404);
    assert.equal((await admin.get(`${path}/by-week.pdf`)).statusCode, 404);
  });
});
