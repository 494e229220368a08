import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FrameworkVersion } from '../framework/schema.ts';
import {
  agreedPositions,
  assembleScores,
  buildGroups,
  divergences,
  emptyCounts,
  groupScores,
  itemMean,
  stageOf,
  type CellTally,
  type Tally,
} from './scores.ts';
import { audit } from './scoring/disclosure.ts';
import type { AnswerCounts, DimensionScore, GroupOf, GroupScores } from './types.ts';

// Hand-worked examples of every rule of SPEC §6, on a small made-up framework:
//   area identity (red):  dimension vision  — items red.vision.a, red.vision.r (reverse)
//                         dimension known   — items red.known.a, red.known.b
//   area skills (blue):   dimension training — items blue.training.a, blue.training.b
// Stages: Fragmented from 1, Emerging from 2, Developing from 3, Reformed and integrated from 4.

const item = (key: string, reverse = false) => ({
  key,
  text: 'A statement to rate',
  audiences: ['leaders-managers' as const, 'frontline' as const],
  reverse,
});

const version = {
  key: '2099.1',
  title: 'Test framework',
  status: 'published',
  summary: 'A small framework for tests',
  audiences: [
    { key: 'leaders-managers', name: 'Leaders and managers', plainLanguage: false },
    { key: 'frontline', name: 'Frontline practitioners', plainLanguage: false },
    { key: 'children-young-people', name: 'Children and young people', plainLanguage: true },
    { key: 'parents-carers', name: 'Parents and carers', plainLanguage: false },
  ],
  scale: {
    labels: ['1', '2', '3', '4', '5'],
    plainLabels: ['1', '2', '3', '4', '5'],
    dontKnow: "Don't know",
    notApplicable: 'Not applicable',
  },
  stages: [
    {
      number: 1,
      key: 'fragmented',
      name: 'Fragmented',
      description: 'Not joined up at all',
      minScore: 1,
    },
    {
      number: 2,
      key: 'emerging',
      name: 'Emerging',
      description: 'Starting to join up',
      minScore: 2,
    },
    {
      number: 3,
      key: 'developing',
      name: 'Developing',
      description: 'Mostly joined up',
      minScore: 3,
    },
    {
      number: 4,
      key: 'reformed',
      name: 'Reformed and integrated',
      description: 'Joined up throughout',
      minScore: 4,
    },
  ],
  areas: [
    {
      key: 'identity',
      colour: 'red',
      hex: '#d4351c',
      name: 'Shared identity',
      description: 'Shared identity and purpose',
      dimensions: [
        {
          key: 'vision',
          name: 'Shared vision',
          description: 'A vision agreed by all',
          items: [item('red.vision.a'), item('red.vision.r', true)],
        },
        {
          key: 'known',
          name: 'Vision known',
          description: 'The vision is known by all',
          items: [item('red.known.a'), item('red.known.b')],
        },
      ],
    },
    {
      key: 'skills',
      colour: 'blue',
      hex: '#1d70b8',
      name: 'Skilled workforce',
      description: 'A skilled and confident workforce',
      dimensions: [
        {
          key: 'training',
          name: 'Multi-agency training',
          description: 'Training together',
          items: [item('blue.training.a'), item('blue.training.b')],
        },
      ],
    },
  ],
  drillDowns: [],
} as unknown as FrameworkVersion;

/** Counts from a list of answers: 1–5, 'DK' or 'NA'. */
function countsOf(answers: (number | 'DK' | 'NA')[]): AnswerCounts {
  const counts = emptyCounts();
  for (const a of answers) counts[typeof a === 'number' ? (String(a) as '1') : a]++;
  return counts;
}

function tally(
  items: Record<string, (number | 'DK' | 'NA')[]>,
  n: { dimensions: Record<string, number>; areas: Record<string, number>; all: number },
): Tally {
  return {
    items: new Map(Object.entries(items).map(([k, v]) => [k, countsOf(v)])),
    dimensionN: new Map(Object.entries(n.dimensions)),
    areaN: new Map(Object.entries(n.areas)),
    n: n.all,
  };
}

const five = <T>(value: T): T[] => [value, value, value, value, value];

function dimension(group: GroupScores, key: string): DimensionScore {
  const found = group.areas.flatMap((a) => a.dimensions).find((d) => d.key === key);
  if (found === undefined) throw new Error(`no dimension ${key}`);
  return found;
}

const area = (group: GroupScores, key: string) => {
  const found = group.areas.find((a) => a.key === key);
  if (found === undefined) throw new Error(`no area ${key}`);
  return found;
};

const close = (actual: number | null, expected: number) => {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
};

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

describe('groups', () => {
  it('sums atoms into every kind of group, in order, and withholds what would give people away', () => {
    const cell = (
      sector: string | null,
      audience: string,
      locality: string | null,
      n: number,
    ): CellTally => ({
      ...tally(
        { 'red.vision.a': Array<number>(n).fill(audience === 'frontline' ? 2 : 4) },
        { dimensions: { vision: n }, areas: { identity: n }, all: n },
      ),
      sector,
      audience,
      locality,
    });
    const scores = assembleScores({
      roundId: 'r',
      version,
      responses: 21,
      tallies: {
        cells: [
          cell('schools', 'frontline', 'Northgate', 6),
          cell('health', 'children-young-people', 'Southfield', 3),
          cell('health', 'parents-carers', 'Southfield', 3),
          cell(null, 'frontline', null, 4),
          cell('gone', 'leaders-managers', 'Southfield', 5),
        ],
      },
      labels: {
        sectors: [
          { key: 'health', name: 'Health' },
          { key: 'schools', name: 'Schools' },
          { key: 'youth', name: 'Youth' },
        ],
        localities: ['Northgate', 'Southfield'],
        sectorName: (key) => `Sector ${key}`,
      },
    });
    assert.equal(scores.overall.n, 21);
    const n = (kind: string, key: string) =>
      scores.groups.find((g) => g.kind === kind && g.key === key)?.n;
    assert.deepEqual(
      scores.groups.map((g) => [g.kind, g.key, g.label]),
      [
        ['sector', 'health', 'Health'],
        ['sector', 'schools', 'Schools'],
        ['sector', 'youth', 'Youth'],
        ['sector', 'gone', 'Sector gone'],
        ['audience', 'leaders-managers', 'Leaders and managers'],
        ['audience', 'frontline', 'Frontline practitioners'],
        ['audience', 'children-young-people', 'Children and young people'],
        ['audience', 'parents-carers', 'Parents and carers'],
        ['audience-group', 'children-families', 'Children and families'],
        ['sector-audience', 'health/children-young-people', 'Health: Children and young people'],
        ['sector-audience', 'health/parents-carers', 'Health: Parents and carers'],
        ['sector-audience', 'schools/frontline', 'Schools: Frontline practitioners'],
        ['sector-audience', 'gone/leaders-managers', 'Sector gone: Leaders and managers'],
        ['locality', 'Northgate', 'Northgate'],
        ['locality', 'Southfield', 'Southfield'],
      ],
    );
    // Under 5: withheld.
    for (const [kind, key] of [
      ['sector', 'youth'],
      ['audience', 'children-young-people'],
      ['audience', 'parents-carers'],
      ['sector-audience', 'health/children-young-people'],
      ['sector-audience', 'health/parents-carers'],
    ] as const)
      assert.equal(n(kind, key), null, `${kind} ${key}`);
    // The 4 frontline practitioners who named no sector and no locality could be worked out
    // as frontline − schools, whole − Northgate − Southfield, or whole − every sector; so of
    // frontline, schools, schools × frontline and Northgate (the same 6), the groups that
    // would do it are withheld, and what stays shown cannot single them out.
    const shown = scores.groups.filter((g) => g.n !== null).map((g) => `${g.kind}:${g.key}`);
    const atomsOf: Record<string, number[]> = {
      'sector:health': [1, 2],
      'sector:schools': [0],
      'sector:gone': [4],
      'audience:leaders-managers': [4],
      'audience:frontline': [0, 3],
      'audience-group:children-families': [1, 2],
      'sector-audience:schools/frontline': [0],
      'sector-audience:gone/leaders-managers': [4],
      'locality:Northgate': [0],
      'locality:Southfield': [1, 2, 4],
    };
    const vectors = [[0, 1, 2, 3, 4], ...shown.map((k) => atomsOf[k] ?? [])].map((atoms) =>
      [0, 1, 2, 3, 4].map((a) => (atoms.includes(a) ? 1 : 0)),
    );
    // Every sum and difference of up to three shown groups: never the 4 alone.
    const combos: number[][] = [];
    const walk = (start: number, acc: number[], depth: number) => {
      if (depth > 0) combos.push(acc);
      if (depth === 3) return;
      for (let i = start; i < vectors.length; i++)
        for (const sign of [1, -1])
          walk(
            i + 1,
            acc.map((v, a) => v + sign * (vectors[i]?.[a] ?? 0)),
            depth + 1,
          );
    };
    walk(0, [0, 0, 0, 0, 0], 0);
    assert.ok(!combos.some((c) => c.join() === '0,0,0,1,0'));
    assert.ok(shown.includes('locality:Southfield'));
    assert.equal(n('audience-group', 'children-families'), 6);
    const families = scores.groups.find((g) => g.key === 'children-families');
    assert.equal(families?.audience, 'children-families');
    close(dimension(families, 'vision').score, 4);
    // Overall: 11 answers of 4 (health 6, gone 5) and 10 of 2 (schools 6, no sector 4):
    // item mean (44 + 20) / 21.
    close(dimension(scores.overall, 'vision').score, (4 * 11 + 2 * 10) / 21);
    assert.equal(scores.agreed.length, 3);
    assert.equal(scores.divergence.length, 6);
    assert.equal(scores.minimumGroupSize, 5);
  });
});
