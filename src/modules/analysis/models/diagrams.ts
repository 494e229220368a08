import { areasInRainbowOrder, colourName } from '../../../kernel/framework.ts';
import type { Charts, SeriesKind, SpiderSeries, StageLabel } from '../../charts/index.ts';
import type { Area, FrameworkVersion } from '../../framework/index.ts';
import type { RoundScope } from '../../rounds/index.ts';
import type { GroupScores, RoundScores } from '../types.ts';
import { compareScores, shownChange, type Comparison } from '../insights.ts';
import type { ScoredRound } from '../service.ts';
import {
  AGREED_POSITION,
  areaIn,
  dimensionIn,
  formatScore,
  groupOf,
  num,
  QUESTIONNAIRE_SCORE,
  signed,
  workshopPosition,
  type Cell,
} from './format.ts';

// The diagrams of the analysis (spider diagrams of an area, the trend of the seven areas),
// each with its data table, drawn by the Charts instance given.

/** Earlier round's overall dimension scores by this round's dimension keys. */
export type PreviousScores = { title: string; scores: Map<string, number | null> };

interface SeriesSource {
  name: string;
  kind: SeriesKind;
  value: (dimensionKey: string) => number | null;
  /** What a dimension with no value means, when it is not "withheld or no data". */
  gap?: SpiderSeries['gap'];
  /** The table's cell for a dimension with no value (default "–"). */
  blank?: string;
}

/** What the workshop's series says where the workshop did not rate a dimension. */
const NOT_RATED = {
  desc: 'not rated at an analysis workshop',
  note: 'Agreed position: only for dimensions an analysis workshop rated.',
};

/**
 * The series of an area's spider diagram: everyone's questionnaire score, the position an
 * analysis workshop agreed (where it agreed one), the audiences, the earlier round.
 */
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
      name: `${QUESTIONNAIRE_SCORE} (everyone)`,
      kind: 'everyone',
      value: fromGroup(scores.overall),
    },
    {
      name: `${AGREED_POSITION} (workshop)`,
      kind: 'agreed',
      value: (key) => workshopPosition(scores, key)?.score ?? null,
      gap: NOT_RATED,
      blank: 'Not rated',
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

/** A chart with its data as a table (a row per dimension or area, a column per series). */
export interface Diagram {
  svg: string;
  /** The same chart laid out for a phone, where there is one (the page shows the one that fits). */
  narrowSvg?: string;
  head: Cell[];
  rows: Cell[][];
}

/** The stages of the version, for the scale under a spider diagram. */
export function stageLabels(version: FrameworkVersion): StageLabel[] {
  return version.stages.map((s) => ({ name: s.name, minScore: s.minScore }));
}

/** A spider diagram in both its layouts: wide for a page or print, narrow for a phone. */
function spiderPair(charts: Charts, input: Parameters<Charts['spider']>[0]) {
  return { svg: charts.spider(input), narrowSvg: charts.spider({ ...input, layout: 'narrow' }) };
}

/** An area's spider diagram with its data table. */
export function areaChart(
  charts: Charts,
  id: string,
  area: Area,
  scores: RoundScores,
  previous: PreviousScores | undefined,
  version: FrameworkVersion,
): Diagram {
  const sources = spiderSources(scores, previous).filter((s) =>
    area.dimensions.some((d) => s.value(d.key) !== null),
  );
  const series: SpiderSeries[] = sources.map((s) => ({
    name: s.name,
    kind: s.kind,
    values: area.dimensions.map((d) => s.value(d.key)),
    ...(s.gap === undefined ? {} : { gap: s.gap }),
  }));
  const svgs = spiderPair(charts, {
    id,
    title: `${colourName(area.colour)}: ${area.name}`,
    axes: area.dimensions.map((d) => ({ key: d.key, label: d.name })),
    series,
    stages: stageLabels(version),
  });
  return {
    ...svgs,
    head: [{ text: 'Dimension' }, ...sources.map((s) => ({ text: s.name, format: 'numeric' }))],
    rows: area.dimensions.map((d) => [
      { text: d.name },
      ...sources.map((s) => num(formatScore(s.value(d.key)) || (s.blank ?? '–'))),
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

/** An area's spider diagram of this round against an earlier one. */
export function compareChart(
  charts: Charts,
  area: Area,
  scores: RoundScores,
  previous: PreviousScores,
  title: string,
  version: FrameworkVersion,
): Diagram {
  const now = area.dimensions.map((d) => {
    const q = dimensionIn(scores.overall, area.key, d.key);
    return q === undefined || q.suppressed ? null : q.score;
  });
  const before = area.dimensions.map((d) => previous.scores.get(d.key) ?? null);
  const changes = area.dimensions.map((d, i) => {
    const change = shownChange(now[i] ?? null, before[i] ?? null);
    return `${d.name} ${change === null ? 'not known' : signed(change)}`;
  });
  const svgs = spiderPair(charts, {
    id: `compare-${area.key}`,
    title: `${colourName(area.colour)}: ${area.name}, ${previous.title} and ${title}`,
    axes: area.dimensions.map((d) => ({ key: d.key, label: d.name })),
    series: [
      { name: `${title} (questionnaires)`, kind: 'everyone', values: now },
      { name: `${previous.title} (questionnaires)`, kind: 'previous', values: before },
    ],
    stages: stageLabels(version),
    summary: `Change from ${previous.title} to ${title}, from the scores as shown: ${changes.join('; ')}.`,
  });
  return {
    ...svgs,
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
        num(signed(shownChange(n, b)) || '–'),
      ];
    }),
  };
}

/**
 * The questionnaire score of each area over the trust's rounds, oldest first. An area of
 * an earlier framework version is matched by its key, else by its colour.
 */
export function areaTrend(
  charts: Charts,
  version: FrameworkVersion,
  rounds: { title: string; version: FrameworkVersion; scores: RoundScores }[],
): Diagram {
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

/** The earlier round's overall scores keyed by this round's dimensions (through the mapping). */
export function previousFrom(title: string, comparison: Comparison): PreviousScores {
  return previousScores(
    title,
    comparison.areas.flatMap((a) => a.dimensions.map((d) => ({ key: d.key, before: d.before }))),
  );
}

/** An earlier round's scores as the previous series of this round's spider diagrams. */
export function previousOf(
  scope: RoundScope,
  scores: RoundScores,
  earlier: ScoredRound,
): PreviousScores {
  return previousFrom(
    earlier.scope.round.title,
    compareScores(scores, scope.version, earlier.scores, earlier.scope.version),
  );
}
