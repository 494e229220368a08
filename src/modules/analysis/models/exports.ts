import type { Area, FrameworkVersion } from '../../framework/index.ts';
import type { ExportTable } from '../../../web/table-export.ts';
import type { Comparison } from '../insights.ts';
import { COUNT_KEYS } from '../scoring/index.ts';
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
