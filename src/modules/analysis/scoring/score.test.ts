import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { area, close, countsOf, dimension, five, tally, version } from './examples.ts';
import { groupScores, itemMean, stageOf } from './score.ts';

// Item, dimension and area scores and their stages (SPEC §6), worked by hand on the small
// framework of examples.ts.

describe('item means', () => {
  it('reverses a reverse-scored item: 6 − value', () => {
    // Answers 1, 2, 5, 5, 4 count as 5, 4, 1, 1, 2: mean 13 / 5 = 2.6 (as given: 17 / 5 = 3.4).
    const counts = countsOf([1, 2, 5, 5, 4]);
    close(itemMean(counts, true), 2.6);
    close(itemMean(counts, false), 3.4);
  });

  it("leaves Don't know and N/A out of the mean but counts them, as given", () => {
    // 2, 2, 3, 5, 5 and DK, DK, DK, NA: mean (2 + 2 + 3 + 5 + 5) / 5 = 3.4; nine answered.
    const t = tally(
      { 'red.vision.a': [2, 2, 3, 5, 5, 'DK', 'DK', 'DK', 'NA'], 'red.vision.r': [1, 1, 1, 1, 1] },
      { dimensions: { vision: 9 }, areas: { identity: 9 }, all: 9 },
    );
    const vision = dimension(groupScores(version, t), 'vision');
    const a = vision.items[0];
    assert.equal(a?.respondents, 9);
    close(a.mean ?? null, 3.4);
    assert.deepEqual(a.counts, { '1': 0, '2': 2, '3': 1, '4': 0, '5': 2, DK: 3, NA: 1 });
    // The reverse item: five 1s count as 5 each, but are counted as the 1s given.
    const r = vision.items[1];
    close(r?.mean ?? null, 5);
    assert.equal(r?.counts?.['1'], 5);
    // Dimension: (3.4 + 5) / 2 = 4.2; counts over both items; DK rate 3 of 14 answers.
    close(vision.score, 4.2);
    assert.deepEqual(vision.counts, { '1': 5, '2': 2, '3': 1, '4': 0, '5': 2, DK: 3, NA: 1 });
    close(vision.dontKnowRate, 3 / 14);
  });
});

describe('dimension and area scores', () => {
  it('is the mean of the item means, not of all the answers', () => {
    // known.a: five 2s (mean 2); known.b: five 4s and five 5s (mean 4.5).
    // Score (2 + 4.5) / 2 = 3.25, where the mean of the fifteen answers would be 55 / 15.
    const t = tally(
      { 'red.known.a': five(2), 'red.known.b': [...five(4), ...five(5)] },
      { dimensions: { known: 10 }, areas: { identity: 10 }, all: 10 },
    );
    const known = dimension(groupScores(version, t), 'known');
    close(known.score, 3.25);
    assert.equal(known.stage, 3);
    assert.equal(known.n, 10);
  });

  it('leaves out an item with no 1–5 answer', () => {
    // vision.a: five 4s (mean 4); vision.r: six answers, all Don't know or N/A (no mean).
    // Score 4, not (4 + 0) / 2. With no numeric answers the item is withheld (SPEC §6, small
    // items: numeric answers from fewer than 5), so the score rests on 1 of 2 questions.
    const t = tally(
      { 'red.vision.a': five(4), 'red.vision.r': ['DK', 'DK', 'DK', 'DK', 'NA', 'NA'] },
      { dimensions: { vision: 5 }, areas: { identity: 5 }, all: 5 },
    );
    const vision = dimension(groupScores(version, t), 'vision');
    close(vision.score, 4);
    assert.equal(vision.items[1]?.mean, null);
    assert.equal(vision.items[1].suppressed, true);
    assert.equal(vision.items[1].respondents, null);
    assert.equal(vision.itemsShown, 1);
    assert.equal(vision.itemsAsked, 2);
    close(vision.dontKnowRate, 0);
  });

  it("withholds an item with 3 numeric answers however many said Don't know", () => {
    // vision.r: three 5s and four Don't know — seven answered, but a mean of three people.
    const t = tally(
      { 'red.vision.a': five(4), 'red.vision.r': [5, 5, 5, 'DK', 'DK', 'DK', 'DK'] },
      { dimensions: { vision: 7 }, areas: { identity: 7 }, all: 7 },
    );
    const vision = dimension(groupScores(version, t), 'vision');
    assert.equal(vision.items[1]?.suppressed, true);
    assert.equal(vision.items[1].mean, null);
    close(vision.score, 4);
    assert.equal(vision.itemsShown, 1);
  });

  it('gives an area the mean of its dimension scores', () => {
    // vision: a five 4s (4), r five 2s reversed = 4 → 4. known: a five 1s, b five 2s → 1.5.
    // Area (4 + 1.5) / 2 = 2.75 (Emerging); its counts are both dimensions' together.
    const t = tally(
      {
        'red.vision.a': five(4),
        'red.vision.r': five(2),
        'red.known.a': five(1),
        'red.known.b': five(2),
      },
      { dimensions: { vision: 5, known: 5 }, areas: { identity: 5 }, all: 5 },
    );
    const identity = area(groupScores(version, t), 'identity');
    close(identity.score, 2.75);
    assert.equal(identity.stage, 2);
    assert.equal(identity.n, 5);
    assert.deepEqual(identity.counts, { '1': 5, '2': 10, '3': 0, '4': 5, '5': 0, DK: 0, NA: 0 });
  });
});

describe('stages', () => {
  it('bands scores at the edges', () => {
    // The stage is that of the score as shown, to one decimal place: 1.95 shows as 2.0,
    // so it is Emerging, never "2.0 Fragmented" (SPEC §6).
    const cases: [number, number][] = [
      [1, 1],
      [1.94, 1],
      [1.95, 2],
      [1.99, 2],
      [2, 2],
      [2.94, 2],
      [2.99, 3],
      [3, 3],
      [3.949, 3],
      [4, 4],
      [5, 4],
      // Floating-point means a hair under an edge count as on it.
      [2.9999999999999996, 3],
      // 23 / 20 is a hair under 1.15 in floating point but shows (and bands) as 1.2.
      [23 / 20, 1],
    ];
    for (const [score, stage] of cases) assert.equal(stageOf(version, score), stage, `${score}`);
    assert.equal(stageOf(version, null), null);
  });

  it('bands a dimension score worked out exactly on an edge', () => {
    // training.a: five 1s and five 3s (mean 2); training.b: five 2s (mean 2): score 2.0 → Emerging.
    const t = tally(
      { 'blue.training.a': [...five(1), ...five(3)], 'blue.training.b': five(2) },
      { dimensions: { training: 10 }, areas: { skills: 10 }, all: 10 },
    );
    const training = dimension(groupScores(version, t), 'training');
    close(training.score, 2);
    assert.equal(training.stage, 2);
  });
});
