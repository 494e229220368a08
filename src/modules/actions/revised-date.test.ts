import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findRevisedDate } from './revised-date.ts';

// Revised dates as progress notes state them when work slips (fictional notes).

const TODAY = { today: '2009-11-15' };

describe('finding a revised date in progress text', () => {
  it('finds the phrase and the date it names', () => {
    const found: [string, string, unknown][] = [
      [
        'Two posts still vacant; now revised to 31st Dec 2009.',
        'now revised to 31st Dec 2009',
        { kind: 'day', date: '2009-12-31' },
      ],
      [
        'Revised target date: March 2010',
        'Revised target date: March 2010',
        { kind: 'month', year: 2010, month: 3 },
      ],
      [
        'Survey ran late, deadline extended to Q2 2011 with the board agreeing',
        'deadline extended to Q2 2011',
        { kind: 'quarter', year: 2011, quarter: 2 },
      ],
      [
        'New target date April 2010',
        'New target date April 2010',
        { kind: 'month', year: 2010, month: 4 },
      ],
      [
        'Target date revised to Dec. 2009 because of the school holidays',
        'Target date revised to Dec. 2009',
        { kind: 'month', year: 2009, month: 12 },
      ],
      [
        'Hall booked. Date moved to Spring 2010',
        'Date moved to Spring 2010',
        { kind: 'season', year: 2010, season: 'spring' },
      ],
      [
        'Draft with partners, now due by end of June 2010',
        'now due by end of June 2010',
        { kind: 'month', year: 2010, month: 6 },
      ],
      [
        'Timescale has been extended until 31.03.10.',
        'Timescale has been extended until 31.03.10',
        { kind: 'day', date: '2010-03-31' },
      ],
      [
        'Funding agreed; deferred until financial year 2010/11',
        'deferred until financial year 2010/11',
        { kind: 'financial-year', startYear: 2010 },
      ],
    ];
    for (const [text, phrase, value] of found) {
      const revised = findRevisedDate(text, TODAY);
      assert.ok(revised, text);
      assert.equal(revised.phrase, phrase, text);
      assert.deepEqual(revised.value, value, text);
    }
  });

  it('takes the last revision stated', () => {
    const text = 'June: revised to Oct-09. September: revised to Jan-10. Work under way';
    assert.deepEqual(findRevisedDate(text), {
      value: { kind: 'month', year: 2010, month: 1 },
      phrase: 'revised to Jan-10',
      dateText: 'Jan-10',
    });
  });

  it('places a revised date without a year only when today is given', () => {
    assert.equal(findRevisedDate('revised to end of March'), null);
    assert.deepEqual(findRevisedDate('revised to end of March', TODAY), {
      value: { kind: 'month', year: 2010, month: 3 },
      phrase: 'revised to end of March',
      dateText: 'end of March',
      assumed: 'year taken as 2010, the next one on or after today',
    });
  });

  it('finds nothing where no revised date is stated', () => {
    for (const text of [
      '',
      'No change this quarter',
      'Guidance revised to include volunteers',
      'revised to 31st February 2010',
      'Training delivered in March 2010',
      'New date to be confirmed',
    ]) {
      assert.equal(findRevisedDate(text, TODAY), null, text);
    }
  });
});
