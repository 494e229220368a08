import type { ExportTable } from '../../../web/table-export.ts';
import { COUNT_KEYS } from '../scoring/index.ts';
import type { AnswerCounts, GroupKind, GroupScores, RoundScores } from '../types.ts';
import { slug, type Download, type ModelInput, type ModelServices } from './common.ts';

// A round's figures in long ("tidy") form for Power BI, Excel pivot tables and R: one row
// per group × area or dimension × measure, with the value in one column. A withheld figure
// has an empty value and "yes" under withheld, so a filter never mistakes it for zero.

export const TIDY_COLUMNS = [
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
] as const;

export interface TidyRow {
  group_kind: GroupKind | 'everyone' | 'workshop';
  group_key: string;
  group: string;
  area_key: string;
  area: string;
  /** Empty on an area's own rows. */
  dimension_key: string;
  dimension: string;
  measure: string;
  value: number | null;
  withheld: boolean;
}

/** The measures of an area or a dimension, in the order the rows give them. */
const COUNT_MEASURES = COUNT_KEYS.map((k) => `answers_${k.toLowerCase()}`);

interface Figures {
  score: number | null;
  stage: number | null;
  n: number | null;
  counts: AnswerCounts | null;
  suppressed: boolean;
  itemsShown?: number | null;
  dontKnowRate?: number | null;
}

const two = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

function measures(f: Figures, dimension: boolean): [string, number | null][] {
  const list: [string, number | null][] = [
    ['score', two(f.score)],
    ['stage', f.stage],
    ['n', f.n],
  ];
  if (dimension)
    list.push(
      ['items_shown', f.itemsShown ?? null],
      ['dont_know_rate', two(f.dontKnowRate ?? null)],
    );
  COUNT_KEYS.forEach((k, i) =>
    list.push([COUNT_MEASURES[i] ?? k, f.counts === null ? null : f.counts[k]]),
  );
  return list;
}

type Who = Pick<TidyRow, 'group_kind' | 'group_key' | 'group'>;

function groupRows(who: Who, group: GroupScores): TidyRow[] {
  const rows: TidyRow[] = [];
  const push = (
    where: Pick<TidyRow, 'area_key' | 'area' | 'dimension_key' | 'dimension'>,
    f: Figures,
    dimension: boolean,
  ) => {
    for (const [measure, value] of measures(f, dimension))
      rows.push({
        ...who,
        ...where,
        measure,
        value: f.suppressed ? null : value,
        withheld: f.suppressed,
      });
  };
  for (const area of group.areas) {
    const at = { area_key: area.key, area: area.name };
    push({ ...at, dimension_key: '', dimension: '' }, area, false);
    for (const d of area.dimensions)
      push({ ...at, dimension_key: d.key, dimension: d.name }, d, true);
  }
  return rows;
}

/** Every figure of the round, for everyone, each group, and the workshop's agreed positions. */
export function tidyRows(scores: RoundScores): TidyRow[] {
  const rows = groupRows(
    { group_kind: 'everyone', group_key: 'everyone', group: 'Everyone' },
    scores.overall,
  );
  for (const g of scores.groups)
    rows.push(...groupRows({ group_kind: g.kind, group_key: g.key, group: g.label }, g));
  const where = new Map(
    scores.overall.areas.flatMap((a) =>
      a.dimensions.map((d) => [
        d.key,
        { area_key: a.key, area: a.name, dimension_key: d.key, dimension: d.name },
      ]),
    ),
  );
  for (const agreed of scores.agreed) {
    const at = where.get(agreed.dimensionKey);
    if (agreed.source !== 'workshop' || at === undefined) continue;
    const who: Who = {
      group_kind: 'workshop',
      group_key: 'agreed-position',
      group: 'Agreed position (workshop)',
    };
    rows.push(
      { ...who, ...at, measure: 'score', value: two(agreed.score), withheld: false },
      { ...who, ...at, measure: 'stage', value: agreed.stage, withheld: false },
    );
  }
  return rows;
}

export function tidyTable(rows: TidyRow[]): ExportTable {
  return {
    name: 'Dataset',
    headers: [...TIDY_COLUMNS],
    rows: rows.map((r) =>
      TIDY_COLUMNS.map((c) => (c === 'withheld' ? (r.withheld ? 'yes' : 'no') : r[c])),
    ),
  };
}

/** The dataset of a round for download, from its latest release. */
export async function tidyDownload(s: ModelServices, input: ModelInput): Promise<Download> {
  const scores = await s.analysis.roundScores(input.tx, input.scope);
  const table = tidyTable(tidyRows(scores));
  return { name: `${slug(input.scope.round.title)}-dataset`, csv: [table], workbook: [table] };
}
