import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import {
  planTests,
  questionnaireLinks,
  questionnaires,
  responses,
  rounds,
} from '../db/schema/index.ts';
import type { FrameworkVersion } from '../modules/framework/index.ts';
import type { AudienceKey } from '../kernel/framework.ts';
import { storeResponses } from '../modules/responses/index.ts';
import { ALL_AREAS, makeResponses, type Group, type Rng } from './round-answers.ts';
import type { CommentPool } from './round-text.ts';

// The rows of a demo round: the round itself, its plan, questionnaires, open links and
// made-up responses.

export const STAFF = ['leaders-managers', 'frontline'] as const;

export type PlanRow = [
  areaKeys: string[],
  activity: string,
  startsOn: string,
  endsOn: string | null,
  participants: string[],
  description: string,
];

/** What seeding the demo rounds of one trust needs throughout. */
export interface Ctx {
  tx: Tx;
  trustId: string;
  version: FrameworkVersion;
  sectorKeys: readonly string[];
  has: (sectorKey: string) => boolean;
  places: string[];
  rng: Rng;
}

export async function insertRound(
  { tx, trustId, version }: Ctx,
  values: { title: string; startsOn: string; endsOn: string; status: string },
): Promise<string> {
  const [row] = await tx
    .insert(rounds)
    .values({ trustId, frameworkVersion: version.key, ...values })
    .returning({ id: rounds.id });
  if (row === undefined) throw new Error('demo round not created');
  return row.id;
}

export async function insertPlan({ tx, trustId }: Ctx, roundId: string, rows: PlanRow[]) {
  await tx.insert(planTests).values(
    rows.map(([areaKeys, activity, startsOn, endsOn, participants, description]) => ({
      trustId,
      roundId,
      areaKeys,
      activity,
      startsOn,
      endsOn,
      participants,
      description,
    })),
  );
}

/** Questionnaires on all seven areas; returns a lookup of their ids by audience. */
export async function insertQuestionnaires(
  { tx, trustId }: Ctx,
  roundId: string,
  rows: [AudienceKey, string, string, string, (string | null)?][],
): Promise<(audience: AudienceKey) => string | null> {
  const inserted = await tx
    .insert(questionnaires)
    .values(
      rows.map(([audience, title, opensOn, closesOn, drillDownKey]) => {
        const staff = audience === 'leaders-managers' || audience === 'frontline';
        return {
          trustId,
          roundId,
          audience,
          title,
          areaKeys: ALL_AREAS,
          drillDownKey: drillDownKey ?? null,
          opensOn,
          closesOn,
          askSector: staff,
          askLocality: staff,
        };
      }),
    )
    .returning({ id: questionnaires.id, audience: questionnaires.audience });
  const ids = new Map(inserted.map((row) => [row.audience, row.id]));
  return (audience) => ids.get(audience) ?? null;
}

/** Open links: one per sector for the staff questionnaires, one for children and young people. */
export async function insertLinks(
  { tx, trustId, sectorKeys }: Ctx,
  q: (audience: AudienceKey) => string | null,
  closedAt: Date | null,
) {
  const rows: (typeof questionnaireLinks.$inferInsert)[] = [];
  const code = () => randomBytes(8).toString('base64url');
  for (const audience of STAFF) {
    const questionnaireId = q(audience);
    if (questionnaireId !== null)
      for (const sectorKey of sectorKeys)
        rows.push({ trustId, questionnaireId, sectorKey, code: code(), closedAt });
  }
  const young = q('children-young-people');
  if (young !== null)
    rows.push({ trustId, questionnaireId: young, sectorKey: null, code: code(), closedAt });
  if (rows.length > 0) await tx.insert(questionnaireLinks).values(rows);
}

/** Stores the groups' answers in one batch, then spreads the days they were given. */
export async function insertResponses(
  ctx: Ctx,
  roundId: string,
  groups: Omit<Group, 'roundId' | 'lift' | 'drillDownKey'>[],
  options: {
    lift: number;
    shift?: Record<string, number>;
    comments?: CommentPool;
    drillDownKey: string | null;
    from: string;
    days: number;
  },
) {
  const batch = groups.flatMap((group, i) =>
    makeResponses(
      ctx.rng,
      ctx.version,
      {
        ...group,
        roundId,
        lift: options.lift,
        shift: options.shift,
        comments: options.comments,
        drillDownKey: group.audience === 'leaders-managers' ? options.drillDownKey : null,
      },
      ctx.places,
      i * 1000,
    ),
  );
  await storeResponses(ctx.tx, ctx.trustId, batch);
  await ctx.tx
    .update(responses)
    .set({
      submittedOn: sql`${options.from}::date + (abs(hashtext(${responses.id}::text)) % ${options.days})::int`,
    })
    .where(eq(responses.roundId, roundId));
}
