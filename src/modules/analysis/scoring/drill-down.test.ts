import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FrameworkVersion } from '../../framework/index.ts';
import type { PracticeScore } from '../types.ts';
import { drillDownScore, type DrillDown } from './drill-down.ts';
import { close, five, tally, version } from './examples.ts';

// A drill-down's figures (SPEC §3 and §6), hand-worked on a made-up drill-down under the
// examples' area "identity": practice "meetings" (items dd.meet.a, dd.meet.r reverse scored)
// and practice "records" (items dd.rec.a, dd.rec.b). Fewer than 5 people behind a figure
// withholds it, and a withheld figure is left out of the figures above it.

const item = (key: string, reverse = false) => ({
  key,
  text: 'A practice to rate',
  audiences: ['leaders-managers' as const, 'frontline' as const],
  reverse,
});

const drill = {
  key: 'joint-practice',
  areaKey: 'identity',
  name: 'Joint practice',
  description: 'How partners work together day to day',
  practices: [
    {
      key: 'meetings',
      name: 'Joint meetings',
      description: 'Partners meet to plan together',
      items: [item('dd.meet.a'), item('dd.meet.r', true)],
    },
    {
      key: 'records',
      name: 'Shared records',
      description: 'Partners see the records they need',
      items: [item('dd.rec.a'), item('dd.rec.b')],
    },
  ],
} satisfies DrillDown;

const withDrill = { ...version, drillDowns: [drill] } as FrameworkVersion;

const practice = (scores: { practices: PracticeScore[] }, key: string) => {
  const found = scores.practices.find((p) => p.key === key);
  assert.ok(found, `no practice ${key}`);
  return found;
};

const many = <T>(n: number, value: T): T[] => Array<T>(n).fill(value);

describe('drill-down figures', () => {
  it('scores each practice as a dimension and the drill-down as the mean of its practices', () => {
    // meetings: a answered 4 by six people, r answered 2 (reverse: 4) → 4.0;
    // records: both items answered 3 → 3.0; the drill-down 3.5, Developing.
    const d = drillDownScore(
      withDrill,
      drill,
      tally(
        {
          'dd.meet.a': many(6, 4),
          'dd.meet.r': many(6, 2),
          'dd.rec.a': many(6, 3),
          'dd.rec.b': many(6, 3),
        },
        { dimensions: { meetings: 6, records: 6 }, areas: { 'joint-practice': 6 }, all: 6 },
      ),
    );
    assert.equal(d.suppressed, false);
    assert.equal(d.n, 6);
    assert.equal(d.areaKey, 'identity');
    close(d.score, 3.5);
    assert.equal(d.stage, 3);
    close(practice(d, 'meetings').score, 4);
    close(practice(d, 'records').score, 3);
  });

  it('withholds every figure when fewer than 5 people answered', () => {
    const d = drillDownScore(
      withDrill,
      drill,
      tally(
        {
          'dd.meet.a': many(4, 4),
          'dd.meet.r': many(4, 2),
          'dd.rec.a': many(4, 3),
          'dd.rec.b': many(4, 3),
        },
        { dimensions: { meetings: 4, records: 4 }, areas: { 'joint-practice': 4 }, all: 4 },
      ),
    );
    assert.deepEqual(
      [d.suppressed, d.n, d.score, d.stage, d.counts],
      [true, null, null, null, null],
    );
    for (const p of d.practices) {
      assert.deepEqual([p.suppressed, p.n, p.score], [true, null, null]);
      for (const i of p.items)
        assert.deepEqual([i.suppressed, i.mean, i.counts], [true, null, null]);
    }
  });

  it('withholds a practice that 4 people answered and leaves it out of the drill-down score', () => {
    const d = drillDownScore(
      withDrill,
      drill,
      tally(
        {
          'dd.meet.a': five(4),
          'dd.meet.r': five(2),
          'dd.rec.a': many(4, 1),
          'dd.rec.b': many(4, 1),
        },
        { dimensions: { meetings: 5, records: 4 }, areas: { 'joint-practice': 5 }, all: 5 },
      ),
    );
    assert.equal(d.suppressed, false);
    assert.equal(practice(d, 'records').suppressed, true);
    assert.equal(practice(d, 'records').score, null);
    // Only the shown practice counts: 4.0, not the mean with the withheld 1.0.
    close(d.score, 4);
  });

  it('withholds a question fewer than 5 people answered 1 to 5, and leaves it out of its practice', () => {
    const d = drillDownScore(
      withDrill,
      drill,
      tally(
        {
          'dd.meet.a': five(4),
          'dd.meet.r': five(2),
          'dd.rec.a': five(2),
          // Six answers, but only four of them numbers: the other two are Don't know.
          'dd.rec.b': [5, 5, 5, 5, 'DK', 'DK'],
        },
        { dimensions: { meetings: 5, records: 5 }, areas: { 'joint-practice': 5 }, all: 5 },
      ),
    );
    const records = practice(d, 'records');
    assert.equal(records.suppressed, false);
    const b = records.items.find((i) => i.key === 'dd.rec.b');
    assert.ok(b);
    assert.equal(b.suppressed, true);
    assert.equal(b.mean, null);
    // records is item a alone (2.0), not the mean with the withheld 5.0.
    close(records.score, 2);
    close(d.score, 3);
  });
});
