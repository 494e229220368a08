import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import { planTests, questionnaires, rounds, workshops } from '../../db/schema/index.ts';
import { insertedRow, present } from '../../kernel/errors.ts';

// SQL for rounds and their plans. Every function runs in the trust's scope (withTrust), so
// row-level security shows only the trust's own rows.

export type RoundRow = typeof rounds.$inferSelect;
export type PlanTestRow = typeof planTests.$inferSelect;

export interface RoundListRow extends RoundRow {
  responses: number;
}

export interface RoundCounts {
  planTests: number;
  questionnaires: number;
  responses: number;
  workshops: number;
  focusGroups: number;
  analysisWorkshops: number;
}

// The outer table is named in full: drizzle writes a bare "id" for columns of the main table.
const responseCount = sql<number>`(select count(*)::int from responses r where r.round_id = "rounds"."id")`;

/** Newest first: by start date, then by when the round was created. */
export async function listRounds(tx: Tx): Promise<RoundListRow[]> {
  return tx
    .select({
      id: rounds.id,
      trustId: rounds.trustId,
      title: rounds.title,
      frameworkVersion: rounds.frameworkVersion,
      startsOn: rounds.startsOn,
      endsOn: rounds.endsOn,
      status: rounds.status,
      createdAt: rounds.createdAt,
      responses: responseCount,
    })
    .from(rounds)
    .orderBy(desc(rounds.startsOn), desc(rounds.createdAt));
}

export async function findRound(tx: Tx, id: string): Promise<RoundRow | undefined> {
  const [row] = await tx.select().from(rounds).where(eq(rounds.id, id));
  return row;
}

/** A round with the same title, ignoring case (and another round than `exceptId`). */
export async function findRoundByTitle(
  tx: Tx,
  title: string,
  exceptId?: string,
): Promise<RoundRow | undefined> {
  const rows = await tx
    .select()
    .from(rounds)
    .where(sql`lower(${rounds.title}) = lower(${title})`);
  return rows.find((r) => r.id !== exceptId);
}

export async function insertRound(tx: Tx, values: typeof rounds.$inferInsert): Promise<RoundRow> {
  const [row] = await tx.insert(rounds).values(values).returning();
  return insertedRow(row, 'a round');
}

export async function setRoundStatus(tx: Tx, id: string, status: string): Promise<void> {
  await tx.update(rounds).set({ status }).where(eq(rounds.id, id));
}

export async function updateRound(
  tx: Tx,
  id: string,
  values: { title: string; startsOn: string; endsOn: string },
): Promise<void> {
  await tx.update(rounds).set(values).where(eq(rounds.id, id));
}

export interface DatedRows {
  planTests: { activity: string; startsOn: string; endsOn: string | null }[];
  workshops: { kind: string; title: string; heldOn: string }[];
  questionnaires: { title: string; opensOn: string; closesOn: string }[];
}

/** Everything dated in a round: its plan, workshops and questionnaires. */
export async function datedRows(tx: Tx, roundId: string): Promise<DatedRows> {
  const [plan, held, asked] = await Promise.all([
    tx
      .select({
        activity: planTests.activity,
        startsOn: planTests.startsOn,
        endsOn: planTests.endsOn,
      })
      .from(planTests)
      .where(eq(planTests.roundId, roundId))
      .orderBy(asc(planTests.startsOn)),
    tx
      .select({ kind: workshops.kind, title: workshops.title, heldOn: workshops.heldOn })
      .from(workshops)
      .where(eq(workshops.roundId, roundId))
      .orderBy(asc(workshops.heldOn)),
    tx
      .select({
        title: questionnaires.title,
        opensOn: questionnaires.opensOn,
        closesOn: questionnaires.closesOn,
      })
      .from(questionnaires)
      .where(eq(questionnaires.roundId, roundId))
      .orderBy(asc(questionnaires.opensOn)),
  ]);
  return { planTests: plan, workshops: held, questionnaires: asked };
}

export async function roundCounts(tx: Tx, roundId: string): Promise<RoundCounts> {
  const [row] = await queryRows<RoundCounts>(
    tx,
    sql`
    select
      (select count(*)::int from plan_tests where round_id = ${roundId}) as "planTests",
      (select count(*)::int from questionnaires where round_id = ${roundId}) as "questionnaires",
      (select count(*)::int from responses where round_id = ${roundId}) as "responses",
      (select count(*)::int from workshops where round_id = ${roundId}) as "workshops",
      (select count(*)::int from workshops where round_id = ${roundId} and kind = 'focus-group') as "focusGroups",
      (select count(*)::int from workshops where round_id = ${roundId} and kind = 'analysis-workshop') as "analysisWorkshops"`,
  );
  return present(row, "the row of a round's counts");
}

// ---- The plan ----

export async function listPlanTests(tx: Tx, roundId: string): Promise<PlanTestRow[]> {
  return tx
    .select()
    .from(planTests)
    .where(eq(planTests.roundId, roundId))
    .orderBy(
      asc(planTests.startsOn),
      sql`${planTests.endsOn} asc nulls first`,
      asc(planTests.createdAt),
    );
}

export async function findPlanTest(
  tx: Tx,
  roundId: string,
  id: string,
): Promise<PlanTestRow | undefined> {
  const [row] = await tx
    .select()
    .from(planTests)
    .where(and(eq(planTests.roundId, roundId), eq(planTests.id, id)));
  return row;
}

export interface PlanTestValues {
  areaKeys: string[];
  activity: string;
  startsOn: string;
  endsOn: string | null;
  participants: string[];
  description: string;
}

export async function insertPlanTest(
  tx: Tx,
  trustId: string,
  roundId: string,
  values: PlanTestValues,
): Promise<PlanTestRow> {
  const [row] = await tx
    .insert(planTests)
    .values({ trustId, roundId, ...values })
    .returning();
  return insertedRow(row, 'a plan test');
}

export async function updatePlanTest(
  tx: Tx,
  id: string,
  values: PlanTestValues,
): Promise<PlanTestRow | undefined> {
  const [row] = await tx.update(planTests).set(values).where(eq(planTests.id, id)).returning();
  return row;
}

export async function deletePlanTest(tx: Tx, id: string): Promise<void> {
  await tx.delete(planTests).where(eq(planTests.id, id));
}
