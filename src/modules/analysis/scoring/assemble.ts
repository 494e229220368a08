import type { FrameworkVersion } from '../../framework/index.ts';
import type { RoundScores } from '../types.ts';
import { agreedPositions, divergences, type WorkshopPosition } from './consensus.ts';
import { MIN_GROUP, type AuditOptions } from './disclosure.ts';
import { buildGroups, type GroupLabels } from './groups.ts';
import type { RoundTallies } from './tally.ts';

// A round's scores put together from counts (SPEC §6). Pure: the database work is in
// queries.ts, the caching in service.ts.

/** A round's scores from its tallies; agreed positions from the workshop ratings given. */
export function assembleScores(input: {
  roundId: string;
  version: FrameworkVersion;
  responses: number;
  tallies: RoundTallies;
  labels: GroupLabels;
  workshop?: ReadonlyMap<string, WorkshopPosition>;
  /** For tests only: how the disclosure audit runs. */
  audit?: AuditOptions;
}): RoundScores {
  const { version } = input;
  const { overall, groups } = buildGroups(version, input.tallies, input.labels, input.audit);
  return {
    roundId: input.roundId,
    frameworkVersion: version.key,
    minimumGroupSize: MIN_GROUP,
    responses: input.responses,
    overall,
    groups,
    agreed: agreedPositions(version, overall, input.workshop ?? new Map()),
    divergence: divergences(version, groups),
  };
}
