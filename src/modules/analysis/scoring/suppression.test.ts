import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupScores } from '../types.ts';
import { audit } from './disclosure.ts';
import { area, close, dimension, five, tally, version } from './examples.ts';
import { buildGroups } from './groups.ts';
import { groupScores } from './score.ts';
import { emptyCounts, type CellTally } from './tally.ts';

// Which figures are withheld (SPEC §6): small groups, small items and dimensions, and the
// groups that would give them away by subtraction; on the small framework of examples.ts.

describe('suppression', () => {
  const everyone = (n: number) =>
    tally(
      { 'red.vision.a': Array<number>(n).fill(3), 'red.vision.r': Array<number>(n).fill(3) },
      { dimensions: { vision: n }, areas: { identity: n }, all: n },
    );

  it('withholds everything of a group of 4, and n too', () => {
    const g = groupScores(version, everyone(4));
    assert.equal(g.suppressed, true);
    assert.equal(g.n, null);
    for (const a of g.areas) {
      assert.deepEqual(
        [a.n, a.score, a.stage, a.counts, a.suppressed],
        [null, null, null, null, true],
      );
      for (const d of a.dimensions) {
        assert.deepEqual(
          [d.n, d.score, d.stage, d.counts, d.dontKnowRate, d.suppressed],
          [null, null, null, null, null, true],
        );
        for (const i of d.items)
          assert.deepEqual(
            [i.respondents, i.mean, i.counts, i.suppressed],
            [null, null, null, true],
          );
      }
    }
  });

  it('shows a group of 5', () => {
    const g = groupScores(version, everyone(5));
    assert.equal(g.suppressed, false);
    assert.equal(g.n, 5);
    const vision = dimension(g, 'vision');
    assert.equal(vision.suppressed, false);
    close(vision.score, 3);
    assert.equal(vision.items[0]?.respondents, 5);
    // Dimensions nobody answered are withheld even in a shown group.
    assert.equal(dimension(g, 'known').suppressed, true);
    assert.equal(area(g, 'skills').suppressed, true);
  });

  it('withholds a group of 4, and a group that would give it away by subtraction', () => {
    const cell = (sector: string | null, n: number): CellTally => ({
      ...everyone(n),
      sector,
      audience: 'frontline',
    });
    const labels = {
      sectors: [
        { key: 'health', name: 'Health' },
        { key: 'schools', name: 'Schools' },
      ],
      localities: [],
    };
    // Everyone is 9: health 4 and schools 5. Shown, schools would give health away
    // (9 − 5 = 4), so it is withheld too; the audience of all nine is shown.
    const { groups } = buildGroups(
      version,
      { cells: [cell('health', 4), cell('schools', 5)] },
      labels,
    );
    const health = groups.find((g) => g.key === 'health');
    const schools = groups.find((g) => g.key === 'schools');
    assert.equal(health?.suppressed, true);
    assert.equal(health.n, null);
    assert.equal(health.label, 'Health');
    assert.equal(dimension(health as GroupScores, 'vision').score, null);
    assert.equal(schools?.suppressed, true);
    assert.equal(schools.n, null);
    assert.equal(groups.find((g) => g.key === 'frontline')?.n, 9);
    // Within the audience, the sector × audience cells follow their sectors.
    assert.equal(groups.find((g) => g.key === 'health/frontline')?.suppressed, true);
    assert.equal(groups.find((g) => g.key === 'schools/frontline')?.suppressed, true);

    // Five more who named no sector: 14 − 5 = 9 people behind the subtraction, so schools
    // can be shown.
    const { groups: more } = buildGroups(
      version,
      { cells: [cell('health', 4), cell('schools', 5), cell(null, 5)] },
      labels,
    );
    assert.equal(more.find((g) => g.key === 'health')?.suppressed, true);
    const shownSchools = more.find((g) => g.key === 'schools');
    assert.equal(shownSchools?.n, 5);
    close(dimension(shownSchools, 'vision').score, 3);
    assert.equal(more.find((g) => g.key === 'schools/frontline')?.n, 5);
  });

  it('withholds the smallest group a subtraction uses until nothing small can be derived', () => {
    // Atoms of 2, 6 and 12 people; sectors a = {0}, b = {1}, c = {2}, and the whole.
    // a is withheld (2); whole − b − c would give it away, so b (the smaller) goes too.
    const groups = [
      { atoms: [0, 1, 2], whole: true },
      { atoms: [0] },
      { atoms: [1] },
      { atoms: [2] },
    ];
    const weights = [[2, 6, 12]];
    assert.deepEqual(audit(groups, [0, 2, 3], { weights }, 3), [0, 3]);
    // Nobody small: nothing more is withheld.
    assert.deepEqual(audit(groups, [0, 2, 3], { weights: [[0, 6, 12]] }, 3), [0, 2, 3]);
    // Across partitions: sectors {0,1} and {2,3}, audiences {0,2} and {1,3}; atom 3 holds 2.
    // The whole, both sectors and both audiences only give the margins: nothing small.
    const crossed = [
      { atoms: [0, 1, 2, 3], whole: true },
      { atoms: [0, 1] },
      { atoms: [2, 3] },
      { atoms: [0, 2] },
      { atoms: [1, 3] },
    ];
    const w = [[10, 10, 10, 2]];
    assert.deepEqual(audit(crossed, [0, 1, 3], { weights: w }, 4), [0, 1, 3]);
    // Add the cell {0} (10): then {3} = whole − sector {0,1} − audience {0,2} + cell {0}.
    const withCell = [...crossed, { atoms: [0] }];
    const kept = audit(withCell, [0, 1, 3, 5], { weights: w }, 4);
    assert.equal(kept.length, 3);
    assert.ok(kept.includes(0));
  });

  it('withholds an item answered by 4 and leaves it out of the dimension', () => {
    // vision.a: six answers 2 (mean 2). vision.r: four answers 1, reversed 5 — withheld.
    // Were it counted, the score (2 + 5) / 2 = 3.5 would give its mean away (3.5 × 2 − 2).
    // The score is 2, from the shown item only; counts too; n stays the dimension's 10.
    const t = tally(
      { 'red.vision.a': [2, 2, 2, 2, 2, 2], 'red.vision.r': [1, 1, 1, 1] },
      { dimensions: { vision: 10 }, areas: { identity: 10 }, all: 10 },
    );
    const vision = dimension(groupScores(version, t), 'vision');
    assert.equal(vision.suppressed, false);
    assert.deepEqual(vision.items[1], {
      key: 'red.vision.r',
      reverse: true,
      respondents: null,
      mean: null,
      counts: null,
      suppressed: true,
    });
    close(vision.score, 2);
    assert.equal(vision.n, 10);
    assert.deepEqual(vision.counts, { ...emptyCounts(), '2': 6 });
  });

  it('withholds a dimension of 4 in a shown group, with its items, and leaves it out of the area', () => {
    // vision: 5 respondents, score 4. known: 4 respondents, though known.a has five
    // answers (one of them Don't know) — withheld with both items.
    // Area: only vision is shown, so the area score is 4 (not (4 + known) / 2).
    const t = tally(
      {
        'red.vision.a': five(4),
        'red.vision.r': five(2),
        'red.known.a': [1, 1, 1, 1, 'DK'],
      },
      { dimensions: { vision: 5, known: 4 }, areas: { identity: 9 }, all: 9 },
    );
    const g = groupScores(version, t);
    const known = dimension(g, 'known');
    assert.equal(known.suppressed, true);
    assert.equal(known.n, null);
    assert.ok(known.items.every((i) => i.suppressed && i.mean === null && i.counts === null));
    const identity = area(g, 'identity');
    close(identity.score, 4);
    assert.equal(identity.n, 9);
    assert.deepEqual(identity.counts, { ...emptyCounts(), '4': 5, '2': 5 });
  });

  it('withholds a dimension whose n is 5 or more when every item has under 5 answers', () => {
    // Four answer training.a and four others training.b: n 8, but no item can be shown.
    const t = tally(
      { 'blue.training.a': [3, 3, 3, 3], 'blue.training.b': [4, 4, 4, 4] },
      { dimensions: { training: 8 }, areas: { skills: 8 }, all: 8 },
    );
    const g = groupScores(version, t);
    assert.equal(dimension(g, 'training').suppressed, true);
    assert.equal(area(g, 'skills').suppressed, true);
    assert.equal(g.n, 8);
  });
});
