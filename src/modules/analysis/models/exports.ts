import type { Area, FrameworkVersion } from '../../framework/index.ts';
import type { ExportTable } from '../../../web/table-export.ts';
import type { Comparison } from '../insights.ts';
import { COUNT_KEYS, shownScore, stageOf } from '../scoring/index.ts';
import type { GroupKind, GroupScores, RoundScores } from '../types.ts';
import {
  agreedOf,
  areaIn,
  basedOn,
  dimensionIn,
  groupsOf,
  KIND_TITLES,
  sourceText,
  stageName,
  workshopPosition,
} from './format.ts';

// The figures of the analysis for download (CSV and XLSX): a withheld figure is left empty,
// with a column saying it was withheld.

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

/**
 * Each dimension's position: its questionnaire score, and the agreed position where an
 * analysis workshop agreed one (those columns are empty where none did).
 */
export function positionsExport(scores: RoundScores, version: FrameworkVersion): ExportTable {
  return {
    name: 'Positions',
    headers: [
      'area',
      'dimension',
      'questionnaire score',
      'questionnaire stage',
      'position from',
      'agreed position (workshop)',
      'agreed stage (workshop)',
      'workshop held on',
    ],
    rows: version.areas.flatMap((area) =>
      area.dimensions.map((d) => {
        const a = agreedOf(scores, d.key);
        const q = a?.questionnaireScore ?? null;
        const workshop = workshopPosition(scores, d.key);
        return [
          area.name,
          d.name,
          q === null ? null : Number(q.toFixed(2)),
          stageName(version, stageOf(version, q)),
          sourceText(a),
          workshop?.score ?? null,
          workshop === undefined ? '' : stageName(version, workshop.stage),
          workshop?.heldOn ?? '',
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
      const q = dimensionIn(scores.overall, area.key, d.key);
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

/** The change table as the page shows it: each score to one decimal place, the change between. */
/** A row of the change table as figures: an area (dimension null) or one of its dimensions. */
export interface ChangeRow {
  areaKey: string;
  area: string;
  dimensionKey: string | null;
  dimension: string | null;
  /** Scores as shown (one decimal place); null where withheld or without answers. */
  before: number | null;
  now: number | null;
  change: number | null;
}

/** The change table's rows as figures, areas each followed by their dimensions. */
export function changeRows(comparison: Comparison): ChangeRow[] {
  const shown = (v: number | null) => (v === null ? null : shownScore(v));
  return comparison.areas.flatMap((area) => [
    {
      areaKey: area.key,
      area: area.name,
      dimensionKey: null,
      dimension: null,
      before: shown(area.before),
      now: shown(area.now),
      change: area.change,
    },
    ...area.dimensions.map((d) => ({
      areaKey: area.key,
      area: area.name,
      dimensionKey: d.key,
      dimension: d.name,
      before: shown(d.before),
      now: shown(d.now),
      change: d.change,
    })),
  ]);
}

export function changeExport(comparison: Comparison, before: string, now: string): ExportTable {
  return {
    name: 'Change',
    headers: ['area', 'dimension', before, now, 'change'],
    rows: changeRows(comparison).map((r) => [r.area, r.dimension ?? '', r.before, r.now, r.change]),
  };
}
