import { stageBands, type Area, type FrameworkVersion } from '../../framework/index.ts';
import type { Comparison } from '../insights.ts';
import { COUNT_KEYS } from '../scoring/index.ts';
import type { DimensionScore, RoundScores } from '../types.ts';
import {
  AGREED_POSITION,
  anyWorkshop,
  areaIn,
  basedOn,
  dimensionIn,
  divergenceOf,
  formatScore,
  groupsOf,
  KIND_TITLES,
  num,
  percent,
  scoreText,
  QUESTIONNAIRE_SCORE,
  signed,
  stageName,
  WITHHELD,
  WITHHELD_SHORT,
  workshopPosition,
  type Cell,
} from './format.ts';

// The tables of the analysis pages (GOV.UK table rows). A withheld figure is written as
// such; the same figures for download are in exports.ts.

/** The workshop's columns of a dimension: its agreed position and stage, or "Not rated". */
function agreedCells(scores: RoundScores, version: FrameworkVersion, key: string): Cell[] {
  const w = workshopPosition(scores, key);
  if (w === undefined) return [num('Not rated'), { text: '–' }];
  return [num(formatScore(w.score) || '–'), { text: stageName(version, w.stage) || '–' }];
}

/**
 * The dimension table of an area page: the questionnaire score of each dimension, and where
 * an analysis workshop agreed a position on any of the area's dimensions, that too.
 */
export function dimensionTable(scores: RoundScores, version: FrameworkVersion, area: Area) {
  const workshop = anyWorkshop(
    scores,
    area.dimensions.map((d) => d.key),
  );
  const rows: Cell[][] = area.dimensions.map((d) => {
    const q = dimensionIn(scores.overall, area.key, d.key);
    const shown = q !== undefined && !q.suppressed;
    const div = [
      divergenceOf(scores, d.key, 'audiences'),
      divergenceOf(scores, d.key, 'sectors'),
    ].filter((x) => x?.flagged === true);
    return [
      { text: d.name },
      num(q === undefined ? '' : scoreText(q.score, q.suppressed)),
      { text: (shown && stageName(version, q.stage)) || '–' },
      ...(workshop ? agreedCells(scores, version, d.key) : []),
      { text: basedOn(q) || '–' },
      num(q?.n === null || q?.n === undefined ? '–' : String(q.n)),
      num(percent(q?.dontKnowRate ?? null) || '–'),
      {
        text: div.length === 0 ? 'No' : `Yes, between ${div.map((x) => x?.between).join(' and ')}`,
      },
    ];
  });
  return {
    workshop,
    head: [
      { text: 'Dimension' },
      { text: QUESTIONNAIRE_SCORE, format: 'numeric' },
      { text: 'Stage' },
      ...(workshop
        ? [{ text: `${AGREED_POSITION} (workshop)`, format: 'numeric' }, { text: 'Agreed stage' }]
        : []),
      { text: 'Based on' },
      { text: 'People (n)', format: 'numeric' },
      { text: "Don't know", format: 'numeric' },
      { text: 'Views differ by 1.0 or more' },
    ],
    rows,
  };
}

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
    const q = dimensionIn(scores.overall, area.key, d.key);
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
