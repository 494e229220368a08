import assert from 'node:assert/strict';
import type { FrameworkVersion } from '../../framework/schema.ts';
import type { AnswerCounts, DimensionScore, GroupScores } from '../types.ts';
import { emptyCounts, type Tally } from './tally.ts';

// For the scoring tests: hand-worked examples of every rule of SPEC §6 use this small
// made-up framework:
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

export const version = {
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
export function countsOf(answers: (number | 'DK' | 'NA')[]): AnswerCounts {
  const counts = emptyCounts();
  for (const a of answers) counts[typeof a === 'number' ? (String(a) as '1') : a]++;
  return counts;
}

export function tally(
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

export const five = <T>(value: T): T[] => [value, value, value, value, value];

export function dimension(group: GroupScores, key: string): DimensionScore {
  const found = group.areas.flatMap((a) => a.dimensions).find((d) => d.key === key);
  if (found === undefined) throw new Error(`no dimension ${key}`);
  return found;
}

export const area = (group: GroupScores, key: string) => {
  const found = group.areas.find((a) => a.key === key);
  if (found === undefined) throw new Error(`no area ${key}`);
  return found;
};

export const close = (actual: number | null, expected: number) => {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
};
