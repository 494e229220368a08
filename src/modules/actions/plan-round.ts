import type { Tx } from '../../db/client.ts';
import type { IsoDate } from './calendar.ts';
import { loadPlan, type PlanRow } from './plan.ts';
import * as focusRepo from './repository-focus.ts';
import type { FocusAreaRow } from './repository-focus.ts';

// The plan against a round: each of the round's focus areas with the actions linked to it,
// and which have none. A focus area counts as covered when it has at least one action that
// is not dropped; a round's "Agree actions" task is done when it has focus areas and every
// one is covered.

export interface FocusAreaPlan {
  focusArea: FocusAreaRow;
  /** Every action linked to it, dropped ones too, in number order. */
  actions: PlanRow[];
  /** It has at least one action that is not dropped. */
  covered: boolean;
}

export interface RoundPlan {
  focusAreas: FocusAreaPlan[];
  /** The round's focus areas with no action (that is not dropped). */
  uncovered: FocusAreaRow[];
  /** Actions that name the round but none of its focus areas. */
  otherActions: PlanRow[];
  /** The round has at least one focus area, and each has an action that is not dropped. */
  everyFocusAreaHasAction: boolean;
}

/** Pure: a round's focus areas (in their order) against the plan. */
export function planAgainstRound(
  roundId: string,
  focusAreas: readonly FocusAreaRow[],
  plan: readonly PlanRow[],
): RoundPlan {
  const mine = focusAreas.filter((f) => f.roundId === roundId);
  const ids = new Set(mine.map((f) => f.id));
  const areas = mine.map((focusArea) => {
    const actions = plan.filter((row) => row.focusAreaId === focusArea.id);
    return { focusArea, actions, covered: actions.some((row) => row.status !== 'dropped') };
  });
  return {
    focusAreas: areas,
    uncovered: areas.filter((a) => !a.covered).map((a) => a.focusArea),
    otherActions: plan.filter(
      (row) => row.roundId === roundId && (row.focusAreaId === null || !ids.has(row.focusAreaId)),
    ),
    everyFocusAreaHasAction: areas.length > 0 && areas.every((a) => a.covered),
  };
}

/** The plan against one of the trust's rounds, as read on `today`. */
export async function loadRoundPlan(tx: Tx, roundId: string, today: IsoDate): Promise<RoundPlan> {
  const focusAreas = await focusRepo.listFocusAreas(tx, { roundId });
  const plan = await loadPlan(tx, { today });
  return planAgainstRound(roundId, focusAreas, plan);
}

/** True when the round has at least one focus area and each has an action that is not dropped. */
export async function agreeActionsDone(tx: Tx, roundId: string): Promise<boolean> {
  const { areas, covered } = await focusRepo.roundCoverage(tx, roundId);
  return areas > 0 && covered === areas;
}
