import { colourName } from '../../../kernel/framework.ts';
import type { Area } from '../../framework/index.ts';
import { shownChange } from '../insights.ts';
import type { AreaScore, RoundScores } from '../types.ts';
import {
  areaOf,
  releaseState,
  slug,
  type Download,
  type ModelInput,
  type ModelServices,
  type ReleaseState,
} from './common.ts';
import { areaChart, previousOf, type Diagram } from './diagrams.ts';
import { drillDownSections, type DrillDownSection } from './drill-down.ts';
import { heatmapExport } from './exports.ts';
import { areaIn, divergenceOf, formatScore, percent } from './format.ts';
import { dimensionTable, heatmap, withheldGroups } from './tables.ts';

// One area of a round: its spider diagram, its dimensions, where views differ, its groups'
// scores as heat maps, and (for those who may read them) its comments.

/** A Don't know rate from which a dimension is said to have many "Don't know" answers. */
const HIGH_DONT_KNOW = 0.2;

export interface AreaModel {
  release: ReleaseState;
  area: {
    key: string;
    name: string;
    colour: Area['colour'];
    colourName: string;
    description: string;
  };
  chart: Diagram;
  dimensions: ReturnType<typeof dimensionTable>;
  heatmap: ReturnType<typeof heatmap>;
  audiences: ReturnType<typeof heatmap>;
  localities: ReturnType<typeof heatmap>;
  /** Dimensions on which two sectors or two audiences differ by the flag or more. */
  divergent: { dimension: string; text: string }[];
  strengths: { name: string; score: string }[];
  gaps: { name: string; score: string }[];
  highDontKnow: { name: string; rate: string }[];
  /** Groups whose figures for the area are withheld. */
  withheld: string[];
  suppressedArea: boolean;
  showComments: boolean;
  comments: string[];
  /** The earlier round in the diagram, if any. */
  previousTitle: string | null;
  /** The area's drill-down modules that released responses answered. */
  drillDowns: DrillDownSection[];
}

function divergent(scores: RoundScores, area: Area): AreaModel['divergent'] {
  return area.dimensions.flatMap((d) =>
    (['audiences', 'sectors'] as const).flatMap((between) => {
      const div = divergenceOf(scores, d.key, between);
      return div?.flagged === true && div.high !== null && div.low !== null
        ? [
            {
              dimension: d.name,
              text: `${div.high.label} scored it ${formatScore(div.high.score)} and ${div.low.label} ${formatScore(div.low.score)}: a difference of ${(shownChange(div.high.score, div.low.score) ?? 0).toFixed(1)}.`,
            },
          ]
        : [];
    }),
  );
}

/** The two highest and two lowest shown dimension scores of the area (gaps only past two). */
function strengthsAndGaps(area: Area, overall: AreaScore | undefined) {
  const ranked = area.dimensions
    .map((d) => ({ d, score: overall?.dimensions.find((x) => x.key === d.key) }))
    .filter((x) => x.score !== undefined && !x.score.suppressed && x.score.score !== null)
    .sort((a, b) => (b.score?.score ?? 0) - (a.score?.score ?? 0));
  const named = (x: (typeof ranked)[number]) => ({
    name: x.d.name,
    score: formatScore(x.score?.score),
  });
  return {
    strengths: ranked.slice(0, 2).map(named),
    gaps: ranked.length > 2 ? ranked.slice(-2).reverse().map(named) : [],
  };
}

function highDontKnow(area: Area, overall: AreaScore | undefined): AreaModel['highDontKnow'] {
  const nameOf = (key: string) => area.dimensions.find((d) => d.key === key)?.name ?? key;
  return (overall?.dimensions ?? [])
    .filter((d) => !d.suppressed && (d.dontKnowRate ?? 0) >= HIGH_DONT_KNOW)
    .map((d) => ({ name: nameOf(d.key), rate: percent(d.dontKnowRate) }));
}

/** What an area's page says about it in words and lists (the API's insights give the same). */
export interface AreaFindings {
  divergent: AreaModel['divergent'];
  strengths: AreaModel['strengths'];
  gaps: AreaModel['gaps'];
  highDontKnow: AreaModel['highDontKnow'];
  withheld: string[];
  suppressedArea: boolean;
}

export function areaFindings(scores: RoundScores, area: Area): AreaFindings {
  const overall = areaIn(scores.overall, area.key);
  return {
    divergent: divergent(scores, area),
    ...strengthsAndGaps(area, overall),
    highDontKnow: highDontKnow(area, overall),
    withheld: withheldGroups(scores, area),
    suppressedArea: overall?.suppressed ?? true,
  };
}

/** The area's page; `comments` says whether the reader may see the comments. */
export async function areaModel(
  s: ModelServices,
  input: ModelInput,
  areaKey: string,
  options: { comments: boolean },
): Promise<AreaModel> {
  const { tx, scope } = input;
  const { version } = scope;
  const scores = await s.analysis.roundScores(tx, scope);
  const area = areaOf(version, areaKey);
  const [earlier] = await s.analysis.earlierRounds(tx, scope, 1);
  const previous = earlier === undefined ? undefined : previousOf(scope, scores, earlier);
  const comments = options.comments ? await s.analysis.comments(tx, scope.round.id, area.key) : [];
  const { key, name, colour, description } = area;
  return {
    release: releaseState(scores),
    area: { key, name, colour, colourName: colourName(colour), description },
    chart: areaChart(s.charts, `spider-${area.key}`, area, scores, previous, version),
    dimensions: dimensionTable(scores, version, area),
    heatmap: heatmap(scores, version, area, 'sector'),
    audiences: heatmap(scores, version, area, 'audience'),
    localities: heatmap(scores, version, area, 'locality'),
    ...areaFindings(scores, area),
    showComments: options.comments,
    comments,
    previousTitle: earlier?.scope.round.title ?? null,
    drillDowns: drillDownSections(version, area.key, await s.analysis.drillDowns(tx, scope)),
  };
}

/** The area's scores by sector, by audience and by locality. */
export async function heatmapDownload(
  s: ModelServices,
  input: ModelInput,
  areaKey: string,
): Promise<Download> {
  const { tx, scope } = input;
  const scores = await s.analysis.roundScores(tx, scope);
  const area = areaOf(scope.version, areaKey);
  const tables = [
    heatmapExport(scores, area, 'sector'),
    heatmapExport(scores, area, 'audience'),
    heatmapExport(scores, area, 'locality'),
  ];
  return { name: `${slug(scope.round.title)}-${area.key}-groups`, csv: tables, workbook: tables };
}
