import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../kernel/audit.ts';
import { CLOSED_STATUSES } from '../rounds/schemas.ts';
import type { RoundScope } from '../rounds/scope.ts';
import { agreedPositions } from '../workshops/repository.ts';
import { countResponses } from './queries.ts';
import { groupLabels, releaseAnswers } from './release-round.ts';
import { latestRelease, pendingResponses, releaseTallies } from './releases.ts';
import { assembleScores, withAgreed, type GroupLabels } from './scoring/index.ts';
import type { RoundScores } from './types.ts';

// A round's scores for the pages, exports and API, made from the round's latest release of
// answers (releases.ts), never from the live answers. Assembling a release's figures takes a
// moment, so they are kept in a small in-process cache keyed by the release's id (read from
// the database on every request, so every process and instance agrees on what is current)
// and the trust's sector and locality names. Agreed positions are read afresh every time,
// as workshop ratings change on their own.

const CACHE_SIZE = 50;
const cache = new Map<string, RoundScores>();

/** Empties the cache (for tests). */
export function clearScoresCache(): void {
  cache.clear();
}

function remember(key: string, scores: RoundScores) {
  cache.delete(key);
  cache.set(key, scores);
  while (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (oldest.done === true) break;
    cache.delete(oldest.value);
  }
}

async function scoresOfRelease(
  tx: Tx,
  scope: RoundScope,
  release: { id: string; responses: number } | undefined,
  labels: GroupLabels,
): Promise<RoundScores> {
  const { round, version } = scope;
  const key = JSON.stringify([round.id, release?.id ?? null, labels.sectors, labels.localities]);
  let scores = cache.get(key);
  if (scores === undefined) {
    const tallies = release === undefined ? { cells: [] } : await releaseTallies(tx, release.id);
    scores = assembleScores({
      roundId: round.id,
      version,
      responses: release?.responses ?? 0,
      tallies,
      labels,
    });
  }
  remember(key, scores);
  return scores;
}

const AUTOMATIC: Actor = { userId: null, label: 'Automatic release when collection closed' };

/**
 * Every figure of the round (SPEC §6) from its latest release, suppressed where it must be,
 * with agreed positions. A round whose collection has closed but that has no release yet
 * is released first. Before any release every figure is withheld (`release` is null) and
 * only the response count is given. The groups are shared with the cache: read them, do
 * not change them.
 */
export async function roundScores(tx: Tx, scope: RoundScope): Promise<RoundScores> {
  const { round, version } = scope;
  const labels = await groupLabels(tx);
  let current = await latestRelease(tx, round.id);
  if (current === undefined && CLOSED_STATUSES.includes(round.status)) {
    const outcome = await releaseAnswers(tx, scope, AUTOMATIC, labels);
    if (outcome.outcome === 'released' || outcome.outcome === 'nothing-new')
      current = outcome.release;
  }
  const scores = await scoresOfRelease(tx, scope, current, labels);
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
