import { areasInRainbowOrder, colourName } from '../../../kernel/framework.ts';
import type { Area, FrameworkVersion } from '../../framework/index.ts';
import { focusAreas, strengthsAndGaps, type DimensionRef, type FocusArea } from '../insights.ts';
import { stageOf } from '../scoring/index.ts';
import type { ScoredRound } from '../service.ts';
import type { RoundScores } from '../types.ts';
import {
  releaseState,
  slug,
  type Download,
  type ModelInput,
  type ModelServices,
  type ReleaseState,
} from './common.ts';
import { areaChart, areaTrend, previousOf, type Diagram, type PreviousScores } from './diagrams.ts';
import { allScoresExport, positionsExport } from './exports.ts';
import {
  anyWorkshop,
  areaIn,
  areaPosition,
  formatScore,
  groupsOf,
  scoreText,
  stageName,
} from './format.ts';

// Where the partnership stands: all seven areas of a round, with their spider diagrams,
// strengths, gaps and focus areas, and the trend over earlier rounds.

/** Earlier rounds in the trend unless told; the most recent is the previous round. */
const TREND_ROUNDS = 5;

export interface OverviewArea {
  key: string;
  name: string;
  colour: Area['colour'];
  colourName: string;
  /** Whether an analysis workshop agreed the position of any of the area's dimensions. */
  workshop: boolean;
  /**
   * The agreed position as written (the mean of its dimensions' positions: the workshop's
   * where it agreed one, else the questionnaire score); '' where no workshop agreed any.
   */
  agreed: string;
  agreedStage: string;
  /** "for 3 of 5 dimensions, …" where a workshop agreed some of them only; '' otherwise. */
  agreedFor: string;
  questionnaire: string;
  questionnaireStage: string;
  n: number | null;
  chart: Diagram;
}

export interface OverviewModel {
  release: ReleaseState;
  responses: number;
  respondents: number | null;
  suppressedOverall: boolean;
  areas: OverviewArea[];
  /** Whether an analysis workshop agreed the position of any dimension of the round. */
  workshop: boolean;
  /** With each score as shown. */
  strengths: (DimensionRef & { shown: string })[];
  gaps: (DimensionRef & { shown: string })[];
  focus: FocusArea[];
  /** The previous round (to compare with), if any. */
  previous: { id: string; title: string } | null;
  /** Sectors whose figures are withheld everywhere. */
  lowGroups: string[];
  /** The seven areas over the earlier rounds and this one; null without earlier rounds. */
  trend: Diagram | null;
}

function overviewArea(
  s: ModelServices,
  input: ModelInput,
  scores: RoundScores,
  area: Area,
  previous: PreviousScores | undefined,
): OverviewArea {
  const { version } = input.scope;
  const overall = areaIn(scores.overall, area.key);
  const position = areaPosition(scores, area);
  const workshop = position.agreed > 0;
  return {
    key: area.key,
    name: area.name,
    colour: area.colour,
    colourName: colourName(area.colour),
    workshop,
    agreed: workshop ? formatScore(position.score) || 'Stage only' : '',
    agreedStage: workshop ? stageName(version, stageOf(version, position.score)) : '',
    agreedFor:
      workshop && position.agreed < position.dimensions
        ? `Agreed for ${position.agreed} of ${position.dimensions} dimensions; questionnaire scores for the rest`
        : '',
    questionnaire: scoreText(overall?.score ?? null, overall?.suppressed ?? true),
    questionnaireStage: stageName(version, overall?.stage ?? null),
    n: overall?.n ?? null,
    chart: areaChart(s.charts, `spider-${area.key}`, area, scores, previous, version),
  };
}

/** The questionnaire scores of the seven areas from the earliest round to this one. */
function trendOf(s: ModelServices, input: ModelInput, scores: RoundScores, history: ScoredRound[]) {
  const { round, version } = input.scope;
  return areaTrend(s.charts, version, [
    ...[...history].reverse().map((e) => ({
      title: e.scope.round.title,
      version: e.scope.version,
      scores: e.scores,
    })),
    { title: round.title, version, scores },
  ]);
}

/** What the overview says in words and lists: strengths, gaps, focus areas, withheld sectors. */
export function overviewFindings(
  scores: RoundScores,
  version: FrameworkVersion,
): Pick<OverviewModel, 'strengths' | 'gaps' | 'focus' | 'lowGroups'> {
  const { strengths, gaps } = strengthsAndGaps(scores, version);
  return {
    strengths: strengths.map((d) => ({ ...d, shown: formatScore(d.score) })),
    gaps: gaps.map((d) => ({ ...d, shown: formatScore(d.score) })),
    focus: focusAreas(scores, version),
    lowGroups: groupsOf(scores, 'sector')
      .filter((g) => g.suppressed)
      .map((g) => g.label),
  };
}

export async function overviewModel(
  s: ModelServices,
  input: ModelInput,
  options: { trendRounds?: number } = {},
): Promise<OverviewModel> {
  const { tx, scope } = input;
  const scores = await s.analysis.roundScores(tx, scope);
  const history = await s.analysis.earlierRounds(tx, scope, options.trendRounds ?? TREND_ROUNDS);
  const earlier = history[0];
  const previous = earlier === undefined ? undefined : previousOf(scope, scores, earlier);
  return {
    release: releaseState(scores),
    responses: scores.responses,
    respondents: scores.overall.n,
    suppressedOverall: scores.overall.suppressed,
    areas: areasInRainbowOrder(scope.version).map((area) =>
      overviewArea(s, input, scores, area, previous),
    ),
    workshop: anyWorkshop(
      scores,
      scope.version.areas.flatMap((a) => a.dimensions.map((d) => d.key)),
    ),
    ...overviewFindings(scores, scope.version),
    previous:
      earlier === undefined
        ? null
        : { id: earlier.scope.round.id, title: earlier.scope.round.title },
    trend: earlier === undefined ? null : trendOf(s, input, scores, history),
  };
}

/** Every score, for everyone and by group; the workbook adds each dimension's position. */
export async function scoresDownload(s: ModelServices, input: ModelInput): Promise<Download> {
  const { tx, scope } = input;
  const scores = await s.analysis.roundScores(tx, scope);
  // The CSV is one plain table (every score, for everyone and by group), to load
  // anywhere; the workbook adds each dimension's position and its source on a second sheet.
  const all = allScoresExport(scores, scope.version);
  return {
    name: `${slug(scope.round.title)}-scores`,
    csv: [all],
    workbook: [all, positionsExport(scores, scope.version)],
  };
}
