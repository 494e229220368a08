import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { workshopRatings, workshops } from '../../db/schema/index.ts';
import { insertedRow } from '../../kernel/errors.ts';
import type { RatingValues } from './ratings.ts';

// SQL for focus groups, analysis workshops and their ratings. Every function runs in the
// trust's scope (withTrust), so row-level security shows only the trust's own rows.

export interface Participant {
  sectorKey: string;
  count: number;
}

export interface WorkshopRow {
  id: string;
  roundId: string;
  kind: string;
  title: string;
  heldOn: string;
  facilitator: string;
  participants: Participant[];
  notes: string;
  createdAt: Date;
}

export interface WorkshopListRow extends WorkshopRow {
  ratings: number;
}

export interface RatingRow extends RatingValues {
  workshopId: string;
  dimensionKey: string;
}

export interface WorkshopValues {
  kind: string;
  title: string;
  heldOn: string;
  facilitator: string;
  participants: Participant[];
  notes: string;
}

function toParticipants(value: unknown): Participant[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p: unknown) => {
    if (typeof p !== 'object' || p === null) return [];
    const { sectorKey, count } = p as Record<string, unknown>;
    return typeof sectorKey === 'string' && typeof count === 'number' ? [{ sectorKey, count }] : [];
  });
}

const columns = {
  id: workshops.id,
  roundId: workshops.roundId,
  kind: workshops.kind,
  title: workshops.title,
  heldOn: workshops.heldOn,
  facilitator: workshops.facilitator,
  participants: workshops.participants,
  notes: workshops.notes,
  createdAt: workshops.createdAt,
};

/** Most recent first. */
export async function listWorkshops(tx: Tx, roundId: string): Promise<WorkshopListRow[]> {
  const rows = await tx
    .select({
      ...columns,
      ratings: sql<number>`(select count(*)::int from workshop_ratings wr where wr.workshop_id = "workshops"."id")`,
    })
    .from(workshops)
    .where(eq(workshops.roundId, roundId))
    .orderBy(desc(workshops.heldOn), desc(workshops.createdAt));
  return rows.map((r) => ({ ...r, participants: toParticipants(r.participants) }));
}

export async function findWorkshop(
  tx: Tx,
  roundId: string,
  id: string,
): Promise<WorkshopRow | undefined> {
  const [row] = await tx
    .select(columns)
    .from(workshops)
    .where(and(eq(workshops.roundId, roundId), eq(workshops.id, id)));
  return row === undefined ? undefined : { ...row, participants: toParticipants(row.participants) };
}

export async function insertWorkshop(
  tx: Tx,
  trustId: string,
  roundId: string,
  values: WorkshopValues,
): Promise<WorkshopRow> {
  const [row] = await tx
    .insert(workshops)
    .values({ trustId, roundId, ...values })
    .returning(columns);
  const inserted = insertedRow(row, 'a workshop');
  return { ...inserted, participants: toParticipants(inserted.participants) };
}

export async function updateWorkshop(tx: Tx, id: string, values: WorkshopValues): Promise<void> {
  await tx.update(workshops).set(values).where(eq(workshops.id, id));
}

export async function deleteWorkshop(tx: Tx, id: string): Promise<void> {
  await tx.delete(workshops).where(eq(workshops.id, id));
}

// ---- Ratings ----

const ratingColumns = {
  workshopId: workshopRatings.workshopId,
  dimensionKey: workshopRatings.dimensionKey,
  score: workshopRatings.score,
  stage: workshopRatings.stage,
  reasons: workshopRatings.reasons,
  evidenceLinks: workshopRatings.evidenceLinks,
};

type RawRating = {
  workshopId: string;
  dimensionKey: string;
  score: string | null;
  stage: number | null;
  reasons: string;
  evidenceLinks: string[];
};

const toRating = (r: RawRating): RatingRow => ({
  ...r,
  score: r.score === null ? null : Number(r.score),
});

export async function listRatings(tx: Tx, workshopIds: string[]): Promise<RatingRow[]> {
  if (workshopIds.length === 0) return [];
  const rows = await tx
    .select(ratingColumns)
    .from(workshopRatings)
    .where(inArray(workshopRatings.workshopId, workshopIds))
    .orderBy(asc(workshopRatings.dimensionKey));
  return rows.map(toRating);
}

/** Sets the ratings of some dimensions: a rating per key, or null to remove it. */
export async function saveRatings(
  tx: Tx,
  trustId: string,
  workshopId: string,
  changes: Map<string, RatingValues | null>,
): Promise<void> {
  const removed = [...changes].filter(([, r]) => r === null).map(([key]) => key);
  if (removed.length > 0)
    await tx
      .delete(workshopRatings)
      .where(
        and(
          eq(workshopRatings.workshopId, workshopId),
          inArray(workshopRatings.dimensionKey, removed),
        ),
      );
  for (const [dimensionKey, rating] of changes) {
    if (rating === null) continue;
    const values = {
      score: rating.score === null ? null : rating.score.toFixed(1),
      stage: rating.stage,
      reasons: rating.reasons,
      evidenceLinks: rating.evidenceLinks,
    };
    await tx
      .insert(workshopRatings)
      .values({ trustId, workshopId, dimensionKey, ...values })
      .onConflictDoUpdate({
        target: [workshopRatings.workshopId, workshopRatings.dimensionKey],
        set: values,
      });
  }
}

export interface AgreedPosition {
  score: number | null;
  stage: number | null;
  workshopId: string;
  heldOn: string;
}

/**
 * The agreed position per dimension: the rating (with a score or a stage) from the most
 * recent analysis workshop of the round that rated that dimension. Focus groups never count.
 */
export async function agreedPositions(
  tx: Tx,
  roundId: string,
): Promise<Map<string, AgreedPosition>> {
  const rows = await tx
    .select({
      dimensionKey: workshopRatings.dimensionKey,
      score: workshopRatings.score,
      stage: workshopRatings.stage,
      workshopId: workshops.id,
      heldOn: workshops.heldOn,
    })
    .from(workshopRatings)
    .innerJoin(workshops, eq(workshops.id, workshopRatings.workshopId))
    .where(
      and(
        eq(workshops.roundId, roundId),
        eq(workshops.kind, 'analysis-workshop'),
        sql`(${workshopRatings.score} is not null or ${workshopRatings.stage} is not null)`,
      ),
    )
    .orderBy(desc(workshops.heldOn), desc(workshops.createdAt), desc(workshops.id));
  const positions = new Map<string, AgreedPosition>();
  for (const row of rows) {
    if (positions.has(row.dimensionKey)) continue;
    positions.set(row.dimensionKey, {
      score: row.score === null ? null : Number(row.score),
      stage: row.stage,
      workshopId: row.workshopId,
      heldOn: row.heldOn,
    });
  }
  return positions;
}
