import fc from 'fast-check';
import type { FrameworkVersion } from '../../framework/schema.ts';
import type { RoundScores } from '../types.ts';
import { assembleScores } from './assemble.ts';
import type { AuditOptions } from './disclosure.ts';
import { emptyCounts, emptyTally, type CellTally } from './tally.ts';

// For disclosure-property.test.ts: random populations (sectors, audiences, localities, 1–40
// people per cell, Don't know and N/A among the answers) on a small framework, and their
// scores through the real scoring.

export const MIN = 5;
const LM = 'leaders-managers';
const FL = 'frontline';
export const CYP = 'children-young-people';
export const PC = 'parents-carers';
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
export const version = {
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

export const ITEMS = version.areas.flatMap((a) =>
  a.dimensions.flatMap((d) => d.items.map((i) => ({ ...i, dimension: d.key, area: a.key }))),
);

/** One respondent: where they are, and their answer to each item asked (0: skipped). */
export interface Person {
  atom: number;
  answers: Map<string, number>;
}

export interface Population {
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

export const populationArb: fc.Arbitrary<Population> = fc
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

export function score(p: Population, audit?: AuditOptions): RoundScores {
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
