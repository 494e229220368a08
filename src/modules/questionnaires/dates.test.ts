import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  daysBetween,
  linksBlockedReason,
  openingStatus,
  questionnaireDateErrors,
  todayInUk,
} from './dates.ts';
import { orderLinks } from './links.ts';

const round = { startsOn: '2026-03-01', endsOn: '2026-06-30' };
const fields = (opensOn: string | null, closesOn: string | null) =>
  questionnaireDateErrors({ opensOn, closesOn }, round).map((e) => `${e.field}: ${e.message}`);

describe('questionnaire date rules', () => {
  it('accepts dates within the round, one day included', () => {
    assert.deepEqual(fields('2026-03-01', '2026-06-30'), []);
    assert.deepEqual(fields('2026-04-10', '2026-04-10'), []);
  });

  it('refuses an opening date outside the round', () => {
    assert.deepEqual(fields('2026-02-28', '2026-04-01'), [
      'opens: The opening date must be on or after the day the round starts, 1 March 2026',
    ]);
    assert.deepEqual(fields('2026-07-01', '2026-07-02'), [
      'opens: The opening date must be on or before the day the round ends, 30 June 2026',
      'closes: The closing date must be on or before the day the round ends, 30 June 2026',
    ]);
  });

  it('refuses a closing date before the opening date or after the round ends', () => {
    assert.deepEqual(fields('2026-04-02', '2026-04-01'), [
      'closes: The closing date must be the same as or after the opening date',
    ]);
    assert.deepEqual(fields('2026-04-02', '2026-07-01'), [
      'closes: The closing date must be on or before the day the round ends, 30 June 2026',
    ]);
  });

  it('judges only the dates that were validly given', () => {
    assert.deepEqual(fields(null, '2026-07-01'), [
      'closes: The closing date must be on or before the day the round ends, 30 June 2026',
    ]);
    assert.deepEqual(fields(null, '2026-02-01'), [
      'closes: The closing date must be on or after the day the round starts, 1 March 2026',
    ]);
    assert.deepEqual(fields(null, null), []);
  });
});

describe('when links can be opened', () => {
  it('refuses while the round is planning, and says what to do', () => {
    assert.match(linksBlockedReason('planning') ?? '', /still being planned/);
    assert.match(linksBlockedReason('planning') ?? '', /Collecting responses/);
    for (const status of ['collecting', 'analysing', 'reported'])
      assert.equal(linksBlockedReason(status), null);
  });
});

describe('days left', () => {
  const q = { opensOn: '2026-03-01', closesOn: '2026-03-31' };
  it('counts the closing day as a day to answer', () => {
    assert.deepEqual(openingStatus(q, '2026-03-29'), {
      state: 'open',
      text: '3 days left (closes on 31 March 2026)',
      daysLeft: 3,
    });
    assert.equal(openingStatus(q, '2026-03-31').text, 'Closes today (31 March 2026)');
  });
  it('says when it opens, or when it closed', () => {
    assert.equal(openingStatus(q, '2026-02-28').text, 'Opens on 1 March 2026');
    assert.equal(openingStatus(q, '2026-04-01').text, 'Closed on 31 March 2026');
    assert.equal(openingStatus(q, '2026-04-01').state, 'closed');
  });
  it('counts days across the clock change, and gives today in the UK', () => {
    assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2);
    assert.equal(todayInUk(new Date('2026-06-30T23:30:00Z')), '2026-07-01');
  });
});

describe('the order of open links', () => {
  it('puts any sector first, then sectors in the given order, then removed sectors', () => {
    const sectors = [{ key: 'early-years' }, { key: 'schools' }, { key: 'health' }];
    const links = [
      { sectorKey: 'health', code: 'AAA' },
      { sectorKey: 'gone', code: 'BBB' },
      { sectorKey: 'early-years', code: 'ZZZ' },
      { sectorKey: null, code: 'MMM' },
      { sectorKey: 'schools', code: 'CCC' },
    ];
    assert.deepEqual(
      orderLinks(links, sectors).map((l) => l.sectorKey),
      [null, 'early-years', 'schools', 'health', 'gone'],
    );
  });
});
