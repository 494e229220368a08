import { desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import { roundReleases } from '../../db/schema/index.ts';
import { emptyTally, type CellTally, type RoundTallies } from './scoring/index.ts';
import type { AnswerCounts } from './types.ts';

// Releases of a round's answers (SPEC §6, "No tracker over time"). A round's figures are
// computed from its latest release, never from the live answers, so that nobody can look
// at the scores before and after one more response and read that person's answers as the
// difference. The first release is made when collection closes (the round moves on to
// analysing); later additions (an import, a link reopened) are released only when every
// group shown gains no respondents or at least MIN_GROUP, and no smaller set of the additions
// can be worked out by combining the groups; until then they wait, and the pages say how
// many newer responses are not yet included. Making a release is release-round.ts; this
// file reads the releases made.

export interface ReleaseSummary {
  id: string;
  number: number;
  responses: number;
  releasedAt: string;
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

/** The order of an item's counts as stored (a stored format: never reorder). */
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
