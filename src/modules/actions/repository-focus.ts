import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { actions, focusAreas, memberships, rounds, users } from '../../db/schema/index.ts';
import { insertedRow } from '../../kernel/errors.ts';
import type { KnownLead } from './leads.ts';
import type { FocusAreaSource, FocusAreaValues } from './types.ts';

// SQL for a trust's focus areas (ordered by position), and the few facts about the trust the
// action plan's checks need: its members, its rounds. Every function runs in the trust's
// scope, so row-level security shows only the trust's own rows.

export interface FocusAreaRow extends FocusAreaValues {
  id: string;
  position: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const columns = {
  id: focusAreas.id,
  title: focusAreas.title,
  description: focusAreas.description,
  roundId: focusAreas.roundId,
  source: focusAreas.source,
  frameworkVersion: focusAreas.frameworkVersion,
  areas: focusAreas.areas,
  dimensions: focusAreas.dimensions,
  position: focusAreas.position,
  createdBy: focusAreas.createdBy,
  createdAt: focusAreas.createdAt,
  updatedAt: focusAreas.updatedAt,
};

const toFocusArea = (row: Omit<FocusAreaRow, 'source'> & { source: string }): FocusAreaRow => ({
  ...row,
  source: row.source as FocusAreaSource,
});

/** The trust's focus areas in the order it gave them; with a round, only that round's. */
export async function listFocusAreas(
  tx: Tx,
  options: { roundId?: string } = {},
): Promise<FocusAreaRow[]> {
  const rows = await tx
    .select(columns)
    .from(focusAreas)
    .where(options.roundId === undefined ? undefined : eq(focusAreas.roundId, options.roundId))
    .orderBy(asc(focusAreas.position), asc(focusAreas.createdAt), asc(focusAreas.id));
  return rows.map(toFocusArea);
}

export async function findFocusArea(tx: Tx, id: string): Promise<FocusAreaRow | undefined> {
  const [row] = await tx.select(columns).from(focusAreas).where(eq(focusAreas.id, id));
  return row === undefined ? undefined : toFocusArea(row);
}

/** Adds a focus area after the trust's others. */
export async function insertFocusArea(
  tx: Tx,
  trustId: string,
  values: FocusAreaValues,
  createdBy: string,
): Promise<FocusAreaRow> {
  const [row] = await tx
    .insert(focusAreas)
    .values({
      trustId,
      ...values,
      createdBy,
      position: sql`(select coalesce(max(position), 0) + 1 from focus_areas)`,
    })
    .returning(columns);
  return toFocusArea(insertedRow(row, 'a focus area'));
}

export async function updateFocusArea(tx: Tx, id: string, values: FocusAreaValues): Promise<void> {
  await tx
    .update(focusAreas)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(focusAreas.id, id));
}

export async function deleteFocusArea(tx: Tx, id: string): Promise<void> {
  await tx.delete(focusAreas).where(eq(focusAreas.id, id));
}

/**
 * Swaps a focus area with its neighbour before ('up') or after ('down') it. Gives false when
 * it is already first or last.
 */
export async function swapWithNeighbour(
  tx: Tx,
  area: FocusAreaRow,
  direction: 'up' | 'down',
): Promise<boolean> {
  const [neighbour] = await tx
    .select({ id: focusAreas.id, position: focusAreas.position })
    .from(focusAreas)
    .where(
      direction === 'up'
        ? lt(focusAreas.position, area.position)
        : gt(focusAreas.position, area.position),
    )
    .orderBy(direction === 'up' ? desc(focusAreas.position) : asc(focusAreas.position))
    .limit(1);
  if (neighbour === undefined) return false;
  await tx
    .update(focusAreas)
    .set({ position: neighbour.position, updatedAt: sql`now()` })
    .where(eq(focusAreas.id, area.id));
  await tx
    .update(focusAreas)
    .set({ position: area.position, updatedAt: sql`now()` })
    .where(eq(focusAreas.id, neighbour.id));
  return true;
}

/** Per focus area: its actions, and those of them not dropped. */
export async function actionCountsByFocusArea(
  tx: Tx,
): Promise<Map<string, { all: number; live: number }>> {
  const rows = await tx
    .select({
      focusAreaId: actions.focusAreaId,
      all: sql<number>`count(*)::int`,
      live: sql<number>`(count(*) filter (where ${actions.status} <> 'dropped'))::int`,
    })
    .from(actions)
    .where(sql`${actions.focusAreaId} is not null`)
    .groupBy(actions.focusAreaId);
  return new Map(rows.map((r) => [r.focusAreaId ?? '', { all: r.all, live: r.live }]));
}

// ---- The trust, for the checks ----

/** The trust's members (a role of any kind), by id, with their names. */
export async function memberNames(tx: Tx): Promise<Map<string, string>> {
  const rows = await tx
    .selectDistinct({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The ids of the trust's rounds. */
export async function roundIds(tx: Tx): Promise<Set<string>> {
  const rows = await tx.select({ id: rounds.id }).from(rounds);
  return new Set(rows.map((r) => r.id));
}

/** The ids of the trust's focus areas. */
export async function focusAreaIds(tx: Tx): Promise<Set<string>> {
  const rows = await tx.select({ id: focusAreas.id }).from(focusAreas);
  return new Set(rows.map((r) => r.id));
}

/** A user's name, if the user exists and is a member of the trust. */
export async function memberName(tx: Tx, userId: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, userId)))
    .limit(1);
  return row?.name;
}

/** A round's focus areas, and how many of them have an action that is not dropped. */
export async function roundCoverage(
  tx: Tx,
  roundId: string,
): Promise<{ areas: number; covered: number }> {
  const [row] = await tx
    .select({
      areas: sql<number>`count(*)::int`,
      covered: sql<number>`(count(*) filter (where exists (
        select 1 from actions a where a.focus_area_id = focus_areas.id and a.status <> 'dropped'
      )))::int`,
    })
    .from(focusAreas)
    .where(eq(focusAreas.roundId, roundId));
  return { areas: row?.areas ?? 0, covered: row?.covered ?? 0 };
}

/** The trust's people, as an import's leads are matched against them (name or email). */
export async function knownLeads(tx: Tx): Promise<KnownLead[]> {
  const rows = await tx
    .selectDistinct({ id: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId));
  return rows;
}
