import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { GroupScores, RoundScores } from '../types.ts';
import {
  CYP,
  ITEMS,
  MIN,
  PC,
  populationArb,
  score,
  version,
  type Person,
  type Population,
} from './populations.ts';

// SPEC §6, "No differencing", checked from the outside: random populations (sectors,
// audiences, localities, 1–40 people per cell, Don't know and N/A among the answers) go
// through the real scoring, and then, like a determined reader of the figures, the test
// adds and subtracts up to four shown groups' figures of the same kind — an item's answer
// counts, a dimension's, an area's or a group's n — looking for any set of 1 to 4 people
// whose figures that would give. It must find none. With secondary suppression switched
// off, the same search finds such sets (so the test can fail).

/** Which atoms a group of the answer is made of. */
function atomsOf(p: Population, g: RoundScores['groups'][number]): Set<number> {
  const out = new Set<number>();
  p.atoms.forEach((a, i) => {
    const inside =
      g.kind === 'sector'
        ? a.sector === g.sector
        : g.kind === 'audience'
          ? a.audience === g.audience
          : g.kind === 'audience-group'
            ? a.audience === CYP || a.audience === PC
            : g.kind === 'sector-audience'
              ? a.sector === g.sector && a.audience === g.key.split('/')[1]
              : a.locality === g.locality;
    if (inside) out.add(i);
  });
  return out;
}

/** One kind of figure: who it counts, and which groups show it. */
interface Measure {
  name: string;
  counts: (person: Person) => boolean;
  shownIn: (g: GroupScores) => boolean;
}

function measures(): Measure[] {
  const dimOf = (g: GroupScores, key: string) =>
    g.areas.flatMap((a) => a.dimensions).find((d) => d.key === key);
  const itemOf = (g: GroupScores, key: string) =>
    g.areas
      .flatMap((a) => a.dimensions)
      .flatMap((d) => d.items)
      .find((i) => i.key === key);
  const numericOn = (person: Person, keys: string[]) =>
    keys.some((k) => (person.answers.get(k) ?? 9) <= 5);
  return [
    {
      name: 'group n',
      counts: (x) => numericOn(x, [...x.answers.keys()]),
      shownIn: (g) => g.n !== null,
    },
    ...version.areas.map((a) => ({
      name: `area ${a.key} n`,
      counts: (x: Person) =>
        numericOn(
          x,
          a.dimensions.flatMap((d) => d.items.map((i) => i.key)),
        ),
      shownIn: (g: GroupScores) => g.areas.find((y) => y.key === a.key)?.n != null,
    })),
    ...version.areas.flatMap((a) =>
      a.dimensions.map((d) => ({
        name: `dimension ${d.key} n`,
        counts: (x: Person) =>
          numericOn(
            x,
            d.items.map((i) => i.key),
          ),
        shownIn: (g: GroupScores) => dimOf(g, d.key)?.n != null,
      })),
    ),
    ...ITEMS.flatMap((it) => [
      {
        name: `item ${it.key} answers`,
        counts: (x: Person) => x.answers.has(it.key),
        shownIn: (g: GroupScores) => itemOf(g, it.key)?.counts != null,
      },
      {
        name: `item ${it.key} numeric answers`,
        counts: (x: Person) => (x.answers.get(it.key) ?? 9) <= 5,
        shownIn: (g: GroupScores) => itemOf(g, it.key)?.counts != null,
      },
    ]),
  ];
}

export interface Derivation {
  measure: string;
  people: number;
  groups: string[];
}

type ShownGroup = { name: string; atoms: Set<number>; scores: GroupScores };

/** Every signed combination of at most two shown groups, by its vector over the support. */
function halvesOf(vectors: number[][], shown: ShownGroup[], size: number) {
  const halves = new Map<string, string[]>();
  const put = (v: number[], names: string[]) => {
    const key = v.join(',');
    if (!halves.has(key)) halves.set(key, names);
  };
  const sign = (s: number, i: number) => `${s > 0 ? '+' : '−'}${shown[i]?.name}`;
  put(Array<number>(size).fill(0), []);
  vectors.forEach((v, i) => {
    for (const s of [1, -1])
      put(
        v.map((x) => s * x),
        [sign(s, i)],
      );
  });
  for (let i = 0; i < vectors.length; i++)
    for (let j = i + 1; j < vectors.length; j++)
      for (const s of [1, -1])
        for (const t of [1, -1])
          put(
            (vectors[i] ?? []).map((x, k) => s * x + t * (vectors[j]?.[k] ?? 0)),
            [sign(s, i), sign(t, j)],
          );
  return halves;
}

/** Every set of 1–4 people made of whole atoms: at most 4 atoms of weight under MIN. */
function smallSets(support: number[], weight: number[]): number[][] {
  const small = support.flatMap((a, k) => ((weight[a] ?? 0) < MIN ? [k] : []));
  const targets: number[][] = [];
  const grow = (from: number, chosen: number[], total: number) => {
    if (chosen.length > 0) targets.push(chosen);
    for (let i = from; i < small.length; i++) {
      const k = small[i] ?? 0;
      const w = weight[support[k] ?? 0] ?? 0;
      if (total + w < MIN) grow(i + 1, [...chosen, k], total + w);
    }
  };
  grow(0, [], 0);
  return targets;
}

/** A set of 1–4 people whose figures of the measure two halves add up to, if any. */
function derivationOf(m: Measure, p: Population, groups: ShownGroup[]): Derivation | undefined {
  const weight = p.atoms.map((_, i) => p.people.filter((x) => x.atom === i && m.counts(x)).length);
  const support = weight.flatMap((w, i) => (w > 0 ? [i] : []));
  const shown = groups.filter((g) => m.shownIn(g.scores));
  const vectors = shown.map((g) => support.map((a) => (g.atoms.has(a) ? 1 : 0)));
  const halves = halvesOf(vectors, shown, support.length);
  for (const target of smallSets(support, weight)) {
    const t = support.map((_, k) => (target.includes(k) ? 1 : 0));
    for (const [key, names] of halves) {
      const half = key === '' ? [] : key.split(',').map(Number);
      const rest = t.map((x, k) => x - (half[k] ?? 0)).join(',');
      const other = halves.get(rest);
      if (other !== undefined && names.length + other.length > 0)
        return {
          measure: m.name,
          people: target.reduce((sum, k) => sum + (weight[support[k] ?? 0] ?? 0), 0),
          groups: [...names, ...other],
        };
    }
  }
  return undefined;
}

/**
 * Searches sums and differences of up to four shown groups (the whole among them) for a
 * set of 1 to 4 people whose figures of one kind they give. People of one atom belong to
 * the same groups, so the search runs over atoms weighted by how many people each counts.
 */
export function findDerivation(p: Population, scores: RoundScores): Derivation | undefined {
  const groups: ShownGroup[] = [
    { name: 'everyone', atoms: new Set(p.atoms.map((_, i) => i)), scores: scores.overall },
    ...scores.groups.map((g) => ({ name: `${g.kind}:${g.key}`, atoms: atomsOf(p, g), scores: g })),
  ];
  for (const m of measures()) {
    const found = derivationOf(m, p, groups);
    if (found !== undefined) return found;
  }
  return undefined;
}

describe('no differencing (SPEC §6)', () => {
  it('leaves no set of 1–4 people derivable from up to four shown groups', () => {
    let shownGroups = 0;
    let shownItems = 0;
    fc.assert(
      fc.property(populationArb, (p) => {
        const scores = score(p);
        const found = findDerivation(p, scores);
        assert.equal(found, undefined, JSON.stringify({ found, atoms: p.atoms }));
        shownGroups += scores.groups.filter((g) => g.n !== null).length;
        for (const g of [scores.overall, ...scores.groups])
          for (const d of g.areas.flatMap((a) => a.dimensions))
            shownItems += d.items.filter((i) => i.counts !== null).length;
      }),
      { numRuns: 200, seed: 20261203 },
    );
    // Not by withholding everything: plenty is still shown.
    assert.ok(shownGroups > 200 && shownItems > 500, `${shownGroups} groups, ${shownItems} items`);
  });

  it('finds such sets when secondary suppression is switched off', () => {
    const samples = fc.sample(populationArb, { numRuns: 150, seed: 20261203 });
    const leaks = samples
      .map((p) => ({ p, found: findDerivation(p, score(p, { secondary: false })) }))
      .filter((x) => x.found !== undefined);
    assert.ok(leaks.length > 10, `only ${leaks.length} leaks without secondary suppression`);
    const first = leaks[0];
    // The first case, for the record of what secondary suppression protects against.
    console.log(
      'Without secondary suppression:',
      JSON.stringify({
        found: first?.found,
        cells: first?.p.atoms.map((a, i) => ({
          ...a,
          people: first.p.people.filter((x) => x.atom === i).length,
        })),
      }),
    );
  });
});
