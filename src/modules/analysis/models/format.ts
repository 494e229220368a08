import type { Area, FrameworkVersion } from '../../framework/index.ts';
import { shownScore } from '../scoring/index.ts';
import type {
  AgreedPosition,
  AreaScore,
  DimensionScore,
  Divergence,
  GroupOf,
  GroupScores,
  RoundScores,
} from '../types.ts';

// From a round's scores to what people read: one place that decides how a figure is
// written and what a withheld figure says, and the lookups every model makes.

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

/** A change as written: "+0.1", "−0.2" or "0.0"; '' when there is none. */
export function signed(change: number | null): string {
  if (change === null) return '';
  const tenths = Math.round(change * 10);
  if (tenths === 0) return '0.0';
  return tenths > 0 ? `+${(tenths / 10).toFixed(1)}` : `−${(-tenths / 10).toFixed(1)}`;
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

/** What a dimension's position is called: "Agreed position" only where a workshop agreed it. */
export const AGREED_POSITION = 'Agreed position';
export const QUESTIONNAIRE_SCORE = 'Questionnaire score';

/** The position an analysis workshop agreed for the dimension; undefined if none did. */
export function workshopPosition(
  scores: RoundScores,
  dimensionKey: string,
): AgreedPosition | undefined {
  const position = agreedOf(scores, dimensionKey);
  return position?.source === 'workshop' ? position : undefined;
}

/** Whether an analysis workshop agreed the position of any of these dimensions. */
export function anyWorkshop(scores: RoundScores, dimensionKeys: readonly string[]): boolean {
  return dimensionKeys.some((key) => workshopPosition(scores, key) !== undefined);
}

/**
 * The position of an area: the mean of its dimensions' positions (the workshop's where it
 * agreed one, else the questionnaire score), with how many of them a workshop agreed.
 */
export function areaPosition(
  scores: RoundScores,
  area: Area,
): { score: number | null; agreed: number; dimensions: number } {
  const values = area.dimensions
    .map((d) => agreedOf(scores, d.key)?.score ?? null)
    .filter((v): v is number => v !== null);
  const agreed = area.dimensions.filter((d) => workshopPosition(scores, d.key) !== undefined);
  return {
    score: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length,
    agreed: agreed.length,
    dimensions: area.dimensions.length,
  };
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

/** A table cell as GOV.UK tables take it. */
export type Cell = { text: string; format?: string; classes?: string; html?: string };

/** A right-aligned cell, for figures. */
export const num = (text: string, classes?: string): Cell =>
  classes === undefined ? { text, format: 'numeric' } : { text, format: 'numeric', classes };

/** The kinds of group an area shows a table of, and what each table calls them. */
export const KIND_TITLES: Record<'sector' | 'audience' | 'locality', string> = {
  sector: 'Sector',
  audience: 'Who answered',
  locality: 'Locality',
};
