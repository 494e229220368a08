import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../kernel/date-rules.ts';
import { daysInMonth, isoDate } from './calendar.ts';
import {
  assessRag,
  effectiveDue,
  RAG_TAGS,
  ragLabel,
  ragTag,
  shownRag,
  suggestRag,
  type ActionStatus,
  type Rag,
  type RagInput,
} from './rag.ts';
import { parseRag, parseStatus } from './rag-text.ts';

// The RAG suggestion of SPEC §6 at its boundaries. Today is 1 March 2010; the action was added
// a week ago and updated yesterday unless a test says otherwise.

const TODAY = '2010-03-01';
const action = (overrides: Partial<RagInput>): RagInput => ({
  status: 'in-progress',
  due: addDays(TODAY, 200),
  lastUpdate: addDays(TODAY, -1),
  created: addDays(TODAY, -7),
  today: TODAY,
  ...overrides,
});
const dueIn = (days: number, overrides: Partial<RagInput> = {}) =>
  suggestRag(action({ due: addDays(TODAY, days), ...overrides }));
const updated = (daysAgo: number, overrides: Partial<RagInput> = {}) =>
  suggestRag(action({ lastUpdate: addDays(TODAY, -daysAgo), ...overrides }));

describe('suggesting a RAG status from dates', () => {
  it('is red once past the target date, and amber on it and within 30 days', () => {
    assert.equal(dueIn(-1), 'red');
    assert.equal(dueIn(-400), 'red');
    assert.equal(dueIn(0), 'amber');
    assert.equal(dueIn(1), 'amber');
    assert.equal(dueIn(30), 'amber');
    assert.equal(dueIn(31), 'green');
  });

  it('is amber after 90 days without a progress update', () => {
    assert.equal(updated(0), 'green');
    assert.equal(updated(89), 'green');
    assert.equal(updated(90), 'amber');
    assert.equal(updated(91), 'amber');
  });

  it('counts from when the action was added when it has never been updated', () => {
    const never = (daysAgo: number) =>
      suggestRag(action({ lastUpdate: null, created: addDays(TODAY, -daysAgo) }));
    assert.equal(never(0), 'green');
    assert.equal(never(89), 'green');
    assert.equal(never(90), 'amber');
    assert.deepEqual(assessRag(action({ lastUpdate: null, created: addDays(TODAY, -120) })), {
      rag: 'amber',
      reason: 'No progress update in the 120 days since it was added',
    });
  });

  it('uses the revised date when there is one', () => {
    const original = { kind: 'month', year: 2010, month: 12 } as const;
    const revised = { kind: 'day', date: '2010-02-28' } as const;
    assert.equal(effectiveDue(original, revised), '2010-02-28');
    assert.equal(effectiveDue(original), '2010-12-31');
    assert.equal(effectiveDue(original, { kind: 'ongoing' }), null);
    assert.equal(effectiveDue(null, null), null);
    assert.equal(suggestRag(action({ due: effectiveDue(original, revised) })), 'red');
    assert.equal(suggestRag(action({ due: effectiveDue(original) })), 'green');
    const later = { kind: 'quarter', year: 2010, quarter: 3 } as const;
    assert.equal(
      suggestRag(action({ due: effectiveDue({ kind: 'year', year: 2009 }, later) })),
      'green',
    );
  });

  it('shows complete, not started and dropped actions by their status', () => {
    assert.equal(dueIn(-30, { status: 'complete' }), 'complete');
    assert.equal(updated(500, { status: 'complete' }), 'complete');
    assert.equal(dueIn(-30, { status: 'dropped' }), null);
    assert.equal(dueIn(200, { status: 'not-started' }), 'not-started');
    assert.equal(updated(200, { status: 'not-started' }), 'not-started');
    assert.equal(dueIn(30, { status: 'not-started' }), 'amber');
    assert.equal(dueIn(-1, { status: 'not-started' }), 'red');
  });

  it('treats ongoing work by its updates alone', () => {
    assert.equal(suggestRag(action({ due: null })), 'green');
    assert.equal(suggestRag(action({ due: null, lastUpdate: addDays(TODAY, -90) })), 'amber');
    assert.equal(suggestRag(action({ due: null, status: 'not-started' })), 'not-started');
  });

  it('gives its reason in words', () => {
    const reason = (overrides: Partial<RagInput>) => assessRag(action(overrides)).reason;
    assert.equal(reason({ due: '2010-02-28' }), 'Past its target date of 28 February 2010');
    assert.equal(reason({ due: TODAY }), 'Due today');
    assert.equal(reason({ due: '2010-03-31' }), 'Due within 30 days, on 31 March 2010');
    assert.equal(reason({ lastUpdate: '2009-11-01' }), 'No progress update for 120 days');
    assert.equal(reason({ due: '2010-12-31' }), 'On track: due on 31 December 2010');
    assert.equal(reason({ due: null }), 'On track: ongoing');
    assert.equal(reason({ status: 'dropped' }), 'Dropped: no RAG status');
  });

  it('shows a RAG a person set over the suggestion, and says so', () => {
    assert.deepEqual(shownRag('amber', null), { rag: 'amber', overridden: false });
    assert.deepEqual(shownRag('amber', 'green'), { rag: 'green', overridden: true });
    assert.deepEqual(shownRag('red', 'red'), { rag: 'red', overridden: false });
    assert.deepEqual(shownRag(null, 'red'), { rag: 'red', overridden: true });
  });
});

describe('showing a RAG status', () => {
  it('uses GOV.UK tag colours and always words', () => {
    assert.deepEqual(ragTag('red'), { text: 'Red', classes: 'govuk-tag govuk-tag--red' });
    assert.deepEqual(ragTag('amber'), { text: 'Amber', classes: 'govuk-tag govuk-tag--yellow' });
    assert.deepEqual(ragTag('green'), { text: 'Green', classes: 'govuk-tag govuk-tag--green' });
    assert.deepEqual(ragTag('complete'), {
      text: 'Complete',
      classes: 'govuk-tag govuk-tag--blue',
    });
    assert.deepEqual(ragTag('not-started'), {
      text: 'Not started',
      classes: 'govuk-tag govuk-tag--grey',
    });
    assert.equal(ragLabel('not-started'), 'Not started');
    const texts = Object.values(RAG_TAGS).map((tag) => tag.text);
    assert.equal(new Set(texts).size, 5);
  });
});

describe('reading RAG and status cells', () => {
  it('reads RAG spellings, a split rating as the worse, and an empty cell as none', () => {
    const cases: [string, Rag | null][] = [
      ['R', 'red'],
      ['red', 'red'],
      [' Amber ', 'amber'],
      ['A', 'amber'],
      ['Yellow', 'amber'],
      ['G', 'green'],
      ['GREEN', 'green'],
      ['Complete', 'complete'],
      ['Completed.', 'complete'],
      ['Blue', 'complete'],
      ['Not started', 'not-started'],
      ['NS', 'not-started'],
      ['Red/Amber', 'red'],
      ['A/G', 'amber'],
      ['amber - green', 'amber'],
      ['Green to Amber', 'amber'],
      ['', null],
      ['-', null],
    ];
    for (const [text, value] of cases) assert.deepEqual(parseRag(text), { ok: true, value }, text);
    assert.deepEqual(parseRag('Purple'), {
      ok: false,
      message: '"Purple" is not a RAG status — enter Red, Amber, Green, Complete or Not started',
    });
    assert.equal(parseRag('Complete/Red').ok, false);
  });

  it('reads status spellings', () => {
    const cases: [string, ActionStatus | null][] = [
      ['Not started', 'not-started'],
      ['In progress', 'in-progress'],
      ['Under way', 'in-progress'],
      ['On-going', 'in-progress'],
      ['Completed', 'complete'],
      ['Achieved', 'complete'],
      ['Dropped', 'dropped'],
      ['No longer required', 'dropped'],
      ['', null],
    ];
    for (const [text, value] of cases) {
      assert.deepEqual(parseStatus(text), { ok: true, value }, text);
    }
    assert.deepEqual(parseStatus('Maybe'), {
      ok: false,
      message: '"Maybe" is not a status — enter Not started, In progress, Complete or Dropped',
    });
  });
});

const day = fc
  .record({
    y: fc.integer({ min: 2000, max: 2030 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.nat(),
  })
  .map(({ y, m, d }) => isoDate(y, m, (d % daysInMonth(y, m)) + 1));
const status = fc.constantFrom<ActionStatus>('not-started', 'in-progress', 'complete', 'dropped');

describe('RAG properties', () => {
  it('is red whenever the action is past its date and neither complete nor dropped', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 1, max: 3000 }),
        status,
        fc.option(day),
        day,
        (today, late, s, last, created) => {
          const rag = suggestRag({
            status: s,
            due: addDays(today, -late),
            lastUpdate: last,
            created,
            today,
          });
          if (s === 'complete') assert.equal(rag, 'complete');
          else if (s === 'dropped') assert.equal(rag, null);
          else assert.equal(rag, 'red');
        },
      ),
    );
  });

  it('is never red when not past its date, and always has a reason', () => {
    fc.assert(
      fc.property(
        day,
        fc.option(fc.integer({ min: 0, max: 3000 })),
        status,
        fc.option(day),
        day,
        (today, ahead, s, last, created) => {
          const due = ahead === null ? null : addDays(today, ahead);
          const { rag, reason } = assessRag({ status: s, due, lastUpdate: last, created, today });
          assert.notEqual(rag, 'red');
          assert.ok(reason.length > 0);
        },
      ),
    );
  });
});
