import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import { responses, roundReleases, rounds } from '../../db/schema.ts';
import type { FrameworkVersion } from '../framework/schema.ts';
import type { RoundScope } from '../rounds/service.ts';
import { roundTallies } from './queries.ts';
import {
  atomGroups,
  emptyTally,
  type CellTally,
  type GroupLabels,
  type RoundTallies,
} from './scores.ts';
import { audit, MIN } from './scoring/disclosure.ts';
import type { AnswerCounts } from './types.ts';

// Releases of a round's answers (SPEC §6, "No tracker over time"). A round's figures are
// computed from its latest release, never from the live answers, so that nobody can look
// at the scores before and after one more response and read that person's answers as the
// difference. The first release is made when collection closes (the round moves on to
// analysing); later additions (an import, a link reopened) are released only when every
// group shown gains no respondents or at least MIN, and no smaller set of the additions
// can be worked out by combining the groups; until then they wait, and the pages say how
// many newer responses are not yet included.

/** Round statuses in which collection has closed. */
export const CLOSED_STATUSES: readonly string[] = ['analysing', 'reported'];

export interface ReleaseSummary {
  id: string;
  number: number;
  responses: number;
  releasedAt: string;
}

export interface Release extends ReleaseSummary {
  tallies: RoundTallies;
}

/** The latest release of the round (without its tallies), if any. */
export async function latestRelease(tx: Tx, roundId: string): Promise<ReleaseSummary | undefined> {
  const [row] = await tx
    .select({
      id: roundReleases.id,
      number: roundReleases.number,
      responses: roundReleases.responses,
      releasedAt: sql<string>`to_char(${roundReleases.releasedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
    })
    .from(roundReleases)
    .where(eq(roundReleases.roundId, roundId))
    .orderBy(desc(roundReleases.number))
    .limit(1);
  return row;
}

export async function releaseTallies(tx: Tx, releaseId: string): Promise<RoundTallies> {
  const [row] = await tx
    .select({ tallies: roundReleases.tallies })
    .from(roundReleases)
    .where(eq(roundReleases.id, releaseId));
  return parseTallies(row?.tallies);
}

/** Responses of the round not yet in any release. */
export async function pendingResponses(tx: Tx, roundId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    tx,
    sql`select count(*)::int as count from responses where round_id = ${roundId} and release is null`,
  );
  return row?.count ?? 0;
}

// ---- Tallies as stored: plain JSON ----

interface StoredCell {
  s: string | null;
  a: string;
  l: string | null;
  r: number;
  n: number;
  i: Record<string, number[]>;
  d: Record<string, number>;
  ar: Record<string, number>;
}

const COUNT_ORDER = ['1', '2', '3', '4', '5', 'DK', 'NA'] as const;

export function serialiseTallies(tallies: RoundTallies): StoredCell[] {
  return tallies.cells.map((c) => ({
    s: c.sector,
    a: c.audience,
    l: c.locality ?? null,
    r: c.respondents ?? c.n,
    n: c.n,
    i: Object.fromEntries([...c.items].map(([k, v]) => [k, COUNT_ORDER.map((key) => v[key])])),
    d: Object.fromEntries(c.dimensionN),
    ar: Object.fromEntries(c.areaN),
  }));
}

export function parseTallies(value: unknown): RoundTallies {
  if (!Array.isArray(value)) return { cells: [] };
  const cells = (value as StoredCell[]).map((c): CellTally => {
    const items = new Map<string, AnswerCounts>();
    for (const [key, v] of Object.entries(c.i)) {
      const counts = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, DK: 0, NA: 0 };
      COUNT_ORDER.forEach((k, index) => (counts[k] = v[index] ?? 0));
      items.set(key, counts);
    }
    return {
      ...emptyTally(),
      sector: c.s,
      audience: c.a,
      locality: c.l,
      respondents: c.r,
      n: c.n,
      items,
      dimensionN: new Map(Object.entries(c.d)),
      areaN: new Map(Object.entries(c.ar)),
    };
  });
  return { cells };
}

// ---- Making a release ----

export type ReleaseOutcome =
  | { outcome: 'released'; release: ReleaseSummary; included: number }
  | { outcome: 'nothing-new'; release: ReleaseSummary | undefined }
  | { outcome: 'collecting' }
  | { outcome: 'waiting'; pending: number; reasons: string[]; release: ReleaseSummary };

/** Thrown inside the release transaction to undo it when the additions must wait. */
class Waiting extends Error {
  constructor(readonly reasons: string[]) {
    super('release waits');
  }
}

const atomKey = (c: CellTally) => JSON.stringify([c.sector, c.audience, c.locality ?? null]);

/**
 * Why the additions cannot be released yet (empty: they can). `groups` are the groups
 * shown in the latest release, as atom sets over the new tallies' atoms.
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
    if (added > 0 && added < MIN)
      reasons.push(
        `${shownAs[index] ?? name}: ${added} new ${added === 1 ? 'response' : 'responses'}; a release needs none or at least ${MIN} new responses in every group shown`,
      );
    candidates.push(index);
  });
  if (reasons.length > 0) return reasons;
  const kept = audit(groups, candidates, { weights: [gain] }, after.cells.length);
  if (kept.length < candidates.length)
    reasons.push(
      `Fewer than ${MIN} of the new responses could be worked out by comparing the groups shown; more responses are needed first`,
    );
  return reasons;
}

/**
 * Releases the round's answers not yet released, when collection has closed and (after the
 * first release) the additions are safe to show. `shownGroups` tells which groups the
 * latest release showed (by name: '' for everyone, else `${kind}:${key}`).
 */
export async function releaseRound(
  tx: Tx,
  scope: RoundScope,
  by: string,
  context: {
    labels: GroupLabels;
    shownGroups: (tallies: RoundTallies) => Set<string>;
  },
): Promise<ReleaseOutcome> {
  const { round, version } = scope;
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
  const number = (previous?.number ?? 0) + 1;
  try {
    // In a savepoint, so that additions that must wait are left exactly as they were.
    return await tx.transaction(async (sp) => {
      await sp
        .update(responses)
        .set({ release: number })
        .where(and(eq(responses.roundId, round.id), isNull(responses.release)));
      const after = await roundTallies(sp, round.id, version, { released: true });
      if (previous !== undefined) {
        const before = await releaseTallies(sp, previous.id);
        const shown = context.shownGroups(before);
        const reasons = reasonsToWait(version, before, after, context.labels, shown);
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
      const release = await latestRelease(sp, round.id);
      if (release === undefined) throw new Error('release not stored');
      return { outcome: 'released' as const, release, included: pending };
    });
  } catch (error) {
    if (error instanceof Waiting && previous !== undefined)
      return { outcome: 'waiting', pending, reasons: error.reasons, release: previous };
    throw error;
  }
}
