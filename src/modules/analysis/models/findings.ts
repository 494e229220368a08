import { areasInRainbowOrder, colourName } from '../../../kernel/framework.ts';
import { areaFindings, type AreaFindings } from './area.ts';
import { releaseState, type ModelInput, type ModelServices, type ReleaseState } from './common.ts';
import { overviewFindings } from './overview.ts';
import type { OverviewModel } from './overview.ts';

// What the analysis pages say about a round in words and lists, without their charts: the
// overview's strengths, gaps, focus areas and withheld sectors, and each area page's
// strengths, gaps, divergence, "Don't know" answers and withheld groups — made by the very
// functions those pages use (overviewFindings, areaFindings), from the same scores. And the
// comments each area page shows to those who may read them. For the API.

export interface Findings extends Pick<
  OverviewModel,
  'strengths' | 'gaps' | 'focus' | 'lowGroups'
> {
  release: ReleaseState;
  areas: ({ key: string; name: string; colourName: string } & AreaFindings)[];
}

export async function findingsModel(
  s: Pick<ModelServices, 'analysis'>,
  input: ModelInput,
): Promise<Findings> {
  const { tx, scope } = input;
  const scores = await s.analysis.roundScores(tx, scope);
  return {
    release: releaseState(scores),
    ...overviewFindings(scores, scope.version),
    areas: areasInRainbowOrder(scope.version).map((area) => ({
      key: area.key,
      name: area.name,
      colourName: colourName(area.colour),
      ...areaFindings(scores, area),
    })),
  };
}

export interface CommentsModel {
  release: ReleaseState;
  areas: { key: string; name: string; colourName: string; comments: string[] }[];
}

/**
 * The comments of every area as the area pages show them (only those of released responses,
 * in alphabetical order); for those who may read comments, which the caller checks.
 */
export async function commentsModel(
  s: Pick<ModelServices, 'analysis'>,
  input: ModelInput,
): Promise<CommentsModel> {
  const { tx, scope } = input;
  const scores = await s.analysis.roundScores(tx, scope);
  const areas: CommentsModel['areas'] = [];
  for (const area of areasInRainbowOrder(scope.version))
    areas.push({
      key: area.key,
      name: area.name,
      colourName: colourName(area.colour),
      comments: await s.analysis.comments(tx, scope.round.id, area.key),
    });
  return { release: releaseState(scores), areas };
}
