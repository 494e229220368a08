import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FrameworkVersion } from '../../framework/schema.ts';
import { assembleScores } from './assemble.ts';
import { emptyCounts, emptyTally, type CellTally } from './tally.ts';
import type { GroupScores, RoundScores } from '../types.ts';
import type { AuditOptions } from './disclosure.ts';

// SPEC §6, "No differencing", checked from the outside: random populations (sectors,
// audiences, localities, 1–40 people per cell, Don't know and N/A among the answers) go
// through the real scoring, and then, like a determined reader of the figures, the test
// adds and subtracts up to four shown groups' figures of the same kind — an item's answer
// counts, a dimension's, an area's or a group's n — looking for any set of 1 to 4 people
// whose figures that would give. It must find none. With secondary suppression switched
// off, the same search finds such sets (so the test can fail).

const MIN = 5;
const LM = 'leaders-managers';
const FL = 'frontline';
const CYP = 'children-young-people';
const PC = 'parents-carers';
const AUDIENCES = [LM, FL, CYP, PC] as const;
const SECTORS = ['health', 'schools', 'youth', null] as const;
const LOCALITIES = ['Northgate', 'Southfield', null] as const;

const item = (key: string, audiences: readonly string[], reverse = false) => ({
  key,
  text: 'A statement',
  audiences,
  reverse,
});

// Adults' items and children's and families' items, as in the real framework.
const version = {
  key: 'test.1',
  title: 'Test',
  status: 'published',
  summary: 'Test',
  audiences: AUDIENCES.map((key) => ({ key, name: key, plainLanguage: key === CYP })),
  scale: { labels: [], plainLabels: [], dontKnow: 'DK', notApplicable: 'NA' },
  stages: [1, 2, 3, 4].map((n) => ({
    number: n,
    key: `s${n}`,
    name: `Stage ${n}`,
    description: '',
    minScore: n,
  })),
  areas: [
    {
      key: 'red',
      colour: 'red',
      hex: '#000',
      name: 'Red',
      description: '',
      dimensions: [
        {
          key: 'vision',
          name: 'Vision',
          description: '',
          items: [item('v.adult', [LM, FL]), item('v.child', [CYP, PC], true)],
        },
        { key: 'known', name: 'Known', description: '', items: [item('k.all', AUDIENCES)] },
      ],
    },
    {
      key: 'blue',
      colour: 'blue',
      hex: '#000',
      name: 'Blue',
      description: '',
      dimensions: [
        { key: 'skills', name: 'Skills', description: '', items: [item('s.adult', [LM, FL])] },
      ],
    },
  ],
  drillDowns: [],
} as unknown as FrameworkVersion;

const ITEMS = version.areas.flatMap((a) =>
  a.dimensions.flatMap((d) => d.items.map((i) => ({ ...i, dimension: d.key, area: a.key }))),
);

/** One respondent: where they are, and their answer to each item asked (0: skipped). */
interface Person {
  atom: number;
  answers: Map<string, number>;
}

interface Population {
  atoms: { sector: string | null; audience: string; locality: string | null }[];
  people: Person[];
}

const answerValue = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 5 }) },
  { weight: 1, arbitrary: fc.constant(8) },
  { weight: 1, arbitrary: fc.constant(9) },
  { weight: 1, arbitrary: fc.constant(0) },
);

const cellArb = fc.record({
  sector: fc.constantFrom(...SECTORS),
  audience: fc.constantFrom(...AUDIENCES),
  locality: fc.constantFrom(...LOCALITIES),
  // Mostly small cells, where disclosure happens, with some large ones.
  size: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 6 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }) },
  ),
  answers: fc.array(fc.array(answerValue, { minLength: 4, maxLength: 4 }), {
    minLength: 40,
    maxLength: 40,
  }),
});

const populationArb: fc.Arbitrary<Population> = fc
  .uniqueArray(cellArb, {
    minLength: 1,
    maxLength: 9,
    selector: (c) => `${c.sector}|${c.audience}|${c.locality}`,
  })
  .map((cells) => ({
    atoms: cells.map((c) => ({ sector: c.sector, audience: c.audience, locality: c.locality })),
    people: cells.flatMap((c, atom) =>
      Array.from({ length: c.size }, (_, i): Person => {
        const answers = new Map<string, number>();
        ITEMS.forEach((it, k) => {
          const value = c.answers[i]?.[k] ?? 0;
          if (it.audiences.includes(c.audience) && value !== 0) answers.set(it.key, value);
        });
        return { atom, answers };
      }),
    ),
  }));

/** The atoms' tallies, counted here from the people (as queries.ts counts them in SQL). */
function talliesOf(p: Population): CellTally[] {
  return p.atoms.map((where, index) => {
    const tally: CellTally = { ...emptyTally(), ...where, respondents: 0 };
    for (const person of p.people.filter((x) => x.atom === index)) {
      tally.respondents = (tally.respondents ?? 0) + 1;
      const numericIn = new Set<string>();
      for (const [key, value] of person.answers) {
        const counts = tally.items.get(key) ?? emptyCounts();
        counts[value === 8 ? 'DK' : value === 9 ? 'NA' : (String(value) as '1')]++;
        tally.items.set(key, counts);
        if (value <= 5) numericIn.add(key);
      }
      const dims = new Set(ITEMS.filter((i) => numericIn.has(i.key)).map((i) => i.dimension));
      const areas = new Set(ITEMS.filter((i) => numericIn.has(i.key)).map((i) => i.area));
      for (const d of dims) tally.dimensionN.set(d, (tally.dimensionN.get(d) ?? 0) + 1);
      for (const a of areas) tally.areaN.set(a, (tally.areaN.get(a) ?? 0) + 1);
      if (numericIn.size > 0) tally.n++;
    }
    return tally;
  });
}

function score(p: Population, audit?: AuditOptions): RoundScores {
  return assembleScores({
    roundId: 'r',
    version,
    responses: p.people.length,
    tallies: { cells: talliesOf(p) },
    labels: {
      sectors: [
        { key: 'health', name: 'Health' },
        { key: 'schools', name: 'Schools' },
        { key: 'youth', name: 'Youth' },
      ],
      localities: ['Northgate', 'Southfield'],
    },
    ...(audit === undefined ? {} : { audit }),
  });
}

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

/**
 * Searches sums and differences of up to four shown groups (the whole among them) for a
 * set of 1 to 4 people whose figures of one kind they give. People of one atom belong to
 * the same groups, so the search runs over atoms weighted by how many people each counts.
 */
export function findDerivation(p: Population, scores: RoundScores): Derivation | undefined {
  const all = new Set(p.atoms.map((_, i) => i));
  const groups: { name: string; atoms: Set<number>; scores: GroupScores }[] = [
    { name: 'everyone', atoms: all, scores: scores.overall },
    ...scores.groups.map((g) => ({ name: `${g.kind}:${g.key}`, atoms: atomsOf(p, g), scores: g })),
  ];
  for (const m of measures()) {
    const weight = p.atoms.map(
      (_, i) => p.people.filter((x) => x.atom === i && m.counts(x)).length,
    );
    const support = weight.flatMap((w, i) => (w > 0 ? [i] : []));
    const shown = groups.filter((g) => m.shownIn(g.scores));
    const vec = (g: { atoms: Set<number> }) => support.map((a) => (g.atoms.has(a) ? 1 : 0));
    const vectors = shown.map(vec);
    // Every signed combination of at most two shown groups, by its vector.
    const halves = new Map<string, string[]>();
    const put = (v: number[], names: string[]) => {
      const key = v.join(',');
      if (!halves.has(key)) halves.set(key, names);
    };
    put(
      support.map(() => 0),
      [],
    );
    vectors.forEach((v, i) => {
      for (const s of [1, -1])
        put(
          v.map((x) => s * x),
          [`${s > 0 ? '+' : '−'}${shown[i]?.name}`],
        );
    });
    for (let i = 0; i < vectors.length; i++)
      for (let j = i + 1; j < vectors.length; j++)
        for (const s of [1, -1])
          for (const t of [1, -1])
            put(
              (vectors[i] ?? []).map((x, k) => s * x + t * (vectors[j]?.[k] ?? 0)),
              [`${s > 0 ? '+' : '−'}${shown[i]?.name}`, `${t > 0 ? '+' : '−'}${shown[j]?.name}`],
            );
    // Every set of 1–4 people made of whole atoms: at most 4 atoms of weight under 5.
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
    for (const target of targets) {
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
