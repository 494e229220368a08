import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Tx } from '../../db/client.ts';
import { comments, responses } from '../../db/schema/index.ts';
import type { Actor } from '../../kernel/audit.ts';
import {
  listRounds,
  type RoundListRow,
  CLOSED_STATUSES,
  type RoundScope,
  loadRound,
} from '../rounds/index.ts';
import { agreedPositions } from '../workshops/index.ts';
import { answeredDrillDowns } from './drill-down-queries.ts';
import { countResponses } from './queries.ts';
import { groupLabels, releaseAnswers, type ReleaseOutcome } from './release-round.ts';
import { latestRelease, pendingResponses, releaseTallies } from './releases.ts';
import { assembleScores, drillDownScore, withAgreed, type GroupLabels } from './scoring/index.ts';
import type { DrillDownScore, RoundScores } from './types.ts';

// A round's scores for the pages, exports, API and documents, made from the round's latest
// release of answers (releases.ts), never from the live answers. Assembling a release's
// figures takes a moment, so each service keeps them in a small cache keyed by the
// release's id (read from the database on every request, so every process and instance
// agrees on what is current) and the trust's sector and locality names. Agreed positions
// are read afresh every time, as workshop ratings change on their own. Every read runs in
// the caller's trust transaction.

const CACHE_SIZE = 50;

/** Who may read the free-text comments (the area pages show them; so does the API). */
export const COMMENT_READERS = ['trust-admin', 'contributor'] as const;

const AUTOMATIC: Actor = { userId: null, label: 'Automatic release when collection closed' };

/** A round with its scores. */
export interface ScoredRound {
  scope: RoundScope;
  scores: RoundScores;
}

/** Comments of released responses only, so that a new comment cannot be timed to its answers. */
async function releasedComments(tx: Tx, roundId: string, areaKey: string): Promise<string[]> {
  const rows = await tx
    .select({ body: comments.body })
    .from(comments)
    .innerJoin(responses, eq(responses.id, comments.responseId))
    .where(
      and(
        eq(comments.roundId, roundId),
        eq(comments.areaKey, areaKey),
        isNotNull(responses.release),
      ),
    )
    .orderBy(asc(comments.body));
  return rows.map((r) => r.body);
}

/**
 * The figures of each drill-down of the round's version that released responses answered
 * (scoring/drill-down.ts), in the version's order; none before the first release.
 */
async function drillDownScores(tx: Tx, scope: RoundScope): Promise<DrillDownScore[]> {
  const answered = await answeredDrillDowns(tx, scope.round.id, scope.version);
  return answered.map(({ drill, tally }) => drillDownScore(scope.version, drill, tally));
}

/** Whether `other` started before the round (or the same day, made before it). */
const isEarlier = (other: RoundListRow, round: RoundScope['round']) =>
  other.startsOn < round.startsOn ||
  (other.startsOn === round.startsOn && other.createdAt < round.createdAt);

type ScoresCache = LRUCache<string, RoundScores>;
type ScoresOf = (tx: Tx, scope: RoundScope) => Promise<RoundScores>;

async function scoresOfRelease(
  cache: ScoresCache,
  tx: Tx,
  scope: RoundScope,
  release: { id: string; responses: number } | undefined,
  labels: GroupLabels,
): Promise<RoundScores> {
  const { round, version } = scope;
  const key = JSON.stringify([round.id, release?.id ?? null, labels.sectors, labels.localities]);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const tallies = release === undefined ? { cells: [] } : await releaseTallies(tx, release.id);
  const scores = assembleScores({
    roundId: round.id,
    version,
    responses: release?.responses ?? 0,
    tallies,
    labels,
  });
  cache.set(key, scores);
  return scores;
}

/**
 * Every figure of the round (SPEC §6) from its latest release, suppressed where it must be,
 * with agreed positions. A round whose collection has closed but that has no release yet
 * is released first. Before any release every figure is withheld (`release` is null) and
 * only the response count is given. The groups are shared with the cache: read them, do
 * not change them.
 */
async function roundScores(cache: ScoresCache, tx: Tx, scope: RoundScope): Promise<RoundScores> {
  const { round, version } = scope;
  const labels = await groupLabels(tx);
  let current = await latestRelease(tx, round.id);
  if (current === undefined && CLOSED_STATUSES.includes(round.status)) {
    const outcome = await releaseAnswers(tx, scope, AUTOMATIC, labels);
    if (outcome.outcome === 'released' || outcome.outcome === 'nothing-new')
      current = outcome.release;
  }
  const scores = await scoresOfRelease(cache, tx, scope, current, labels);
  const pending =
    current === undefined
      ? await countResponses(tx, round.id)
      : await pendingResponses(tx, round.id);
  return {
    ...withAgreed(scores, version, await agreedPositions(tx, round.id)),
    release:
      current === undefined
        ? null
        : { number: current.number, releasedAt: current.releasedAt, responses: current.responses },
    pending,
  };
}

/** Another round of the trust with its scores; undefined for this round or none. */
async function otherRound(
  scoresOf: ScoresOf,
  tx: Tx,
  scope: RoundScope,
  roundId: string,
): Promise<ScoredRound | undefined> {
  if (roundId === scope.round.id) return undefined;
  const other = await loadRound(tx, roundId);
  if (other === undefined) return undefined;
  return { scope: other, scores: await scoresOf(tx, other) };
}

/** Up to `count` of the trust's earlier rounds with responses, most recent first. */
async function earlierRounds(
  scoresOf: ScoresOf,
  tx: Tx,
  scope: RoundScope,
  count: number,
): Promise<ScoredRound[]> {
  const rounds = (await listRounds(tx))
    .filter((r) => r.id !== scope.round.id && r.responses > 0 && isEarlier(r, scope.round))
    .slice(0, count);
  const loaded: ScoredRound[] = [];
  for (const r of rounds) {
    const other = await loadRound(tx, r.id);
    if (other !== undefined) loaded.push({ scope: other, scores: await scoresOf(tx, other) });
  }
  return loaded;
}

/** The trust's other rounds with responses, most recent first: what a round compares with. */
async function comparableRounds(tx: Tx, scope: RoundScope): Promise<RoundListRow[]> {
  return (await listRounds(tx)).filter((r) => r.id !== scope.round.id && r.responses > 0);
}

/** The analysis of rounds, with its own cache of their scores. */
export function createAnalysisService(options: { cacheSize?: number } = {}) {
  const cache: ScoresCache = new LRUCache({ max: options.cacheSize ?? CACHE_SIZE });
  const scoresOf: ScoresOf = (tx, scope) => roundScores(cache, tx, scope);
  return {
    roundScores: scoresOf,
    /** Releases what can be released (release-round.ts), on behalf of `actor`. */
    release: (tx: Tx, scope: RoundScope, actor: Actor): Promise<ReleaseOutcome> =>
      releaseAnswers(tx, scope, actor),
    otherRound: (tx: Tx, scope: RoundScope, roundId: string) =>
      otherRound(scoresOf, tx, scope, roundId),
    earlierRounds: (tx: Tx, scope: RoundScope, count: number) =>
      earlierRounds(scoresOf, tx, scope, count),
    comparableRounds,
    comments: releasedComments,
    drillDowns: drillDownScores,
  };
}

export type AnalysisService = ReturnType<typeof createAnalysisService>;
