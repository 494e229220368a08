import type { Tx } from '../../../db/client.ts';
import type { SuggestedFocusArea } from '../../analysis/index.ts';
import { todayIso } from '../../../kernel/date-rules.ts';
import { agreeActionsDone, loadRoundPlan } from '../plan-round.ts';
import type { FocusAreaRow } from '../repository-focus.ts';
import type { FocusAreaValues } from '../types.ts';

// The suggestions of a round as the plan against it offers them, and how far a round's
// "Agree actions" task has got.
//
// Rules decided here:
// - A suggestion is named by its key: its source and its dimensions (or, for a drill-down
//   practice linked to no dimension, its title), e.g. "weakest:multi-agency-training". The
//   key is what the Adopt button posts; the suggestion is read again from the analysis when
//   adopted, so nothing the browser sends is stored but the key.
// - A suggestion is adopted when a focus area of the round has its source and all of its
//   dimensions (a trust may widen a focus area it adopted), or, with none, its title. It is
//   adopted once: adopting it again changes nothing.
// - Adopted, it becomes a focus area of the round: the suggestion's title, its reason as the
//   description, its source, framework version, colours and dimensions.
// - "Agree actions": Completed when every focus area of the round has an action that is not
//   dropped (agreeActionsDone); In progress when the round has a focus area or an action.

export function suggestionKey(s: { source: string; dimensions: readonly string[]; title: string }) {
  const what = s.dimensions.length > 0 ? [...s.dimensions].sort().join('+') : s.title;
  return `${s.source}:${what}`;
}

/** The focus area of the round adopted from this suggestion, if there is one. */
export function adoptedFrom(
  suggestion: SuggestedFocusArea,
  areas: readonly FocusAreaRow[],
  roundId: string,
): FocusAreaRow | undefined {
  const covers = (a: FocusAreaRow) =>
    suggestion.dimensions.length > 0
      ? suggestion.dimensions.every((d) => a.dimensions.includes(d))
      : a.title === suggestion.title;
  return areas.find((a) => a.roundId === roundId && a.source === suggestion.source && covers(a));
}

export function adoptedValues(suggestion: SuggestedFocusArea, roundId: string): FocusAreaValues {
  return {
    title: suggestion.title,
    description: suggestion.reason,
    roundId,
    source: suggestion.source,
    frameworkVersion: suggestion.frameworkVersion,
    areas: suggestion.areas,
    dimensions: suggestion.dimensions,
  };
}

/** How far a round's "Agree actions" has got (rounds/tasks.ts says what each state means). */
export interface ActionsProgress {
  focusAreas: number;
  actions: number;
  done: boolean;
}

export async function actionsProgress(tx: Tx, roundId: string): Promise<ActionsProgress> {
  const plan = await loadRoundPlan(tx, roundId, todayIso());
  const linked = plan.focusAreas.reduce((n, f) => n + f.actions.length, 0);
  return {
    focusAreas: plan.focusAreas.length,
    actions: linked + plan.otherActions.length,
    done: await agreeActionsDone(tx, roundId),
  };
}
