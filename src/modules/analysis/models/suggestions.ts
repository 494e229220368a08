import { suggestFocusAreas, type SuggestedFocusArea } from '../suggestions.ts';
import { releaseState, type ModelInput, type ModelServices } from './common.ts';

// The focus areas a round suggests (suggestions.ts), read from its latest release of the
// answers: none before the first release, when every figure is withheld.

export async function suggestedFocusAreas(
  s: Pick<ModelServices, 'analysis'>,
  input: ModelInput,
  options: { max?: number } = {},
): Promise<SuggestedFocusArea[]> {
  const { tx, scope } = input;
  const scores = await s.analysis.roundScores(tx, scope);
  if (releaseState(scores).collecting) return [];
  const drillDowns = await s.analysis.drillDowns(tx, scope);
  return suggestFocusAreas({ scores, version: scope.version, drillDowns }, options);
}
