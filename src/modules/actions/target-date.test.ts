import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { daysInMonth, isoDate } from './calendar.ts';
import {
  dueDate,
  displayTargetDate,
  startDate,
  type DatedTarget,
  type Quarter,
  type Season,
  type TargetDate,
} from './target-date.ts';
import { EMPTY_TARGET_MESSAGE, parseTargetDate, TBC_TARGET_MESSAGE } from './target-date-parse.ts';

// Target dates as councils write them in action plans, read into a target with the day it is
// due. Today is 15 November 2009 throughout unless a test says otherwise.

const TODAY = '2009-11-15';
const day = (date: string): TargetDate => ({ kind: 'day', date });
const month = (year: number, m: number): TargetDate => ({ kind: 'month', year, month: m });
const quarter = (year: number, q: Quarter): TargetDate => ({ kind: 'quarter', year, quarter: q });
const season = (year: number, s: Season): TargetDate => ({ kind: 'season', year, season: s });
const year = (y: number): TargetDate => ({ kind: 'year', year: y });
const fy = (startYear: number): TargetDate => ({ kind: 'financial-year', startYear });
const ongoing = (from?: TargetDate): TargetDate =>
  from ? { kind: 'ongoing', from: from as DatedTarget } : { kind: 'ongoing' };

/** [as written, the target read, the day it is due]. */
const READ: [string, TargetDate, string | null][] = [
  ['Oct-09', month(2009, 10), '2009-10-31'],
  ['Nov-09', month(2009, 11), '2009-11-30'],
  ['Apr-10', month(2010, 4), '2010-04-30'],
  ['Feb-12', month(2012, 2), '2012-02-29'],
  ['Sept 2010', month(2010, 9), '2010-09-30'],
  ['sept-10', month(2010, 9), '2010-09-30'],
  ['Dec 2009', month(2009, 12), '2009-12-31'],
  ['Dec. 2009', month(2009, 12), '2009-12-31'],
  ["December '09", month(2009, 12), '2009-12-31'],
  ['December ’09', month(2009, 12), '2009-12-31'],
  ['End Dec 09', month(2009, 12), '2009-12-31'],
  ['end-Jan-10', month(2010, 1), '2010-01-31'],
  ['By the end of March 2010', month(2010, 3), '2010-03-31'],
  ['by June 2010', month(2010, 6), '2010-06-30'],
  ['10/2009', month(2009, 10), '2009-10-31'],
  ['end of December', month(2009, 12), '2009-12-31'],
  ['end of September', month(2010, 9), '2010-09-30'],
  ['November', month(2009, 11), '2009-11-30'],
  ['2011', year(2011), '2011-12-31'],
  ['By 2012', year(2012), '2012-12-31'],
  ['31st Dec 2009', day('2009-12-31'), '2009-12-31'],
  ['31 December 2009', day('2009-12-31'), '2009-12-31'],
  ['1st April 2010', day('2010-04-01'), '2010-04-01'],
  ['22nd Jan 10', day('2010-01-22'), '2010-01-22'],
  ['3rd of March 2010', day('2010-03-03'), '2010-03-03'],
  ['31-Dec-09', day('2009-12-31'), '2009-12-31'],
  ['Thursday 31st December 2009', day('2009-12-31'), '2009-12-31'],
  ['December 31st, 2009', day('2009-12-31'), '2009-12-31'],
  ['Dec 31 2009', day('2009-12-31'), '2009-12-31'],
  ['31/12/2009', day('2009-12-31'), '2009-12-31'],
  ['9/12/09', day('2009-12-09'), '2009-12-09'],
  ['31.12.09', day('2009-12-31'), '2009-12-31'],
  ['31-12-2009', day('2009-12-31'), '2009-12-31'],
  ['2009-12-31', day('2009-12-31'), '2009-12-31'],
  ['29/02/2012', day('2012-02-29'), '2012-02-29'],
  ['Deadline: 30/06/2010', day('2010-06-30'), '2010-06-30'],
  ['31st March', day('2010-03-31'), '2010-03-31'],
  ['30th November', day('2009-11-30'), '2009-11-30'],
  ['Q3 2010', quarter(2010, 3), '2010-09-30'],
  ['q1 2010', quarter(2010, 1), '2010-03-31'],
  ['Quarter 2 2010', quarter(2010, 2), '2010-06-30'],
  ['3rd quarter 2010', quarter(2010, 3), '2010-09-30'],
  ['2010 Q4', quarter(2010, 4), '2010-12-31'],
  ['Q3 10/11', quarter(2010, 4), '2010-12-31'],
  ['Q1 2010/11', quarter(2010, 2), '2010-06-30'],
  ['Q4 2010-11', quarter(2011, 1), '2011-03-31'],
  ['Q2 FY 2010/11', quarter(2010, 3), '2010-09-30'],
  ['Qtr 4 09/10', quarter(2010, 1), '2010-03-31'],
  ['Q4', quarter(2009, 4), '2009-12-31'],
  ['Q3', quarter(2010, 3), '2010-09-30'],
  ['Jul - Sep 2010', quarter(2010, 3), '2010-09-30'],
  ['July to September 2010', quarter(2010, 3), '2010-09-30'],
  ['Oct 09 - Mar 10', month(2010, 3), '2010-03-31'],
  ['Nov/Dec 09', month(2009, 12), '2009-12-31'],
  ['Spring 2010', season(2010, 'spring'), '2010-05-31'],
  ['summer 2010', season(2010, 'summer'), '2010-08-31'],
  ['Autumn 10', season(2010, 'autumn'), '2010-11-30'],
  ['Winter 2010', season(2010, 'winter'), '2011-02-28'],
  ['Winter 2010/11', season(2010, 'winter'), '2011-02-28'],
  ['Winter 2011 to 2012', season(2011, 'winter'), '2012-02-29'],
  ['Autumn term 2009', month(2009, 12), '2009-12-31'],
  ['Spring term 2009/10', month(2010, 3), '2010-03-31'],
  ['Summer term 2010', month(2010, 7), '2010-07-31'],
  ['2010/11', fy(2010), '2011-03-31'],
  ['09/10', fy(2009), '2010-03-31'],
  ['2010-11', fy(2010), '2011-03-31'],
  ['FY 2011/2012', fy(2011), '2012-03-31'],
  ['end of 2010/11', fy(2010), '2011-03-31'],
  ['1st Oct 2009 - 31st Mar 2010', day('2010-03-31'), '2010-03-31'],
  ['2009 to 2012', year(2012), '2012-12-31'],
  ['March 2010 onwards', ongoing(month(2010, 3)), null],
  ['from April 2010', ongoing(month(2010, 4)), null],
  ['Dec 09 and ongoing', ongoing(month(2009, 12)), null],
  ['Ongoing from Q2 2010', ongoing(quarter(2010, 2)), null],
  ['on-going', ongoing(), null],
  ['Ongoing', ongoing(), null],
  ['ON GOING', ongoing(), null],
  ['ongoing - reviewed annually', ongoing(), null],
  ['Continuous', ongoing(), null],
  ['March 2010 (tbc)', month(2010, 3), '2010-03-31'],
  ['Q3 2010 (revised)', quarter(2010, 3), '2010-09-30'],
  ['Spring 2010 (tbc)', season(2010, 'spring'), '2010-05-31'],
];

describe('reading target dates as councils write them', () => {
  it(`reads all ${READ.length} spellings in the table`, () => {
    assert.ok(READ.length >= 40);
    for (const [text, expected, due] of READ) {
      const result = parseTargetDate(text, { today: TODAY });
      assert.ok(result.ok, `${text}: ${result.ok ? '' : result.message}`);
      assert.deepEqual(result.value, expected, text);
      assert.equal(dueDate(result.value), due, text);
    }
  });

  it('keeps remarks apart and says what it assumed', () => {
    const annual = parseTargetDate('Ongoing - Reviewed annually', { today: TODAY });
    assert.deepEqual(annual, { ok: true, value: ongoing(), remark: 'Reviewed annually' });
    const tentative = parseTargetDate('March 2010 (subject to funding)', { today: TODAY });
    assert.deepEqual(tentative, { ok: true, value: month(2010, 3), remark: 'subject to funding' });
    const placed = parseTargetDate('end of December', { today: TODAY });
    assert.equal(placed.ok && placed.assumed, 'year taken as 2009, the next one on or after today');
    const term = parseTargetDate('Autumn term 2009', { today: TODAY });
    assert.equal(term.ok && term.assumed, 'the autumn term taken as ending in December');
  });

  it('places a date without a year on or after today, or in the year given', () => {
    const on = (text: string, today: string) => {
      const result = parseTargetDate(text, { today });
      return result.ok ? result.value : result.message;
    };
    assert.deepEqual(on('end of December', '2009-12-31'), month(2009, 12));
    assert.deepEqual(on('end of December', '2010-01-01'), month(2010, 12));
    assert.deepEqual(on('15th November', '2009-11-15'), day('2009-11-15'));
    assert.deepEqual(on('14th November', '2009-11-15'), day('2010-11-14'));
    assert.deepEqual(on('Q4', '2009-12-31'), quarter(2009, 4));
    assert.deepEqual(on('Q4', '2010-01-01'), quarter(2010, 4));
    assert.deepEqual(on('winter', '2010-03-01'), season(2010, 'winter'));
    assert.deepEqual(on('winter', '2010-02-28'), season(2009, 'winter'));
    assert.deepEqual(on('29th February', '2009-11-15'), day('2012-02-29'));
    const given = parseTargetDate('end of December', { today: TODAY, defaultYear: 2012 });
    assert.deepEqual(given, { ok: true, value: month(2012, 12), assumed: 'year taken as 2012' });
    const none = parseTargetDate('end of December');
    assert.deepEqual(none, {
      ok: false,
      reason: 'not-understood',
      message: '"end of December" has no year — add one, like December 2009',
    });
  });

  it('refuses what is not a date, saying why', () => {
    const refusals: [string, string, string][] = [
      ['TBC', 'to-be-confirmed', TBC_TARGET_MESSAGE],
      ['tbc', 'to-be-confirmed', TBC_TARGET_MESSAGE],
      ['To be confirmed', 'to-be-confirmed', TBC_TARGET_MESSAGE],
      ['Date TBC', 'to-be-confirmed', TBC_TARGET_MESSAGE],
      ['?', 'to-be-confirmed', TBC_TARGET_MESSAGE],
      ['', 'empty', EMPTY_TARGET_MESSAGE],
      ['   ', 'empty', EMPTY_TARGET_MESSAGE],
      ['-', 'empty', EMPTY_TARGET_MESSAGE],
      [
        '31 February 2010',
        'impossible',
        '"31 February 2010" is not a real date — February 2010 has 28 days',
      ],
      ['29/02/2009', 'impossible', '"29/02/2009" is not a real date — February 2009 has 28 days'],
      ['31/04/2010', 'impossible', '"31/04/2010" is not a real date — April 2010 has 30 days'],
      ['2009-13-01', 'impossible', '"2009-13-01" is not a real date — there is no month 13'],
      ['0/12/2009', 'impossible', '"0/12/2009" is not a real date — there is no day 0'],
      ['13/2009', 'impossible', '"13/2009" is not a real date — there is no month 13'],
      [
        'Q5 2010',
        'impossible',
        '"Q5 2010" is not a real date — there is no quarter 5: quarters are Q1 to Q4',
      ],
      [
        'Mar 10 - Oct 09',
        'impossible',
        '"Mar 10 - Oct 09" is not a real date — the range ends before it starts',
      ],
      [
        'FY2010',
        'not-understood',
        '"FY2010" is unclear — write the financial year as two years in a row, like 2010/11',
      ],
      [
        'Q3 2010 (financial)',
        'not-understood',
        '"Q3 2010 (financial)" is unclear — write the financial year as two years in a row, like 2010/11',
      ],
      [
        'Q3 FY 10/12',
        'not-understood',
        '"Q3 FY 10/12" is unclear — 10/12 is not a financial year: write two years in a row, like 2010/11',
      ],
    ];
    for (const [text, reason, message] of refusals) {
      assert.deepEqual(
        parseTargetDate(text, { today: TODAY }),
        { ok: false, reason, message },
        text,
      );
    }
  });

  it('refuses vague timings with the forms it does read', () => {
    for (const text of ['asap', 'Mid 2010', 'N/A', 'within 6 months', '31/12', 'next year']) {
      assert.deepEqual(parseTargetDate(text, { today: TODAY }), {
        ok: false,
        reason: 'not-understood',
        message:
          `"${text}" is not a target date we understand — enter a date (31/12/2009), month ` +
          `(December 2009), quarter (Q3 2010), year (2011) or 'ongoing'`,
      });
    }
  });
});

describe('showing target dates', () => {
  it('shows each kind in plain British English', () => {
    assert.equal(displayTargetDate(day('2009-12-31')), '31 December 2009');
    assert.equal(displayTargetDate(day('2010-04-01')), '1 April 2010');
    assert.equal(displayTargetDate(month(2009, 10)), 'October 2009');
    assert.equal(displayTargetDate(quarter(2010, 3)), 'July to September 2010');
    assert.equal(displayTargetDate(season(2010, 'spring')), 'Spring 2010');
    assert.equal(displayTargetDate(season(2010, 'winter')), 'Winter 2010 to 2011');
    assert.equal(displayTargetDate(year(2011)), '2011');
    assert.equal(displayTargetDate(fy(2010)), 'Financial year 2010 to 2011');
    assert.equal(displayTargetDate(ongoing()), 'Ongoing');
    assert.equal(displayTargetDate(ongoing(month(2010, 3))), 'Ongoing from March 2010');
    assert.equal(displayTargetDate(ongoing(season(2010, 'autumn'))), 'Ongoing from autumn 2010');
  });

  it('gives the first day a target covers', () => {
    assert.equal(startDate({ kind: 'quarter', year: 2010, quarter: 4 }), '2010-10-01');
    assert.equal(startDate({ kind: 'season', year: 2010, season: 'winter' }), '2010-12-01');
    assert.equal(startDate({ kind: 'financial-year', startYear: 2010 }), '2010-04-01');
  });
});

const isoDay = fc
  .record({
    y: fc.integer({ min: 1970, max: 2099 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.nat(),
  })
  .map(({ y, m, d }) => isoDate(y, m, (d % daysInMonth(y, m)) + 1));
const yearArb = fc.integer({ min: 1970, max: 2098 });
const plain = { noNullPrototype: true } as const;
const dated: fc.Arbitrary<DatedTarget> = fc.oneof(
  isoDay.map((date) => ({ kind: 'day' as const, date })),
  fc.record(
    {
      kind: fc.constant('month' as const),
      year: yearArb,
      month: fc.integer({ min: 1, max: 12 }),
    },
    plain,
  ),
  fc.record(
    {
      kind: fc.constant('quarter' as const),
      year: yearArb,
      quarter: fc.constantFrom<Quarter>(1, 2, 3, 4),
    },
    plain,
  ),
  fc.record(
    {
      kind: fc.constant('season' as const),
      year: yearArb,
      season: fc.constantFrom<Season>('spring', 'summer', 'autumn', 'winter'),
    },
    plain,
  ),
  fc.record({ kind: fc.constant('year' as const), year: yearArb }, plain),
  fc.record({ kind: fc.constant('financial-year' as const), startYear: yearArb }, plain),
);
const target: fc.Arbitrary<TargetDate> = fc.oneof(
  dated,
  fc.constant({ kind: 'ongoing' as const }),
  dated.map((from) => ({ kind: 'ongoing' as const, from })),
);

describe('target date properties', () => {
  it('reads back every target it shows, whatever today is', () => {
    fc.assert(
      fc.property(target, isoDay, (t, today) => {
        const read = parseTargetDate(displayTargetDate(t), { today });
        assert.deepEqual(read, { ok: true, value: t });
      }),
      { numRuns: 2000 },
    );
  });

  it('is due on or after the day it starts', () => {
    fc.assert(
      fc.property(dated, (t) => {
        assert.ok((dueDate(t) ?? '') >= startDate(t));
      }),
    );
  });

  it('never throws on any text, and every refusal has a message', () => {
    const texts = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[0-9 /.\-qQ'a-z]{0,14}$/),
      fc
        .array(
          fc.constantFrom(
            '31st',
            'Dec',
            '09',
            'Q3',
            '2010/11',
            '-',
            'to',
            'ongoing',
            'spring',
            'by',
            'end',
            'of',
            '(tbc)',
          ),
          { maxLength: 5 },
        )
        .map((w) => w.join(' ')),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const result = parseTargetDate(text, { today: TODAY });
        if (result.ok) assert.ok(displayTargetDate(result.value).length > 0);
        else assert.ok(result.message.length > 10);
      }),
      { numRuns: 3000 },
    );
  });
});
