import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  compareActionNumbers,
  compareNumberTexts,
  EMPTY_NUMBER_MESSAGE,
  findDuplicateNumbers,
  numberSortKey,
  parseActionNumber,
  sortByNumber,
  type ActionNumber,
} from './number.ts';

const tidy = (text: string) => {
  const result = parseActionNumber(text);
  return result.ok ? result.value.text : result.message;
};

describe('reading action numbers', () => {
  it('reads numbers as plans write them, in a tidy form', () => {
    const cases: [string, string][] = [
      ['1', '1'],
      [' 3.2 ', '3.2'],
      ['3.2.1', '3.2.1'],
      ['3.', '3'],
      ['3.2.', '3.2'],
      ['4)', '4'],
      ['03.02', '3.2'],
      ['No. 3', '3'],
      ['no 3', '3'],
      ['#7', '7'],
      ['Action 12', '12'],
      ['Ref 2.1', '2.1'],
      ['2a', '2a'],
      ['2B', '2b'],
      ['A1', 'A1'],
      ['a1', 'A1'],
      ['A.1', 'A1'],
      ['A-1.2', 'A1.2'],
      ['WF 3.2', 'WF3.2'],
    ];
    for (const [text, expected] of cases) assert.equal(tidy(text), expected, text);
    assert.deepEqual(parseActionNumber('WF3.2b'), {
      ok: true,
      value: { prefix: 'WF', parts: [3, 2], suffix: 'b', text: 'WF3.2b' },
    });
  });

  it('refuses what is not a number, saying what is', () => {
    assert.deepEqual(parseActionNumber('  '), { ok: false, message: EMPTY_NUMBER_MESSAGE });
    for (const text of ['3..2', '.3', 'ABCD1', 'one', '3.2-4', '3 2', '1ab', '-1']) {
      assert.deepEqual(
        parseActionNumber(text),
        {
          ok: false,
          message:
            `"${text}" is not an action number — use whole numbers separated by full stops, ` +
            'like 3 or 3.2, with letters before them if the plan uses them, like A1',
        },
        text,
      );
    }
  });
});

describe('ordering and duplicates', () => {
  it('orders numbers part by part as whole numbers', () => {
    const ordered = [
      '1',
      '2',
      '2a',
      '2b',
      '2.1',
      '3',
      '3.1',
      '3.2',
      '3.2.1',
      '3.10',
      '10',
      'A1',
      'A2',
      'A10',
      'B1',
      'WF1',
    ];
    const shuffled = [...ordered].reverse();
    assert.deepEqual(
      sortByNumber(shuffled, (n) => n),
      ordered,
    );
  });

  it('puts what is not a number last, and keeps equal numbers in their order', () => {
    const rows = [
      { no: 'tbc', id: 'x' },
      { no: '3.', id: 'a' },
      { no: '1', id: 'b' },
      { no: '3', id: 'c' },
      { no: '', id: 'd' },
    ];
    assert.deepEqual(
      sortByNumber(rows, (row) => row.no).map((row) => row.id),
      ['b', 'a', 'c', 'd', 'x'],
    );
    assert.equal(compareNumberTexts('3.2', '03.2.'), 0);
  });

  it('finds numbers used twice, however they are written', () => {
    assert.deepEqual(
      findDuplicateNumbers(['1', '2', '3.2', '03.2', '4', '2.', '', '', 'x', 'x ']),
      [
        { number: '2', indexes: [1, 5] },
        { number: '3.2', indexes: [2, 3] },
        { number: 'x', indexes: [8, 9] },
      ],
    );
    assert.deepEqual(findDuplicateNumbers(['1', '1.1', '1a', 'A1']), []);
  });
});

const number: fc.Arbitrary<ActionNumber> = fc
  .record({
    prefix: fc.constantFrom('', '', 'A', 'B', 'WF'),
    parts: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 4 }),
    suffix: fc.constantFrom('', '', '', 'a', 'b'),
  })
  .map(({ prefix, parts, suffix }) => ({
    prefix,
    parts,
    suffix,
    text: `${prefix}${parts.join('.')}${suffix}`,
  }));

/** The order of plain numbers by their parts, worked out another way: padded strings. */
const padded = (parts: readonly number[]) => parts.map((p) => String(p).padStart(3, '0')).join('.');

describe('action number properties', () => {
  it('reads back its own tidy form', () => {
    fc.assert(
      fc.property(number, (n) => {
        assert.deepEqual(parseActionNumber(n.text), { ok: true, value: n });
      }),
    );
  });

  it('is a total order', () => {
    fc.assert(
      fc.property(number, number, number, (a, b, c) => {
        assert.equal(compareActionNumbers(a, a), 0);
        assert.equal(compareActionNumbers(a, b), 0 - compareActionNumbers(b, a));
        assert.equal(compareActionNumbers(a, b) === 0, a.text === b.text);
        if (compareActionNumbers(a, b) <= 0 && compareActionNumbers(b, c) <= 0) {
          assert.ok(compareActionNumbers(a, c) <= 0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('orders plain numbers by their parts as whole numbers', () => {
    const plain = fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(plain, plain, (a, b) => {
        const [x, y] = [padded(a), padded(b)];
        const expected = x < y ? -1 : x > y ? 1 : 0;
        assert.equal(compareNumberTexts(a.join('.'), b.join('.')), expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('has a sort key that orders as the numbers do, equal only for the same number', () => {
    const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    fc.assert(
      fc.property(number, number, (a, b) => {
        assert.equal(order(numberSortKey(a), numberSortKey(b)), compareActionNumbers(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});
