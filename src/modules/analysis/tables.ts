import { stageBands } from '../framework/repository.ts';
import { areasInRainbowOrder, colourName } from '../../kernel/framework.ts';
import type { Area, FrameworkVersion } from '../framework/schema.ts';
import type { ExportTable } from '../../web/table-export.ts';
import { createCharts } from '../charts/index.ts';
import type { Comparison } from './insights.ts';
import type { AnswerCounts, DimensionScore, GroupKind, GroupScores, RoundScores } from './types.ts';
import {
  agreedOf,
  areaIn,
  dimensionIn,
  divergenceOf,
  basedOn,
  formatScore,
  WITHHELD,
  WITHHELD_SHORT,
  groupsOf,
  percent,
  scoreText,
  signed,
  sourceText,
  stageName,
  type PreviousScores,
} from './view.ts';

// For now one instance here; the analysis service will receive it from the service root.
const charts = createCharts();

// The tables of the analysis pages (GOV.UK table rows) and the same figures for download.
// A withheld figure is written as such on the page and left empty in a download, with a
// column saying it was withheld.

type Cell = { text: string; format?: string; classes?: string; html?: string };
const num = (text: string, classes?: string): Cell =>
  classes === undefined ? { text, format: 'numeric' } : { text, format: 'numeric', classes };

const COUNT_KEYS: (keyof AnswerCounts)[] = ['1', '2', '3', '4', '5', 'DK', 'NA'];

function overallDimension(scores: RoundScores, area: Area, key: string) {
  return dimensionIn(scores.overall, area.key, key);
}

/** The dimension table of an area page. */
export function dimensionTable(scores: RoundScores, version: FrameworkVersion, area: Area) {
  const rows: Cell[][] = area.dimensions.map((d) => {
    const q = overallDimension(scores, area, d.key);
    const agreed = agreedOf(scores, d.key);
    const div = [
      divergenceOf(scores, d.key, 'audiences'),
      divergenceOf(scores, d.key, 'sectors'),
    ].filter((x) => x?.flagged === true);
    return [
      { text: d.name },
      num(formatScore(agreed?.score) || '–'),
      { text: agreed === undefined ? '' : stageName(version, agreed.stage) },
      { text: sourceText(agreed) },
      num(q === undefined ? '' : scoreText(q.score, q.suppressed)),
      { text: basedOn(q) || '–' },
      num(q?.n === null || q?.n === undefined ? '–' : String(q.n)),
      num(percent(q?.dontKnowRate ?? null) || '–'),
      {
        text: div.length === 0 ? 'No' : `Yes, between ${div.map((x) => x?.between).join(' and ')}`,
      },
    ];
  });
  return {
    head: [
      { text: 'Dimension' },
      { text: 'Agreed position', format: 'numeric' },
      { text: 'Stage' },
      { text: 'Agreed by' },
      { text: 'Questionnaire score', format: 'numeric' },
      { text: 'Based on' },
      { text: 'People (n)', format: 'numeric' },
      { text: "Don't know", format: 'numeric' },
      { text: 'Views differ by 1.0 or more' },
    ],
    rows,
  };
}

const KIND_TITLES: Record<'sector' | 'audience' | 'locality', string> = {
  sector: 'Sector',
  audience: 'Who answered',
  locality: 'Locality',
};

/** Groups of one kind × the area's dimensions, each cell tinted by its stage. */
export function heatmap(
  scores: RoundScores,
  version: FrameworkVersion,
  area: Area,
  kind: 'sector' | 'audience' | 'locality',
) {
  const groups = groupsOf(scores, kind);
  const cell = (d: DimensionScore | undefined): Cell => {
    if (d === undefined || d.suppressed) return num(WITHHELD_SHORT, 'ocw-heat--withheld');
    if (d.score === null) return num('–');
    return num(formatScore(d.score), `ocw-heat ocw-heat--stage-${d.stage ?? 0}`);
  };
  return {
    kind,
    groups: groups.length,
    head: [
      { text: KIND_TITLES[kind] },
      { text: 'People (n)', format: 'numeric' },
      ...area.dimensions.map((d) => ({ text: d.name, format: 'numeric' })),
    ],
    rows: groups.map((g) => {
      const a = areaIn(g, area.key);
      return [
        { text: g.label },
        num(a?.n === null || a?.n === undefined ? WITHHELD_SHORT : String(a.n)),
        ...area.dimensions.map((d) => cell(a?.dimensions.find((x) => x.key === d.key))),
      ];
    }),
    bands: stageBands(version).map((b) => ({ number: b.number, name: b.name, band: b.band })),
  };
}

/** Groups whose figures for the area are withheld, by kind. */
export function withheldGroups(scores: RoundScores, area: Area): string[] {
  return scores.groups
    .filter((g) => g.kind === 'sector' || g.kind === 'audience' || g.kind === 'locality')
    .filter((g) => areaIn(g, area.key)?.suppressed ?? true)
    .map((g) => g.label);
}

/** One table per dimension: each question's mean and the count of every answer. */
export function itemTables(scores: RoundScores, version: FrameworkVersion, area: Area) {
  const audienceName = (key: string) => version.audiences.find((a) => a.key === key)?.name ?? key;
  return area.dimensions.map((d) => {
    const q = overallDimension(scores, area, d.key);
    return {
      key: d.key,
      name: d.name,
      score: q === undefined ? '' : scoreText(q.score, q.suppressed),
      head: [
        { text: 'Question' },
        { text: 'Asked of' },
        { text: 'Mean', format: 'numeric' },
        ...COUNT_KEYS.map((k) => ({
          text: k === 'DK' ? "Don't know" : k === 'NA' ? 'N/A' : k,
          format: 'numeric',
        })),
        { text: 'People', format: 'numeric' },
      ],
      rows: d.items.map((item) => {
        const s = q?.items.find((i) => i.key === item.key);
        const counts = s?.counts ?? null;
        return [
          { text: item.reverse ? `${item.text} (reverse scored)` : item.text },
          { text: item.audiences.map(audienceName).join(', ') },
          num(s === undefined ? '–' : s.suppressed ? WITHHELD : formatScore(s.mean) || '–'),
          ...COUNT_KEYS.map((k) => num(counts === null ? '–' : String(counts[k]))),
          num(
            s?.respondents === null || s?.respondents === undefined ? '–' : String(s.respondents),
          ),
        ];
      }),
    };
  });
}

/** An area's spider diagram of this round against an earlier one. */
export function compareChart(
  area: Area,
  scores: RoundScores,
  previous: PreviousScores,
  title: string,
) {
  const now = area.dimensions.map((d) => {
    const q = overallDimension(scores, area, d.key);
    return q === undefined || q.suppressed ? null : q.score;
  });
  const before = area.dimensions.map((d) => previous.scores.get(d.key) ?? null);
  const svg = charts.spider({
    id: `compare-${area.key}`,
    title: `${colourName(area.colour)}: ${area.name}, ${previous.title} and ${title}`,
    axes: area.dimensions.map((d) => ({ key: d.key, label: d.name })),
    series: [
      { name: `${title} (questionnaires)`, kind: 'frontline', values: now },
      { name: `${previous.title} (questionnaires)`, kind: 'previous', values: before },
    ],
  });
  return {
    svg,
    head: [
      { text: 'Dimension' },
      { text: previous.title, format: 'numeric' },
      { text: title, format: 'numeric' },
      { text: 'Change', format: 'numeric' },
    ],
    rows: area.dimensions.map((d, i) => {
      const b = before[i] ?? null;
      const n = now[i] ?? null;
      return [
        { text: d.name },
        num(formatScore(b) || '–'),
        num(formatScore(n) || '–'),
        num(b === null || n === null ? '–' : signed(n - b)),
      ];
    }),
  };
}

/**
 * The questionnaire score of each area over the trust's rounds, oldest first. An area of
 * an earlier framework version is matched by its key, else by its colour.
 */
export function areaTrend(
  version: FrameworkVersion,
  rounds: { title: string; version: FrameworkVersion; scores: RoundScores }[],
) {
  const areas = areasInRainbowOrder(version);
  const valueOf = (round: (typeof rounds)[number], area: Area): number | null => {
    const match =
      round.version.areas.find((a) => a.key === area.key) ??
      round.version.areas.find((a) => a.colour === area.colour);
    const score = match === undefined ? undefined : areaIn(round.scores.overall, match.key);
    return score === undefined || score.suppressed ? null : score.score;
  };
  const svg = charts.trend({
    id: 'trend-areas',
    title: `Questionnaire scores of the seven areas, ${rounds[0]?.title ?? ''} to ${rounds.at(-1)?.title ?? ''}`,
    rounds: rounds.map((r) => r.title),
    series: areas.map((area) => ({
      name: `${colourName(area.colour)}: ${area.name}`,
      area: area.colour,
      values: rounds.map((r) => valueOf(r, area)),
    })),
  });
  return {
    svg,
    head: [{ text: 'Area' }, ...rounds.map((r) => ({ text: r.title, format: 'numeric' }))],
    rows: areas.map((area) => [
      { text: `${colourName(area.colour)}: ${area.name}` },
      ...rounds.map((r) => num(formatScore(valueOf(r, area)) || '–')),
    ]),
  };
}

/** Every area and dimension with its change, for the comparison page. */
export function changeTable(comparison: Comparison) {
  const rows: Cell[][] = [];
  for (const area of comparison.areas) {
    rows.push([
      { text: area.name, classes: 'govuk-!-font-weight-bold' },
      num(formatScore(area.before) || '–'),
      num(formatScore(area.now) || '–'),
      num(signed(area.change) || '–'),
    ]);
    for (const d of area.dimensions)
      rows.push([
        { text: d.name, classes: 'ocw-indent' },
        num(formatScore(d.before) || '–'),
        num(formatScore(d.now) || '–'),
        num(signed(d.change) || '–'),
      ]);
  }
  return rows;
}

// ---- Downloads ----

const exportScore = (value: number | null, suppressed: boolean) =>
  suppressed || value === null ? null : Number(value.toFixed(2));

function groupRows(
  version: FrameworkVersion,
  group: GroupScores,
  kind: GroupKind | 'all',
  label: string,
): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (const area of group.areas) {
    rows.push([
      kind === 'all' ? 'Everyone' : kind,
      label,
      area.name,
      '',
      exportScore(area.score, area.suppressed),
      area.suppressed ? '' : stageName(version, area.stage),
      area.suppressed ? null : area.n,
      '',
      ...COUNT_KEYS.map((k) => (area.counts === null ? null : area.counts[k])),
      area.suppressed ? 'yes' : 'no',
    ]);
    for (const d of area.dimensions)
      rows.push([
        kind === 'all' ? 'Everyone' : kind,
        label,
        area.name,
        d.name,
        exportScore(d.score, d.suppressed),
        d.suppressed ? '' : stageName(version, d.stage),
        d.suppressed ? null : d.n,
        basedOn(d),
        ...COUNT_KEYS.map((k) => (d.counts === null ? null : d.counts[k])),
        d.suppressed ? 'yes' : 'no',
      ]);
  }
  return rows;
}

/** Every area and dimension, for everyone and for every group. */
export function allScoresExport(scores: RoundScores, version: FrameworkVersion): ExportTable {
  const rows = groupRows(version, scores.overall, 'all', 'Everyone');
  for (const g of scores.groups) rows.push(...groupRows(version, g, g.kind, g.label));
  return {
    name: 'Scores',
    headers: [
      'group kind',
      'group',
      'area',
      'dimension',
      'score',
      'stage',
      'n',
      'based on',
      'answers 1',
      'answers 2',
      'answers 3',
      'answers 4',
      'answers 5',
      "answers don't know",
      'answers n/a',
      'withheld to protect anonymity',
    ],
    rows,
  };
}

export function agreedExport(scores: RoundScores, version: FrameworkVersion): ExportTable {
  return {
    name: 'Agreed position',
    headers: [
      'area',
      'dimension',
      'agreed score',
      'agreed stage',
      'agreed by',
      'questionnaire score',
    ],
    rows: version.areas.flatMap((area) =>
      area.dimensions.map((d) => {
        const a = agreedOf(scores, d.key);
        return [
          area.name,
          d.name,
          a?.score ?? null,
          a === undefined ? '' : stageName(version, a.stage),
          sourceText(a),
          a?.questionnaireScore === null || a?.questionnaireScore === undefined
            ? null
            : Number(a.questionnaireScore.toFixed(2)),
        ];
      }),
    ),
  };
}

export function heatmapExport(
  scores: RoundScores,
  area: Area,
  kind: 'sector' | 'audience' | 'locality',
): ExportTable {
  return {
    name: `By ${kind}`,
    headers: [
      KIND_TITLES[kind].toLowerCase(),
      'n',
      ...area.dimensions.map((d) => d.name),
      'withheld to protect anonymity',
    ],
    rows: groupsOf(scores, kind).map((g) => {
      const a = areaIn(g, area.key);
      return [
        g.label,
        a?.suppressed === false ? a.n : null,
        ...area.dimensions.map((d) => {
          const s = a?.dimensions.find((x) => x.key === d.key);
          return s === undefined ? null : exportScore(s.score, s.suppressed);
        }),
        a?.suppressed === false ? 'no' : 'yes',
      ];
    }),
  };
}

export function itemsExport(scores: RoundScores, area: Area): ExportTable {
  return {
    name: area.name.slice(0, 31),
    headers: [
      'dimension',
      'item',
      'question',
      'reverse scored',
      'mean',
      ...COUNT_KEYS.map((k) => `answers ${k === 'DK' ? "don't know" : k === 'NA' ? 'n/a' : k}`),
      'people',
      'withheld to protect anonymity',
    ],
    rows: area.dimensions.flatMap((d) => {
      const q = overallDimension(scores, area, d.key);
      return d.items.map((item) => {
        const s = q?.items.find((i) => i.key === item.key);
        const withheld = s === undefined || s.suppressed;
        return [
          d.name,
          item.key,
          item.text,
          item.reverse ? 'yes' : 'no',
          withheld ? null : s.mean === null ? null : Number(s.mean.toFixed(2)),
          ...COUNT_KEYS.map((k) => (withheld || s.counts === null ? null : s.counts[k])),
          withheld ? null : s.respondents,
          withheld ? 'yes' : 'no',
        ];
      });
    }),
  };
}

export function changeExport(comparison: Comparison, before: string, now: string): ExportTable {
  return {
    name: 'Change',
    headers: ['area', 'dimension', before, now, 'change'],
    rows: comparison.areas
      .flatMap((area) => [
        [area.name, '', area.before, area.now, area.change],
        ...area.dimensions.map((d) => [area.name, d.name, d.before, d.now, d.change]),
      ])
      .map((row) => row.map((v) => (typeof v === 'number' ? Number(v.toFixed(2)) : v))),
  };
}
