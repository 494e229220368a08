import type { FrameworkVersion } from '../framework/index.ts';
import { focusAreas, shownChange, type FocusArea } from './insights.ts';
import { shownScore } from './scoring/index.ts';
import type { DrillDownScore, RoundScores } from './types.ts';

// The focus areas a round suggests (SPEC §4 item 9), for the action plan: a pure function of
// the round's scores and drill-down figures. Withheld figures are never used, and every
// reason quotes figures as the pages show them (one decimal place).
//
// Sources
// - weakest, divergent: the overview's focus areas (insights.ts focusAreas), each asked for
//   on its own so that each reason names one finding.
// - agreed-gap: dimensions where the analysis workshop's agreed score lies furthest from the
//   questionnaire score, both shown, at least AGREED_GAP_MIN apart (as shown), the furthest
//   AGREED_GAP_COUNT.
// - drill-down: the DRILL_DOWN_COUNT weakest shown practices of the drill-downs answered. A
//   practice with the key of a dimension of its area (the framework's drill-downs name
//   their practices after the dimensions they go deeper into) is linked to that dimension.
//
// Strength, so that suggestions of different sources can be ordered: every one is a
// distance in points on the 1–5 scale, figures as shown. A low score (weakest, drill-down)
// is as strong as it is short of the top stage's lowest score (4.0 by default); a divergence
// is the difference between the two groups; an agreed gap is the distance between the two
// positions.
//
// De-duplication: one suggestion per dimension (a drill-down practice without a dimension
// is one on its own). Where several sources name the same dimension, the strongest is kept,
// with its title and reason, and the others are listed in `also`, strongest first (ties in
// the order weakest, divergent, agreed-gap, drill-down). Suggestions are ordered strongest
// first (ties: more sources first, then framework order), at most `max` (8).

/** The kinds of suggestion; the action plan's FocusAreaSource without 'own'. */
export type SuggestedSource = 'weakest' | 'divergent' | 'agreed-gap' | 'drill-down';

export interface SuggestedFocusArea {
  source: SuggestedSource;
  /** Short, e.g. "Multi-agency training". */
  title: string;
  /** One plain sentence with the figure as shown. */
  reason: string;
  frameworkVersion: string;
  areas: string[];
  dimensions: string[];
  /** The other sources that name the same dimension, strongest first. */
  also: SuggestedSource[];
  /** Points on the 1–5 scale (see above); what the suggestions are ordered by. */
  strength: number;
}

export const AGREED_GAP_MIN = 0.5;
const AGREED_GAP_COUNT = 3;
const DRILL_DOWN_COUNT = 2;
const MAX = 8;
const SOURCE_ORDER: readonly SuggestedSource[] = [
  'weakest',
  'divergent',
  'agreed-gap',
  'drill-down',
];

/** One finding before de-duplication, with where it falls in framework order. */
interface Finding extends Omit<SuggestedFocusArea, 'also' | 'frameworkVersion'> {
  key: string;
  order: number;
}

const one = (n: number) => shownScore(n).toFixed(1);
const tenths = (n: number) => Math.round(n * 10) / 10;

function stageName(version: FrameworkVersion, stage: number | null) {
  return version.stages.find((s) => s.number === stage)?.name ?? null;
}

/** How far a shown score is short of the top stage's lowest score. */
function shortfall(version: FrameworkVersion, score: number): number {
  const top = Math.max(...version.stages.map((s) => s.minScore));
  return Math.max(0, tenths(top - shownScore(score)));
}

function orderOf(version: FrameworkVersion): (dimensionKey: string) => number {
  const keys = version.areas.flatMap((a) => a.dimensions.map((d) => d.key));
  return (key) => {
    const at = keys.indexOf(key);
    return at === -1 ? keys.length : at;
  };
}

function fromFocus(
  version: FrameworkVersion,
  scores: RoundScores,
  focus: FocusArea,
  source: 'weakest' | 'divergent',
): Finding | undefined {
  if (focus.score === null) return undefined;
  const difference = Math.max(
    0,
    ...scores.divergence
      .filter((d) => d.dimensionKey === focus.dimensionKey && d.flagged && d.high && d.low)
      .map((d) => shownChange(d.high?.score ?? null, d.low?.score ?? null) ?? 0),
  );
  return {
    key: focus.dimensionKey,
    order: orderOf(version)(focus.dimensionKey),
    source,
    title: focus.name,
    reason: `${focus.reason}.`,
    areas: [focus.areaKey],
    dimensions: [focus.dimensionKey],
    strength: source === 'weakest' ? shortfall(version, focus.score) : tenths(difference),
  };
}

function overviewFindings(scores: RoundScores, version: FrameworkVersion): Finding[] {
  const weakest = focusAreas(scores, version, { divergent: 0 });
  const divergent = focusAreas(scores, version, { weakest: 0 });
  return [
    ...weakest.map((f) => fromFocus(version, scores, f, 'weakest')),
    ...divergent.map((f) => fromFocus(version, scores, f, 'divergent')),
  ].filter((f): f is Finding => f !== undefined);
}

function agreedGaps(scores: RoundScores, version: FrameworkVersion): Finding[] {
  const order = orderOf(version);
  const found: Finding[] = [];
  for (const { area, dimension } of version.areas.flatMap((a) =>
    a.dimensions.map((d) => ({ area: a, dimension: d })),
  )) {
    const position = scores.agreed.find((p) => p.dimensionKey === dimension.key);
    const overall = scores.overall.areas
      .find((a) => a.key === area.key)
      ?.dimensions.find((d) => d.key === dimension.key);
    if (position?.source !== 'workshop' || overall === undefined || overall.suppressed) continue;
    const { score: agreed, questionnaireScore: questionnaire } = position;
    const gap = shownChange(agreed, questionnaire);
    if (agreed === null || questionnaire === null || gap === null) continue;
    if (Math.abs(gap) < AGREED_GAP_MIN) continue;
    const side = gap < 0 ? 'below' : 'above';
    found.push({
      key: dimension.key,
      order: order(dimension.key),
      source: 'agreed-gap',
      title: dimension.name,
      reason: `The analysis workshop agreed ${one(agreed)}, ${Math.abs(gap).toFixed(1)} ${side} the questionnaire score of ${one(questionnaire)}.`,
      areas: [area.key],
      dimensions: [dimension.key],
      strength: tenths(Math.abs(gap)),
    });
  }
  return found.sort((a, b) => b.strength - a.strength).slice(0, AGREED_GAP_COUNT);
}

function drillDownFindings(version: FrameworkVersion, drillDowns: readonly DrillDownScore[]) {
  const order = orderOf(version);
  const found: Finding[] = [];
  for (const d of drillDowns) {
    const drill = version.drillDowns.find((x) => x.key === d.key);
    const area = version.areas.find((a) => a.key === d.areaKey);
    if (drill === undefined || d.suppressed) continue;
    for (const p of d.practices) {
      if (p.suppressed || p.score === null) continue;
      const linked = area?.dimensions.some((x) => x.key === p.key) === true;
      const stage = stageName(version, p.stage);
      found.push({
        key: linked ? p.key : `${d.key}/${p.key}`,
        order: linked ? order(p.key) : order('') + found.length,
        source: 'drill-down',
        title: drill.practices.find((x) => x.key === p.key)?.name ?? p.name,
        reason: `Scored ${one(p.score)}${stage === null ? '' : ` (${stage})`} in the ${drill.name}, one of its weakest practices.`,
        areas: [d.areaKey],
        dimensions: linked ? [p.key] : [],
        strength: shortfall(version, p.score),
      });
    }
  }
  return found
    .sort((a, b) => b.strength - a.strength || a.order - b.order)
    .slice(0, DRILL_DOWN_COUNT);
}

const stronger = (a: Finding, b: Finding) =>
  b.strength - a.strength || SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source);

/** The suggested focus areas of a round, strongest first (the rules are above). */
export function suggestFocusAreas(
  input: { scores: RoundScores; version: FrameworkVersion; drillDowns: readonly DrillDownScore[] },
  options: { max?: number } = {},
): SuggestedFocusArea[] {
  const { scores, version, drillDowns } = input;
  const findings = [
    ...overviewFindings(scores, version),
    ...agreedGaps(scores, version),
    ...drillDownFindings(version, drillDowns),
  ];
  const byKey = new Map<string, Finding[]>();
  for (const f of findings) byKey.set(f.key, [...(byKey.get(f.key) ?? []), f]);
  const merged = [...byKey.values()].map((list) => {
    const [best, ...rest] = [...list].sort(stronger);
    return { best: best as Finding, also: [...new Set(rest.map((f) => f.source))] };
  });
  return merged
    .sort(
      (a, b) =>
        b.best.strength - a.best.strength ||
        b.also.length - a.also.length ||
        a.best.order - b.best.order,
    )
    .slice(0, options.max ?? MAX)
    .map(({ best: { key: _key, order: _order, ...rest }, also }) => ({
      ...rest,
      frameworkVersion: version.key,
      also: also.filter((s) => s !== rest.source),
    }));
}
