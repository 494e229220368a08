import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assembleScores } from './assemble.ts';
import { close, dimension, tally, version } from './examples.ts';
import type { CellTally } from './tally.ts';

// The groups of SPEC §6 summed from atoms, on the small framework of examples.ts.

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
