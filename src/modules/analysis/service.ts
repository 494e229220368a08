import type { Tx } from '../../db/client.ts';
import type { RoundScope } from '../rounds/service.ts';
import { listLocalities, listSectors } from '../trusts/repository.ts';
import { nationalSectorName, orderSectors } from '../trusts/service.ts';
import { agreedPositions } from '../workshops/repository.ts';
import { countResponses, roundTallies } from './queries.ts';
import { assembleScores, withAgreed, type GroupLabels } from './scores.ts';
import type { RoundScores } from './types.ts';

// A round's scores for the pages, exports and API. Reading every answer of a large round
// takes a while, so the scores are kept in a small in-process cache. Responses are only
// ever added to a round, so the round's response count (a cheap count) tells whether the
// cached scores are still current; the sector and locality names are part of the key too.
// The agreed positions are read afresh every time, as workshop ratings change on their own.

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

async function groupLabels(tx: Tx): Promise<GroupLabels> {
  const sectors = orderSectors(await listSectors(tx)).map((s) => ({ key: s.key, name: s.name }));
  const localities = (await listLocalities(tx)).map((l) => l.name);
  return { sectors, localities, sectorName: nationalSectorName };
}

/**
 * Every figure of the round (SPEC §6), suppressed where it must be, with agreed positions.
 * The groups are shared with the cache: read them, do not change them.
 */
export async function roundScores(tx: Tx, scope: RoundScope): Promise<RoundScores> {
  const { round, version } = scope;
  const responses = await countResponses(tx, round.id);
  const labels = await groupLabels(tx);
  const key = JSON.stringify([round.id, version.key, responses, labels.sectors, labels.localities]);
  let scores = cache.get(key);
  if (scores === undefined) {
    const tallies = await roundTallies(tx, round.id, version);
    scores = assembleScores({ roundId: round.id, version, responses, tallies, labels });
  }
  remember(key, scores);
  return withAgreed(scores, version, await agreedPositions(tx, round.id));
}
