import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupOf } from '../types.ts';
import { agreedPositions, divergences } from './consensus.ts';
import { close, five, tally, version } from './examples.ts';
import { groupScores } from './score.ts';

// Divergence between groups and the agreed position of each dimension (SPEC §6), on the
// small framework of examples.ts.

/** A group whose every dimension is scored `score` by five respondents (a shown group). */
function groupScoring(key: string, label: string, scores: Record<string, number>): GroupOf {
  const items: Record<string, number[]> = {};
  const dimensions: Record<string, number> = {};
  for (const [dim, score] of Object.entries(scores)) {
    const d = version.areas.flatMap((a) => a.dimensions).find((x) => x.key === dim);
    for (const i of d?.items ?? []) items[i.key] = five(i.reverse ? 6 - score : score);
    dimensions[dim] = 5;
  }
  return {
    kind: 'sector',
    key,
    label,
    ...groupScores(
      version,
      tally(items, { dimensions, areas: { identity: 5, skills: 5 }, all: 5 }),
    ),
  };
}

function withScore(group: GroupOf, dim: string, score: number, suppressed = false): GroupOf {
  // Dimension scores that are not whole numbers, set straight on the figures.
  const areas = group.areas.map((a) => ({
    ...a,
    dimensions: a.dimensions.map((d) =>
      d.key === dim ? { ...d, score: suppressed ? null : score, suppressed } : d,
    ),
  }));
  return { ...group, areas };
}

describe('divergence', () => {
  const base = groupScoring('health', 'Health', { vision: 3, known: 3, training: 3 });

  it('does not flag 0.9 and flags 1.0, between the two shown scores furthest apart', () => {
    const groups = [
      withScore(withScore(base, 'vision', 3.5), 'known', 3),
      withScore(
        withScore({ ...base, key: 'schools', label: 'Schools' }, 'vision', 2.6),
        'known',
        2,
      ),
      withScore(withScore({ ...base, key: 'youth', label: 'Youth' }, 'vision', 3.1), 'known', 2.5),
    ];
    const result = divergences(version, groups);
    const vision = result.find((d) => d.dimensionKey === 'vision' && d.between === 'sectors');
    // 3.5 − 2.6 = 0.9 (the floating-point difference is 0.8999…): not flagged.
    close(vision?.difference ?? null, 0.9);
    assert.equal(vision?.flagged, false);
    assert.equal(vision.high?.key, 'health');
    assert.equal(vision.low?.key, 'schools');
    const known = result.find((d) => d.dimensionKey === 'known' && d.between === 'sectors');
    // 3 − 2 = 1.0: flagged.
    close(known?.difference ?? null, 1);
    assert.equal(known?.flagged, true);
    // Between audiences: there are no audience groups, so no difference at all.
    const audiences = result.find((d) => d.dimensionKey === 'known' && d.between === 'audiences');
    assert.deepEqual(
      [audiences?.difference, audiences?.high, audiences?.low, audiences?.flagged],
      [null, null, null, false],
    );
  });

  it('ignores suppressed groups', () => {
    // Youth's 1.0 is withheld: the difference is 3.3 − 3.0 = 0.3, not 2.3.
    const groups = [
      withScore(base, 'vision', 3.3),
      withScore({ ...base, key: 'schools', label: 'Schools' }, 'vision', 3),
      withScore({ ...base, key: 'youth', label: 'Youth' }, 'vision', 1, true),
    ];
    const vision = divergences(version, groups).find(
      (d) => d.dimensionKey === 'vision' && d.between === 'sectors',
    );
    close(vision?.difference ?? null, 0.3);
    assert.equal(vision?.flagged, false);
    // With only one shown group there is no difference.
    const alone = divergences(version, [
      withScore(base, 'vision', 3.3),
      withScore({ ...base, key: 'youth', label: 'Youth' }, 'vision', 1, true),
    ]).find((d) => d.dimensionKey === 'vision' && d.between === 'sectors');
    assert.equal(alone?.difference, null);
    assert.equal(alone.flagged, false);
  });

  it('compares the four audiences, not children and families', () => {
    const audience = (key: string, score: number): GroupOf => ({
      ...withScore(base, 'vision', score),
      kind: key === 'children-families' ? 'audience-group' : 'audience',
      key,
      label: key,
    });
    const result = divergences(version, [
      audience('leaders-managers', 4),
      audience('frontline', 2.7),
      audience('children-families', 1),
    ]).find((d) => d.dimensionKey === 'vision' && d.between === 'audiences');
    close(result?.difference ?? null, 1.3);
    assert.equal(result?.flagged, true);
    assert.equal(result.low?.key, 'frontline');
  });
});

describe('agreed positions', () => {
  // Overall: vision 4 (five 4s and five reversed 2s), known 2.5, training withheld (n 4).
  const overall = groupScores(
    version,
    tally(
      {
        'red.vision.a': five(4),
        'red.vision.r': five(2),
        'red.known.a': five(2),
        'red.known.b': five(3),
        'blue.training.a': [5, 5, 5, 5],
      },
      {
        dimensions: { vision: 5, known: 5, training: 4 },
        areas: { identity: 5, skills: 4 },
        all: 5,
      },
    ),
  );

  it("takes the workshop's score, else the questionnaire's, and says which", () => {
    const workshop = new Map([
      ['vision', { score: 3.2, stage: 3, workshopId: 'w1', heldOn: '2026-06-01' }],
      // Only a stage was agreed: no score, the workshop's stage.
      ['training', { score: null, stage: 2, workshopId: 'w1', heldOn: '2026-06-01' }],
    ]);
    const [vision, known, training] = agreedPositions(version, overall, workshop);
    assert.deepEqual(vision, {
      dimensionKey: 'vision',
      score: 3.2,
      stage: 3,
      source: 'workshop',
      questionnaireScore: 4,
      workshopId: 'w1',
      heldOn: '2026-06-01',
    });
    assert.deepEqual(known, {
      dimensionKey: 'known',
      score: 2.5,
      stage: 2,
      source: 'questionnaire',
      questionnaireScore: 2.5,
    });
    assert.deepEqual(training, {
      dimensionKey: 'training',
      score: null,
      stage: 2,
      source: 'workshop',
      questionnaireScore: null,
      workshopId: 'w1',
      heldOn: '2026-06-01',
    });
  });

  it('bands a workshop score given without a stage, and says none when there is nothing', () => {
    const workshop = new Map([
      ['known', { score: 3.9, stage: null, workshopId: 'w2', heldOn: '2026-07-01' }],
    ]);
    const [, known, training] = agreedPositions(version, overall, workshop);
    assert.equal(known?.stage, 3);
    assert.equal(known.source, 'workshop');
    assert.deepEqual(training, {
      dimensionKey: 'training',
      score: null,
      stage: null,
      source: 'none',
      questionnaireScore: null,
    });
  });
});
