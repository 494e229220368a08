import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stageAt } from '../../../kernel/stages.ts';
import type { FrameworkVersion } from '../../framework/index.ts';
import { shownChange, type Comparison } from '../insights.ts';
import { stageOf } from '../scoring/index.ts';
import { formatScore, signed, stageName } from './format.ts';
import { changeTable } from './tables.ts';
import { changeExport } from './exports.ts';

// A change is read off the figures beside it: "3.6 → 3.5" is a change of −0.1, never 0.0,
// and a stage is that of the figure as shown. Checked for the pages' change table and the
// download, for any two means.

const STAGES = [
  { number: 1, name: 'Fragmented', minScore: 1 },
  { number: 2, name: 'Emerging', minScore: 2 },
  { number: 3, name: 'Developing', minScore: 3 },
  { number: 4, name: 'Reformed and integrated', minScore: 4 },
];
const version = { stages: STAGES } as unknown as FrameworkVersion;

/** "−0.1" → -0.1, "+0.2" → 0.2. */
const parse = (text: string) => Number(text.replace('−', '-'));

function comparison(before: number, now: number): Comparison {
  const change = shownChange(now, before);
  return {
    areas: [
      {
        key: 'a',
        name: 'Area',
        now,
        before,
        change,
        dimensions: [{ key: 'd', name: 'Dimension', now, before, change }],
      },
    ],
  };
}

/** Means as a round gives them: a sum of whole answers over a count, or any double. */
const mean = fc.oneof(
  fc.double({ min: 1, max: 5, noNaN: true }),
  fc
    .tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 5 }))
    .map(([n, k]) => Math.min(5, Math.max(1, (n * k + n) / (2 * n)))),
  fc.integer({ min: 10, max: 50 }).map((t) => t / 10 + 0.05),
  fc.integer({ min: 10, max: 50 }).map((t) => t / 10 - 0.05),
);

describe('changes and stages from the figures as shown', () => {
  it('gives the examples people found as they read', () => {
    assert.equal(signed(shownChange(3.54, 3.6)), '−0.1');
    assert.equal(signed(shownChange(3.74, 3.66)), '0.0');
    assert.equal(signed(shownChange(3.65, 3.64)), '+0.1');
    assert.equal(signed(shownChange(1.15, 1.1)), '+0.1');
    assert.equal(shownChange(null, 2), null);
    const [areaRow] = changeTable(comparison(3.64, 3.549));
    assert.deepEqual(
      areaRow?.map((c) => c.text),
      ['Area', '3.6', '3.5', '−0.1'],
    );
  });

  it('writes every change as the later figure minus the earlier, as both are shown', () => {
    fc.assert(
      fc.property(mean, mean, (before, now) => {
        for (const row of changeTable(comparison(before, now))) {
          const [, was, is, change] = row.map((c) => c.text);
          const expected = Math.round(parse(is ?? '') * 10) - Math.round(parse(was ?? '') * 10);
          assert.equal(Math.round(parse(change ?? '') * 10), expected, `${was} → ${is}: ${change}`);
          assert.equal(change, signed(expected / 10));
        }
        const [, , shownBefore, shownNow, change] = changeExport(
          comparison(before, now),
          'Before',
          'Now',
        ).rows[0] as [string, string, number, number, number];
        assert.equal(
          Math.round(change * 10),
          Math.round(shownNow * 10) - Math.round(shownBefore * 10),
        );
        assert.equal(formatScore(shownNow), formatScore(now));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives every figure the stage of its band as shown (src/kernel/stages.ts)', () => {
    fc.assert(
      fc.property(mean, (score) => {
        const shown = formatScore(score);
        assert.equal(
          stageName(version, stageOf(version, score)),
          stageName(version, stageAt(STAGES, Number(shown))),
        );
        // Never "2.0" beside Fragmented, nor "1.9" beside Emerging.
        const band = Number(shown) < 2 ? 1 : Number(shown) < 3 ? 2 : Number(shown) < 4 ? 3 : 4;
        assert.equal(stageOf(version, score), band, `${score} shown as ${shown}`);
      }),
      { numRuns: 2000 },
    );
  });
});
