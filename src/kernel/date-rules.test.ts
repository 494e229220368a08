import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  CONFIRM_PAST_DATES,
  dateInRoundProblem,
  END_AFTER_START,
  formatIso,
  itemsOutsideProblems,
  namedYears,
  ROUND_TOO_LONG,
  roundDateProblems,
  roundWindow,
  sensibleDateProblem,
  titleYearProblem,
  todayIso,
} from './date-rules.ts';

const TODAY = '2026-12-03';
const round = (title: string, startsOn: string, endsOn: string) => ({ title, startsOn, endsOn });
const problems = (r: ReturnType<typeof round>, confirmPastDates = false) =>
  roundDateProblems(r, TODAY, { confirmPastDates });

describe('date arithmetic', () => {
  it('adds calendar months, keeping to the last day of a shorter month', () => {
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2024-03-31', -1), '2024-02-29');
    assert.equal(addMonths('2026-01-15', -1), '2025-12-15');
    assert.equal(addMonths('2026-12-31', 1), '2027-01-31');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(formatIso('2026-04-01'), '1 April 2026');
  });

  it('reads today in the UK', () => {
    assert.equal(todayIso(new Date('2026-06-30T23:30:00Z')), '2026-07-01');
    assert.equal(todayIso(new Date('2026-12-31T23:30:00Z')), '2026-12-31');
  });
});

describe('round dates', () => {
  it('accepts a round in the future whose title matches', () => {
    assert.deepEqual(problems(round('2027 self-assessment', '2027-03-01', '2027-06-30')), []);
    assert.deepEqual(problems(round('2026/27 review', '2026-09-01', '2027-03-31')), []);
    assert.deepEqual(problems(round('Spring review', '2026-11-01', '2027-01-31')), []);
  });

  it('refuses an end date on or before the start date', () => {
    for (const endsOn of ['2027-03-01', '2027-02-01'])
      assert.deepEqual(problems(round('Review', '2027-03-01', endsOn)), [
        { field: 'endsOn', message: END_AFTER_START },
      ]);
  });

  it('refuses a round longer than 2 years, and accepts one of just under', () => {
    assert.deepEqual(problems(round('Review', '2027-01-01', '2029-01-01')), [
      { field: 'endsOn', message: ROUND_TOO_LONG },
    ]);
    assert.deepEqual(problems(round('Review', '2027-01-01', '2028-12-31')), []);
  });

  it('refuses years before 2000 and more than 5 years ahead', () => {
    assert.deepEqual(problems(round('Review', '1990-01-01', '2031-12-31')), [
      {
        field: 'startsOn',
        message: 'Start date must be between 1 January 2000 and 31 December 2031',
      },
    ]);
    assert.equal(
      problems(round('Review', '2031-06-01', '2032-01-01'))[0]?.message,
      'End date must be between 1 January 2000 and 31 December 2031',
    );
  });

  it('refuses a title naming a year the dates do not touch, saying what does not match', () => {
    const r = round('2027 self-assessment', '2020-03-01', '2020-06-30');
    assert.deepEqual(problems(r, true), [
      {
        field: 'title',
        message: 'The title says 2027 but the dates are in 2020: change the title or the dates',
      },
    ]);
    assert.equal(
      titleYearProblem(round('2030/31 review', '2027-01-01', '2028-06-30')),
      'The title says 2030 and 2031 but the dates are from 2027 to 2028: change the title or the dates',
    );
  });

  it('asks for confirmation of a round entirely in the past, and accepts it confirmed', () => {
    const past = round('2020 self-assessment', '2020-03-01', '2020-06-30');
    assert.deepEqual(problems(past), [{ field: 'confirmPastDates', message: CONFIRM_PAST_DATES }]);
    assert.deepEqual(problems(past, true), []);
    // A round that ends today or later is not in the past.
    assert.deepEqual(problems(round('Review', '2026-01-01', TODAY)), []);
  });

  it('finds the years a title names', () => {
    assert.deepEqual(namedYears('2026/27 and 2028-29'), [2026, 2027, 2028, 2029]);
    assert.deepEqual(namedYears('Round 12345 in 1999'), []);
    assert.deepEqual(namedYears('2026-2027 review'), [2026, 2027]);
  });
});

describe('dates within a round', () => {
  const r = { startsOn: '2026-01-15', endsOn: '2026-06-30' };

  it('allows a month either side of the round', () => {
    assert.deepEqual(roundWindow(r), { from: '2025-12-15', to: '2026-07-30' });
    assert.equal(dateInRoundProblem('2025-12-15', r, 'start date', TODAY), null);
    assert.equal(dateInRoundProblem('2026-07-30', r, 'start date', TODAY), null);
    assert.equal(
      dateInRoundProblem('2026-07-31', r, 'date it was held', TODAY),
      'Date it was held must be between 15 December 2025 and 30 July 2026, as the round runs from 15 January 2026 to 30 June 2026',
    );
    assert.equal(
      sensibleDateProblem('1990-05-01', 'start date', TODAY),
      'Start date must be between 1 January 2000 and 31 December 2031',
    );
  });

  it('names what new round dates would leave outside, on the side it falls', () => {
    const items = [
      { label: 'the focus group Parents (1 February 2026)', startsOn: '2026-02-01', endsOn: null },
      { label: 'the plan test Questionnaire', startsOn: '2026-05-01', endsOn: '2026-09-01' },
      { label: 'the workshop Leaders', startsOn: '2026-05-01', endsOn: null },
    ];
    assert.deepEqual(
      itemsOutsideProblems({ startsOn: '2026-04-01', endsOn: '2026-07-31' }, items),
      [
        {
          field: 'startsOn',
          message:
            'The focus group Parents (1 February 2026) would be more than a month before the round: change it first, or choose dates that include it',
        },
        {
          field: 'endsOn',
          message:
            'The plan test Questionnaire would be more than a month after the round: change it first, or choose dates that include it',
        },
      ],
    );
    assert.deepEqual(
      itemsOutsideProblems({ startsOn: '2026-01-01', endsOn: '2026-12-31' }, items),
      [],
    );
    const many = ['a', 'b', 'c', 'd', 'e'].map((label) => ({
      label: `the workshop ${label}`,
      startsOn: '2026-01-01',
      endsOn: null,
    }));
    assert.equal(
      itemsOutsideProblems({ startsOn: '2026-06-01', endsOn: '2026-12-31' }, many)[0]?.message,
      'The workshop a, the workshop b, the workshop c and 2 others would be more than a month before the round: change them first, or choose dates that include them',
    );
  });
});

// ---- Properties ----

const EPOCH = Date.UTC(2000, 0, 1);
const isoFromDay = (day: number) => new Date(EPOCH + day * 86_400_000).toISOString().slice(0, 10);
/** Days from 1 January 2000 to 31 December 2031 (the sensible range seen from TODAY). */
const LAST_DAY = (Date.UTC(2031, 11, 31) - EPOCH) / 86_400_000;

/** A round that the rules accept: sensible dates, under 2 years long, a title with no year. */
const validRound = fc
  .record({
    start: fc.integer({ min: 0, max: LAST_DAY - 1 }),
    length: fc.integer({ min: 1, max: 729 }),
  })
  .filter(({ start, length }) => start + length <= LAST_DAY)
  .map(({ start, length }) => ({
    title: 'Self-assessment',
    startsOn: isoFromDay(start),
    endsOn: isoFromDay(start + length),
  }));

describe('date rules, for any round', () => {
  it('accept any valid round (once past dates are confirmed), and its own years in the title', () => {
    fc.assert(
      fc.property(validRound, (r) => {
        assert.deepEqual(roundDateProblems(r, TODAY, { confirmPastDates: true }), []);
        const titled = { ...r, title: `${r.startsOn.slice(0, 4)} self-assessment` };
        assert.deepEqual(roundDateProblems(titled, TODAY, { confirmPastDates: true }), []);
      }),
    );
  });

  it('refuse any end date on or before the start date', () => {
    fc.assert(
      fc.property(validRound, fc.integer({ min: 0, max: 400 }), (r, back) => {
        const endsOn = addDays(r.startsOn, -back);
        const found = roundDateProblems({ ...r, endsOn }, TODAY, { confirmPastDates: true });
        assert.ok(found.some((p) => p.field === 'endsOn'));
      }),
    );
  });

  it('accept any date inside the round, and refuse any more than the margin outside', () => {
    fc.assert(
      fc.property(
        validRound,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 32, max: 2000 }),
        (r, at, beyond) => {
          const length = (Date.parse(r.endsOn) - Date.parse(r.startsOn)) / 86_400_000;
          const inside = addDays(r.startsOn, Math.floor(at * length));
          assert.equal(dateInRoundProblem(inside, r, 'date', TODAY), null);
          assert.notEqual(dateInRoundProblem(addDays(r.startsOn, -beyond), r, 'date', TODAY), null);
          assert.notEqual(dateInRoundProblem(addDays(r.endsOn, beyond), r, 'date', TODAY), null);
          const item = { label: 'x', startsOn: inside, endsOn: null };
          assert.deepEqual(itemsOutsideProblems(r, [item]), []);
        },
      ),
    );
  });
});
