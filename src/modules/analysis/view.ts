import { colourName } from '../../kernel/framework.ts';
import type { Area, FrameworkVersion } from '../framework/schema.ts';
import { shownScore } from './scoring/round.ts';
import { createCharts, type SeriesKind, type SpiderSeries } from '../charts/index.ts';
import type {
  AgreedPosition,
  AreaScore,
  DimensionScore,
  Divergence,
  GroupOf,
  GroupScores,
  RoundScores,
} from './types.ts';

// For now one instance here; the analysis service will receive it from the service root.
const charts = createCharts();

// From a round's scores to what the analysis pages show: one place that decides how a
// figure is written, what a withheld figure says, and which series a spider diagram has.

/** What stands in for a withheld figure (primary or secondary suppression alike). */
export const WITHHELD = 'Withheld to protect anonymity';
/** The same in a crowded table cell; the page explains it beside the table. */
export const WITHHELD_SHORT = 'Withheld';
export const NO_DATA = 'No answers';

/** A score as the pages write it: one decimal place, halves away from zero (SPEC §6). */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '' : shownScore(score).toFixed(1);
}

/** A score, or what stands in its place. */
export function scoreText(score: number | null, suppressed: boolean): string {
  if (suppressed) return WITHHELD;
  return score === null ? NO_DATA : formatScore(score);
}

/** "based on 3 of 5 questions" for a shown dimension score; '' otherwise. */
export function basedOn(d: Pick<DimensionScore, 'itemsShown' | 'itemsAsked'> | undefined): string {
  if (d?.itemsShown === null || d?.itemsShown === undefined || d.itemsAsked === null) return '';
  return `${d.itemsShown} of ${d.itemsAsked} ${d.itemsAsked === 1 ? 'question' : 'questions'}`;
}

export function percent(rate: number | null): string {
  return rate === null ? '' : `${Math.round(rate * 100)}%`;
}

export function signed(change: number | null): string {
  if (change === null) return '';
  const rounded = Math.round(change * 10) / 10;
  if (rounded === 0) return '0.0';
  return rounded > 0 ? `+${rounded.toFixed(1)}` : `−${Math.abs(rounded).toFixed(1)}`;
}

export function stageName(version: FrameworkVersion, stage: number | null): string {
  if (stage === null) return '';
  return version.stages.find((s) => s.number === stage)?.name ?? '';
}

export function groupOf(scores: RoundScores, kind: GroupOf['kind'], key: string) {
  return scores.groups.find((g) => g.kind === kind && g.key === key);
}

export function groupsOf(scores: RoundScores, kind: GroupOf['kind']): GroupOf[] {
  return scores.groups.filter((g) => g.kind === kind);
}

export function areaIn(group: GroupScores | undefined, areaKey: string): AreaScore | undefined {
  return group?.areas.find((a) => a.key === areaKey);
}

export function dimensionIn(
  group: GroupScores | undefined,
  areaKey: string,
  dimensionKey: string,
): DimensionScore | undefined {
  return areaIn(group, areaKey)?.dimensions.find((d) => d.key === dimensionKey);
}

export function agreedOf(scores: RoundScores, dimensionKey: string): AgreedPosition | undefined {
  return scores.agreed.find((a) => a.dimensionKey === dimensionKey);
}

export function divergenceOf(
  scores: RoundScores,
  dimensionKey: string,
  between: Divergence['between'],
): Divergence | undefined {
  return scores.divergence.find((d) => d.dimensionKey === dimensionKey && d.between === between);
}

/** The agreed position of an area: the mean of its dimensions' agreed scores. */
export function areaAgreed(scores: RoundScores, area: Area): number | null {
  const values = area.dimensions
    .map((d) => agreedOf(scores, d.key)?.score ?? null)
    .filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function sourceText(position: AgreedPosition | undefined): string {
  switch (position?.source) {
    case 'workshop':
      return 'Analysis workshop';
    case 'questionnaire':
      return 'Questionnaires';
    default:
      return 'Not yet known';
  }
}

/** Earlier round's overall dimension scores by this round's dimension keys. */
export type PreviousScores = { title: string; scores: Map<string, number | null> };

interface SeriesSource {
  name: string;
  kind: SeriesKind;
  value: (dimensionKey: string) => number | null;
}

/** The series of an area's spider diagram: agreed position, the audiences, the earlier round. */
export function spiderSources(
  scores: RoundScores,
  previous: PreviousScores | undefined,
): SeriesSource[] {
  const audience = (key: string) =>
    groupOf(scores, key === 'children-families' ? 'audience-group' : 'audience', key);
  const fromGroup =
    (group: GroupScores | undefined) =>
    (dimensionKey: string): number | null => {
      for (const area of group?.areas ?? []) {
        const d = area.dimensions.find((x) => x.key === dimensionKey);
        if (d !== undefined) return d.suppressed ? null : d.score;
      }
      return null;
    };
  const sources: SeriesSource[] = [
    {
      name: 'Agreed position',
      kind: 'agreed',
      value: (key) => agreedOf(scores, key)?.score ?? null,
    },
    {
      name: 'Leaders and managers',
      kind: 'leaders',
      value: fromGroup(audience('leaders-managers')),
    },
    { name: 'Frontline practitioners', kind: 'frontline', value: fromGroup(audience('frontline')) },
    {
      name: 'Children, young people and families',
      kind: 'children-families',
      value: fromGroup(audience('children-families')),
    },
  ];
  if (previous !== undefined)
    sources.push({
      name: `${previous.title} (questionnaires)`,
      kind: 'previous',
      value: (key) => previous.scores.get(key) ?? null,
    });
  return sources;
}

export interface AreaChart {
  svg: string;
  /** The chart's data as a table: a row per dimension, a column per series. */
  head: { text: string; format?: string }[];
  rows: { text: string; format?: string }[][];
}

/** An area's spider diagram with its data table. */
export function areaChart(
  id: string,
  area: Area,
  scores: RoundScores,
  previous: PreviousScores | undefined,
): AreaChart {
  const sources = spiderSources(scores, previous).filter((s) =>
    area.dimensions.some((d) => s.value(d.key) !== null),
  );
  const series: SpiderSeries[] = sources.map((s) => ({
    name: s.name,
    kind: s.kind,
    values: area.dimensions.map((d) => s.value(d.key)),
  }));
  const svg = charts.spider({
    id,
    title: `${colourName(area.colour)}: ${area.name}`,
    axes: area.dimensions.map((d) => ({ key: d.key, label: d.name })),
    series,
  });
  return {
    svg,
    head: [{ text: 'Dimension' }, ...sources.map((s) => ({ text: s.name, format: 'numeric' }))],
    rows: area.dimensions.map((d) => [
      { text: d.name },
      ...sources.map((s) => ({ text: formatScore(s.value(d.key)) || '–', format: 'numeric' })),
    ]),
  };
}

/** A previous round's overall questionnaire scores keyed by this version's dimension keys. */
export function previousScores(
  title: string,
  rows: { key: string; before: number | null }[],
): PreviousScores {
  return { title, scores: new Map(rows.map((r) => [r.key, r.before])) };
}
