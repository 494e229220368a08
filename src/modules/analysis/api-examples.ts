// Worked examples of the scores, dataset and release operations (api.ts, dataset-api.ts),
// which the OpenAPI document shows; a test parses each with its operation's schemas. A real
// answer has every area, dimension and item of the framework version; these show one of each.

const ROUND = '0b6f3c1a-8d2e-4f5a-9c7b-1e2d3f4a5b6c';

const counts = { '1': 6, '2': 21, '3': 48, '4': 30, '5': 9, DK: 11, NA: 2 };

const item = {
  key: 'red.shared-vision.p1',
  reverse: false,
  respondents: 127,
  mean: 3.12,
  counts,
  suppressed: false,
};

const dimension = {
  key: 'shared-vision',
  name: 'Shared vision agreed across partners',
  areaKey: 'shared-identity',
  n: 127,
  score: 3.08,
  stage: 3,
  counts,
  dontKnowRate: 0.087,
  suppressed: false,
  itemsShown: 1,
  itemsAsked: 1,
  items: [item],
};

const area = {
  key: 'shared-identity',
  name: 'Shared identity, purpose and vision',
  colour: 'red',
  n: 127,
  score: 3.08,
  stage: 3,
  counts,
  suppressed: false,
  dimensions: [dimension],
};

const withheldItem = { ...item, respondents: null, mean: null, counts: null, suppressed: true };

const withheldArea = {
  ...area,
  n: null,
  score: null,
  stage: null,
  counts: null,
  suppressed: true,
  dimensions: [
    {
      ...dimension,
      n: null,
      score: null,
      stage: null,
      counts: null,
      dontKnowRate: null,
      suppressed: true,
      itemsShown: null,
      itemsAsked: null,
      items: [withheldItem],
    },
  ],
};

export const SCORES_EXAMPLE = {
  roundId: ROUND,
  frameworkVersion: '2026.1',
  minimumGroupSize: 5,
  responses: 131,
  release: { number: 1, releasedAt: '2026-04-01T08:00:00.000Z', responses: 131 },
  pending: 0,
  overall: { n: 127, suppressed: false, areas: [area] },
  groups: [
    {
      kind: 'sector' as const,
      key: 'health',
      label: 'Health',
      sector: 'health',
      n: 64,
      suppressed: false,
      areas: [{ ...area, n: 64, score: 3.41 }],
    },
    {
      kind: 'sector' as const,
      key: 'early-years',
      label: 'Early years and childcare',
      sector: 'early-years',
      n: null,
      suppressed: true,
      areas: [withheldArea],
    },
  ],
  agreed: [
    {
      dimensionKey: 'shared-vision',
      score: 3.5,
      stage: 3,
      source: 'workshop' as const,
      questionnaireScore: 3.08,
      workshopId: '3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b',
      heldOn: '2026-06-10',
    },
  ],
  divergence: [
    {
      dimensionKey: 'shared-vision',
      between: 'sectors' as const,
      difference: 0.8,
      high: { key: 'health', label: 'Health', score: 3.41 },
      low: { key: 'schools', label: 'Schools', score: 2.61 },
      flagged: false,
    },
  ],
};

export const DATASET_EXAMPLE = {
  roundId: ROUND,
  release: 1,
  columns: [
    'group_kind',
    'group_key',
    'group',
    'area_key',
    'area',
    'dimension_key',
    'dimension',
    'measure',
    'value',
    'withheld',
  ],
  rows: [
    {
      group_kind: 'everyone' as const,
      group_key: 'everyone',
      group: 'Everyone',
      area_key: 'shared-identity',
      area: 'Shared identity, purpose and vision',
      dimension_key: 'shared-vision',
      dimension: 'Shared vision agreed across partners',
      measure: 'score',
      value: 3.08,
      withheld: false,
    },
    {
      group_kind: 'sector' as const,
      group_key: 'early-years',
      group: 'Early years and childcare',
      area_key: 'shared-identity',
      area: 'Shared identity, purpose and vision',
      dimension_key: 'shared-vision',
      dimension: 'Shared vision agreed across partners',
      measure: 'score',
      value: null,
      withheld: true,
    },
  ],
};

export const RELEASE_EXAMPLE = {
  outcome: 'released' as const,
  release: { number: 2, releasedAt: '2026-04-20T09:30:00.000Z', responses: 142 },
  included: 11,
  pending: 0,
  reasons: [],
};
