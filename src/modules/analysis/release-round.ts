import { and, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import { responses, roundReleases, rounds } from '../../db/schema/index.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { present } from '../../kernel/errors.ts';
import type { FrameworkVersion } from '../framework/index.ts';
import { CLOSED_STATUSES, type RoundScope } from '../rounds/index.ts';
import { listLocalities, listSectors, nationalSectorName, orderSectors } from '../trusts/index.ts';
import { roundTallies } from './queries.ts';
import {
  latestRelease,
  pendingResponses,
  releaseTallies,
  serialiseTallies,
  type ReleaseSummary,
} from './releases.ts';
import {
  assembleScores,
  atomGroups,
  audit as auditDisclosure,
  MIN_GROUP,
  shownGroupNames,
  type CellTally,
  type GroupLabels,
  type RoundTallies,
} from './scoring/index.ts';

// Making a release of a round's answers (releases.ts says why there are releases). The
// first is made when collection closes (rounds/service.ts calls the analysis service's
// release, which the application hands it, then); later ones by a trust admin or the API,
// through the analysis service.

export type ReleaseOutcome =
  | { outcome: 'released'; release: ReleaseSummary; included: number }
  | { outcome: 'nothing-new'; release: ReleaseSummary | undefined }
  | { outcome: 'collecting' }
  | { outcome: 'waiting'; pending: number; reasons: string[]; release: ReleaseSummary };

/** The trust's sectors and localities, as the groups are named and ordered. */
export async function groupLabels(tx: Tx): Promise<GroupLabels> {
  const sectors = orderSectors(await listSectors(tx)).map((s) => ({ key: s.key, name: s.name }));
  const localities = (await listLocalities(tx)).map((l) => l.name);
  return { sectors, localities, sectorName: nationalSectorName };
}

/** Thrown inside the release transaction to undo it when the additions must wait. */
class Waiting extends Error {
  constructor(readonly reasons: string[]) {
    super('release waits');
  }
}

const atomKey = (c: CellTally) => JSON.stringify([c.sector, c.audience, c.locality ?? null]);

/**
 * Why the additions cannot be released yet (empty: they can). `shownBefore` names the
 * groups shown in the latest release ('' for everyone, else `${kind}:${key}`).
 */
function reasonsToWait(
  version: FrameworkVersion,
  before: RoundTallies,
  after: RoundTallies,
  labels: GroupLabels,
  shownBefore: ReadonlySet<string>,
): string[] {
  const was = new Map(before.cells.map((c) => [atomKey(c), c.respondents ?? c.n]));
  const gain = after.cells.map((c) => (c.respondents ?? c.n) - (was.get(atomKey(c)) ?? 0));
  const { groups, names, labels: shownAs } = atomGroups(version, after, labels);
  const reasons: string[] = [];
  const candidates: number[] = [];
  groups.forEach((group, index) => {
    const name = names[index] ?? '';
    if (!shownBefore.has(name)) return;
    const added = group.atoms.reduce((sum, a) => sum + (gain[a] ?? 0), 0);
    if (added > 0 && added < MIN_GROUP)
      reasons.push(
        `${shownAs[index] ?? name}: ${added} new ${added === 1 ? 'response' : 'responses'}; a release needs none or at least ${MIN_GROUP} new responses in every group shown`,
      );
    candidates.push(index);
  });
  if (reasons.length > 0) return reasons;
  const kept = auditDisclosure(groups, candidates, { weights: [gain] }, after.cells.length);
  if (kept.length < candidates.length)
    reasons.push(
      `Fewer than ${MIN_GROUP} of the new responses could be worked out by comparing the groups shown; more responses are needed first`,
    );
  return reasons;
}

/** The groups (by name) that the figures of these tallies show. */
function shownGroups(scope: RoundScope, labels: GroupLabels, tallies: RoundTallies) {
  return shownGroupNames(
    assembleScores({
      roundId: scope.round.id,
      version: scope.version,
      responses: 0,
      tallies,
      labels,
    }),
  );
}

/**
 * In the caller's savepoint: marks the responses not yet released with the new release's
 * number and stores its tallies, unless (after the first release) the additions must wait.
 */
async function storeRelease(
  sp: Tx,
  scope: RoundScope,
  by: string,
  labels: GroupLabels,
  previous: ReleaseSummary | undefined,
): Promise<ReleaseSummary> {
  const { round, version } = scope;
  const number = (previous?.number ?? 0) + 1;
  await sp
    .update(responses)
    .set({ release: number })
    .where(and(eq(responses.roundId, round.id), isNull(responses.release)));
  const after = await roundTallies(sp, round.id, version, { released: true });
  if (previous !== undefined) {
    const before = await releaseTallies(sp, previous.id);
    const shown = shownGroups(scope, labels, before);
    const reasons = reasonsToWait(version, before, after, labels, shown);
    if (reasons.length > 0) throw new Waiting(reasons);
  }
  const [total] = await queryRows<{ count: number }>(
    sp,
    sql`select count(*)::int as count from responses
        where round_id = ${round.id} and release is not null`,
  );
  await sp.insert(roundReleases).values({
    trustId: round.trustId,
    roundId: round.id,
    number,
    responses: total?.count ?? 0,
    tallies: serialiseTallies(after),
    releasedBy: by,
  });
  // Read back in the same savepoint as the insert, so it is always there.
  return present(await latestRelease(sp, round.id), `release ${number} of round ${round.id}`);
}

/**
 * Releases the round's answers not yet released, when collection has closed and (after the
 * first release) the additions are safe to show.
 */
async function releaseRound(
  tx: Tx,
  scope: RoundScope,
  by: string,
  labels: GroupLabels,
): Promise<ReleaseOutcome> {
  const { round } = scope;
  const [locked] = await tx
    .select({ status: rounds.status })
    .from(rounds)
    .where(eq(rounds.id, round.id))
    .for('update');
  if (locked === undefined || !CLOSED_STATUSES.includes(locked.status))
    return { outcome: 'collecting' };
  const previous = await latestRelease(tx, round.id);
  const pending = await pendingResponses(tx, round.id);
  if (previous !== undefined && pending === 0) return { outcome: 'nothing-new', release: previous };
  try {
    // In a savepoint, so that additions that must wait are left exactly as they were.
    const release = await tx.transaction((sp) => storeRelease(sp, scope, by, labels, previous));
    return { outcome: 'released', release, included: pending };
  } catch (error) {
    if (error instanceof Waiting && previous !== undefined)
      return { outcome: 'waiting', pending, reasons: error.reasons, release: previous };
    throw error;
  }
}

/**
 * Releases what can be released, and audits a release made. The first release of a round
 * is made when collection closes; later ones by a trust admin or the API. `labels` saves
 * reading the trust's sectors and localities again when the caller has them.
 */
export async function releaseAnswers(
  tx: Tx,
  scope: RoundScope,
  actor: Actor,
  labels?: GroupLabels,
): Promise<ReleaseOutcome> {
  const outcome = await releaseRound(tx, scope, actor.label, labels ?? (await groupLabels(tx)));
  if (outcome.outcome === 'released')
    await audit(tx, actor, {
      trustId: scope.round.trustId,
      action: "released a round's answers",
      entity: 'round',
      entityId: scope.round.id,
      details: { release: outcome.release.number, included: outcome.included },
    });
  return outcome;
}
