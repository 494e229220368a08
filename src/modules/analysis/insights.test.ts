import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFrameworkFiles } from '../framework/repository.ts';
import type { FrameworkVersion } from '../framework/schema.ts';
import { compareScores, focusAreas, strengthsAndGaps } from './insights.ts';
import { assembleScores, emptyCounts, type CellTally } from './scoring/index.ts';
import type { RoundScores } from './types.ts';

// Insights on scores made from the real framework (version 2026.1): each respondent group
// answers the first item of the dimensions named, ten respondents a group, so a dimension's
// score is exactly the score asked for (ten answers adding up to ten times it).

const version = loadFrameworkFiles().find((v) => v.key === '2026.1') as FrameworkVersion;

function cell(audience: string, scores: Record<string, number>, n = 10): CellTally {
  const result: CellTally = {
    sector: 'health',
    audience,
    items: new Map(),
    dimensionN: new Map(),
    areaN: new Map(),
    n,
  };
  for (const area of version.areas)
    for (const d of area.dimensions) {
      const score = scores[d.key];
      if (score === undefined) continue;
      const item = d.items.find((i) => !i.reverse);
      if (item === undefined) throw new Error('no plain item');
      // n answers adding up to n × score: the floor of it, some of them one higher.
      const total = Math.round(score * n);
      const low = Math.floor(total / n);
      const counts = emptyCounts();
      counts[String(low) as '1'] += n - (total - low * n);
      if (total - low * n > 0) counts[String(low + 1) as '1'] += total - low * n;
      result.items.set(item.key, counts);
      result.dimensionN.set(d.key, n);
      result.areaN.set(area.key, n);
    }
  return result;
}

function scoresOf(cells: CellTally[], v: FrameworkVersion = version): RoundScores {
  return assembleScores({
    roundId: 'round',
    version: v,
    responses: cells.reduce((sum, c) => sum + c.n, 0),
    tallies: { cells },
    labels: {
      sectors: [
        { key: 'health', name: 'Health' },
        { key: 'schools', name: 'Schools' },
      ],
      localities: [],
    },
  });
}

describe('strengths and gaps', () => {
  it('lists the highest and lowest shown dimension scores', () => {
    const scores = scoresOf([
      cell('frontline', {
        'shared-vision': 1.5,
        'vision-known': 4.5,
        'one-workforce': 3,
        'shared-values': 2.2,
        'early-help': 3.8,
        transitions: 2.9,
        allegations: 4.1,
      }),
    ]);
    const { strengths, gaps } = strengthsAndGaps(scores, version);
    assert.deepEqual(
      strengths.map((s) => [s.dimensionKey, s.score]),
      [
        ['vision-known', 4.5],
        ['allegations', 4.1],
        ['early-help', 3.8],
      ],
    );
    assert.deepEqual(
      gaps.map((s) => [s.dimensionKey, s.score]),
      [
        ['shared-vision', 1.5],
        ['shared-values', 2.2],
        ['transitions', 2.9],
      ],
    );
    assert.equal(gaps[0]?.areaName, 'Shared identity, purpose and vision');
    assert.equal(gaps[0].stageName, 'Fragmented');
    assert.equal(gaps[0].colourName, 'Red');
  });

  it('splits a short list so that no dimension is both, and skips suppressed ones', () => {
    // Four shown scores: two each. allegations has four respondents: withheld.
    const scores = scoresOf([
      cell('frontline', {
        'shared-vision': 1.5,
        'vision-known': 4.5,
        transitions: 3,
        'early-help': 2,
      }),
      cell('leaders-managers', { allegations: 5 }, 4),
    ]);
    const { strengths, gaps } = strengthsAndGaps(scores, version);
    assert.deepEqual(
      strengths.map((s) => s.dimensionKey),
      ['vision-known', 'transitions'],
    );
    assert.deepEqual(
      gaps.map((s) => s.dimensionKey),
      ['shared-vision', 'early-help'],
    );
    assert.deepEqual(strengthsAndGaps(scoresOf([]), version), { strengths: [], gaps: [] });
  });
});

describe('focus areas', () => {
  it('names the weakest and the most divergent dimensions with a reason each, once', () => {
    // Everyone scores the other dimensions 3. Overall:
    //   shared-vision (Red)       leaders 2.0, frontline 1.0 → 1.5, the lowest, divergent 1.0
    //   supervision-support (Blue) 2.1, the lowest in the Blue area
    //   vision-known (Red)        2.4, but shared-vision is lower in Red
    //   information-sharing (Green) leaders 4.0, frontline 2.7 → 3.35, divergent 1.3
    //   transitions (Green)       leaders 3.4, frontline 2.5: 0.9, not divergent
    const common = {
      'one-workforce': 3,
      'shared-values': 3,
      'early-help': 3,
      'supervision-support': 2.1,
      'vision-known': 2.4,
    };
    const scores = scoresOf([
      cell('leaders-managers', {
        ...common,
        'shared-vision': 2,
        'information-sharing': 4,
        transitions: 3.4,
      }),
      cell('frontline', {
        ...common,
        'shared-vision': 1,
        'information-sharing': 2.7,
        transitions: 2.5,
      }),
    ]);
    const focus = focusAreas(scores, version);
    assert.deepEqual(
      focus.map((f) => [f.dimensionKey, f.kinds, f.reason]),
      [
        [
          'shared-vision',
          ['weakest', 'divergent'],
          'Scored 1.5 (Fragmented), the lowest of all dimensions. Leaders and managers scored it 1.0 higher than frontline practitioners',
        ],
        ['supervision-support', ['weakest'], 'Scored 2.1 (Emerging), the lowest in the Blue area'],
        ['vision-known', ['weakest'], 'Scored 2.4 (Emerging), one of the lowest overall'],
        [
          'information-sharing',
          ['divergent'],
          'Leaders and managers scored it 1.3 higher than frontline practitioners',
        ],
      ],
    );
    const sharing = focus[3];
    assert.equal(sharing?.areaName, 'Integrated working practices');
    assert.ok(Math.abs((sharing.score ?? 0) - 3.35) < 1e-9);
    assert.equal(sharing.stageName, 'Developing');
  });

  it('explains a divergence between sectors with both scores', () => {
    const scores = scoresOf([
      { ...cell('frontline', { 'shared-vision': 4.2, 'vision-known': 3 }), sector: 'health' },
      { ...cell('frontline', { 'shared-vision': 3, 'vision-known': 3 }), sector: 'schools' },
    ]);
    const focus = focusAreas(scores, version, { weakest: 0 });
    assert.deepEqual(
      focus.map((f) => f.reason),
      ['Sectors differ by 1.2: Health scored it 4.2, Schools 3.0'],
    );
  });

  it('gives at most six', () => {
    const low: Record<string, number> = {};
    const high: Record<string, number> = {};
    for (const d of version.areas.flatMap((a) => a.dimensions)) {
      low[d.key] = 1.5;
      high[d.key] = 4;
    }
    const scores = scoresOf([cell('leaders-managers', high), cell('frontline', low)]);
    const focus = focusAreas(scores, version);
    assert.equal(focus.length, 6);
    assert.deepEqual(
      focus.map((f) => f.kinds),
      [
        ['weakest', 'divergent'],
        ['weakest', 'divergent'],
        ['weakest', 'divergent'],
        ['divergent'],
        ['divergent'],
        ['divergent'],
      ],
    );
  });
});

describe('comparing rounds', () => {
  const now = scoresOf([
    cell('frontline', { 'shared-vision': 3.2, 'vision-known': 2.5, 'one-workforce': 4 }),
  ]);
  const before = scoresOf([
    cell('frontline', { 'shared-vision': 2.7, 'vision-known': 2.5 }),
    // one-workforce had four respondents last time: withheld.
    cell('leaders-managers', { 'one-workforce': 1 }, 4),
  ]);

  it('matches dimensions by key on the same version; suppressed stays null', () => {
    const { areas } = compareScores(now, version, before, version);
    assert.equal(areas.length, 7);
    const red = areas[0];
    assert.equal(red?.key, 'shared-identity');
    const dims = red.dimensions;
    assert.deepEqual(
      dims
        .slice(0, 3)
        .map((d) => [
          d.key,
          d.now,
          d.before,
          d.change === null ? null : Number(d.change.toFixed(6)),
        ]),
      [
        ['shared-vision', 3.2, 2.7, 0.5],
        ['vision-known', 2.5, 2.5, 0],
        ['one-workforce', 4, null, null],
      ],
    );
    // Red area: now (3.2 + 2.5 + 4) / 3 = 3.2333…, before (2.7 + 2.5) / 2 = 2.6.
    assert.ok(Math.abs((red.now ?? 0) - 9.7 / 3) < 1e-9);
    assert.ok(Math.abs((red.before ?? 0) - 2.6) < 1e-9);
    // The change is between the scores as shown: 3.2 − 2.6, not 3.2333… − 2.6.
    assert.equal(red.change, 0.6);
    // An area scored in neither round.
    assert.deepEqual([areas[1]?.now, areas[1]?.before, areas[1]?.change], [null, null, null]);
  });

  it("follows the newer version's mapping, and leaves unmatched dimensions out", () => {
    const newer: FrameworkVersion = {
      ...version,
      key: '2027.1',
      mapping: { fromVersion: '2026.1', dimensions: { 'shared-vision': 'vision-known' } },
    };
    const current = scoresOf(
      [cell('frontline', { 'shared-vision': 3.2, 'vision-known': 2.5 })],
      newer,
    );
    const dims = compareScores(current, newer, before, version).areas[0]?.dimensions ?? [];
    assert.deepEqual(
      dims.slice(0, 2).map((d) => [d.key, d.now, d.before]),
      [
        ['shared-vision', 3.2, 2.5],
        ['vision-known', 2.5, null],
      ],
    );
    // A different version without a mapping from the earlier one: nothing matches.
    const other: FrameworkVersion = { ...version, key: '2028.1' };
    const unmapped = compareScores(
      scoresOf([cell('frontline', { 'shared-vision': 3 })], other),
      other,
      before,
      version,
    );
    assert.equal(unmapped.areas[0]?.dimensions[0]?.before, null);
  });
});
