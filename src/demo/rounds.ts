import { randomBytes } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import {
  frameworkVersions,
  localities,
  planTests,
  questionnaireLinks,
  questionnaires,
  responses,
  rounds,
  workshopRatings,
  workshops,
} from '../db/schema.ts';
import { getVersion } from '../modules/framework/repository.ts';
import type { AudienceKey, FrameworkVersion } from '../modules/framework/schema.ts';
import { storeResponses } from '../modules/responses/store.ts';
import {
  ALL_AREAS,
  generator,
  makeResponses,
  PARENTS_2025,
  PRACTITIONERS_2025,
  PRACTITIONERS_2026,
  YOUNG_PEOPLE_2025,
  YOUNG_PEOPLE_2026,
  type Group,
  type Rng,
} from './round-answers.ts';
import { AGREED, FOCUS_GROUP_REASONS } from './round-text.ts';

// Two assessment rounds for the demo trust, so a newcomer sees the whole cycle: last
// year's round finished and being analysed (plan, questionnaires, a few hundred answers, a
// focus group and the analysis workshop), and this year's collecting answers now.

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);
const STAFF = ['leaders-managers', 'frontline'] as const;

type PlanRow = [
  areaKeys: string[],
  activity: string,
  startsOn: string,
  endsOn: string | null,
  participants: string[],
  description: string,
];

interface Ctx {
  tx: Tx;
  trustId: string;
  version: FrameworkVersion;
  sectorKeys: readonly string[];
  has: (sectorKey: string) => boolean;
  places: string[];
  rng: Rng;
}

/** Seeds both demo rounds for the demo trust, in the caller's transaction. */
export async function seedDemoRounds(
  tx: Tx,
  trustId: string,
  sectorKeys: readonly string[],
  today = new Date(),
): Promise<void> {
  const [latest] = await tx
    .select({ key: frameworkVersions.key })
    .from(frameworkVersions)
    .where(eq(frameworkVersions.status, 'published'))
    .orderBy(desc(frameworkVersions.key))
    .limit(1);
  const version = latest && (await getVersion(tx, latest.key))?.content;
  if (version === undefined) return;
  const places = await tx
    .select({ name: localities.name })
    .from(localities)
    .where(eq(localities.trustId, trustId));
  const ctx: Ctx = {
    tx,
    trustId,
    version,
    sectorKeys,
    has: (key) => sectorKeys.includes(key),
    places: places.map((p) => p.name),
    rng: generator(20250123),
  };
  await seedLastYear(ctx);
  await seedThisYear(ctx, today);
}

async function seedLastYear(ctx: Ctx) {
  const { has } = ctx;
  const roundId = await insertRound(ctx, {
    title: '2025 self-assessment',
    startsOn: '2025-01-13',
    endsOn: '2025-07-31',
    status: 'analysing',
  });
  const staffSectors = PRACTITIONERS_2025.map(([key]) => key).filter(has);
  const some = (...keys: string[]) => keys.filter(has);
  // prettier-ignore
  await insertPlan(ctx, roundId, [
    [ALL_AREAS, 'questionnaire', '2025-01-20', '2025-03-28', [...staffSectors, ...STAFF], 'Online questionnaire for leaders, managers and frontline staff in every partner sector, sent out through each organisation’s newsletter with a link per sector.'],
    [ALL_AREAS, 'questionnaire', '2025-03-03', '2025-04-30', ['children-young-people', 'parents-carers', ...some('schools', 'youth', 'early-years')], 'Short questionnaires in plain language for children, young people, parents and carers, handed out in schools, youth clubs and family hubs.'],
    [['skilled-workforce', 'complementary-roles'], 'evidence-review', '2025-04-01', '2025-05-09', ['leaders-managers', ...some('social-care', 'health', 'schools')], 'Review of training records, supervision audits and vacancy figures held by the main employers.'],
    [ALL_AREAS, 'focus-group', '2025-05-14', null, ['frontline', ...some('schools', 'health', 'social-care', 'early-years', 'family-support', 'voluntary')], 'Half-day focus group of frontline practitioners to test what the questionnaire results meant in practice.'],
    [['positive-outcomes', 'keeping-safe'], 'focus-group', '2025-05-21', null, ['children-young-people', ...some('youth')], 'Discussion with the youth council about feeling safe and being listened to.'],
    [ALL_AREAS, 'analysis-workshop', '2025-06-11', null, ['leaders-managers', ...some('social-care', 'schools', 'health', 'early-years', 'voluntary', 'safeguarding-board')], 'The workforce development sub-group agrees a position on every dimension and the priorities for the action plan.'],
  ]);
  // prettier-ignore
  const q = await insertQuestionnaires(ctx, roundId, [
    ['leaders-managers', 'Leaders and managers questionnaire 2025', '2025-01-20', '2025-03-28'],
    ['frontline', 'Frontline practitioners questionnaire 2025', '2025-01-20', '2025-03-28'],
    ['children-young-people', 'Children and young people’s questionnaire 2025', '2025-03-03', '2025-04-30'],
    ['parents-carers', 'Parents and carers questionnaire 2025', '2025-03-03', '2025-04-30'],
  ]);
  await insertLinks(ctx, q, new Date('2025-03-28T18:00:00Z'));
  const groups: Omit<Group, 'roundId' | 'lift' | 'drillDownKey'>[] = [];
  // prettier-ignore
  for (const [sectorKey, frontline, leaders] of PRACTITIONERS_2025.filter(([key]) => has(key))) {
    groups.push({ audience: 'frontline', questionnaireId: q('frontline'), sectorKey, count: frontline });
    groups.push({ audience: 'leaders-managers', questionnaireId: q('leaders-managers'), sectorKey, count: leaders });
  }
  // prettier-ignore
  groups.push(
    { audience: 'children-young-people', questionnaireId: q('children-young-people'), sectorKey: null, count: YOUNG_PEOPLE_2025 },
    { audience: 'parents-carers', questionnaireId: q('parents-carers'), sectorKey: null, count: PARENTS_2025 },
  );
  await insertResponses(ctx, roundId, groups, {
    lift: 0,
    drillDownKey: null,
    from: '2025-01-20',
    days: 100,
  });
  await seedWorkshops(ctx, roundId);
}

async function seedThisYear(ctx: Ctx, today: Date) {
  const { has, version } = ctx;
  const opens = addDays(today, -30);
  const closes = addDays(today, 61);
  const roundId = await insertRound(ctx, {
    title: '2026 self-assessment',
    startsOn: iso(addDays(opens, -14)),
    endsOn: iso(addDays(closes, 90)),
    status: 'collecting',
  });
  const some = (...keys: string[]) => keys.filter(has);
  // prettier-ignore
  await insertPlan(ctx, roundId, [
    [ALL_AREAS, 'questionnaire', iso(opens), iso(closes), [...ctx.sectorKeys, ...STAFF], 'Online questionnaire for leaders, managers and frontline staff, with a link for each sector. Leaders also answer the integrated working questions in more depth.'],
    [ALL_AREAS, 'questionnaire', iso(addDays(opens, 7)), iso(closes), ['children-young-people', ...some('schools', 'youth')], 'Children and young people’s questionnaire through schools and youth clubs.'],
    [['integrated-working', 'complementary-roles'], 'focus-group', iso(addDays(closes, 10)), null, ['frontline', ...some('early-years', 'health', 'family-support')], 'Focus group on whether last year’s actions on integrated working have made a difference.'],
    [ALL_AREAS, 'analysis-workshop', iso(addDays(closes, 35)), null, ['leaders-managers', ...some('social-care', 'schools', 'health', 'early-years', 'voluntary')], 'The workforce development sub-group agrees this year’s position and compares it with 2025.'],
  ]);
  const drillDownKey = version.drillDowns[0]?.key ?? null;
  // prettier-ignore
  const q = await insertQuestionnaires(ctx, roundId, [
    ['leaders-managers', 'Leaders and managers questionnaire 2026', iso(opens), iso(closes), drillDownKey],
    ['frontline', 'Frontline practitioners questionnaire 2026', iso(opens), iso(closes)],
    ['children-young-people', 'Children and young people’s questionnaire 2026', iso(addDays(opens, 7)), iso(closes)],
  ]);
  await insertLinks(ctx, q, null);
  const groups: Omit<Group, 'roundId' | 'lift' | 'drillDownKey'>[] = [];
  // prettier-ignore
  for (const [sectorKey, frontline, leaders] of PRACTITIONERS_2026.filter(([key]) => has(key))) {
    groups.push({ audience: 'frontline', questionnaireId: q('frontline'), sectorKey, count: frontline });
    groups.push({ audience: 'leaders-managers', questionnaireId: q('leaders-managers'), sectorKey, count: leaders });
  }
  // prettier-ignore
  groups.push({ audience: 'children-young-people', questionnaireId: q('children-young-people'), sectorKey: null, count: YOUNG_PEOPLE_2026 });
  await insertResponses(ctx, roundId, groups, {
    lift: 0.2,
    drillDownKey,
    from: iso(opens),
    days: 31,
  });
}

async function insertRound(
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

async function insertPlan({ tx, trustId }: Ctx, roundId: string, rows: PlanRow[]) {
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
async function insertQuestionnaires(
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
async function insertLinks(
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
async function insertResponses(
  ctx: Ctx,
  roundId: string,
  groups: Omit<Group, 'roundId' | 'lift' | 'drillDownKey'>[],
  options: { lift: number; drillDownKey: string | null; from: string; days: number },
) {
  const batch = groups.flatMap((group, i) =>
    makeResponses(
      ctx.rng,
      ctx.version,
      {
        ...group,
        roundId,
        lift: options.lift,
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

function stageOf(version: FrameworkVersion, score: number): number {
  const stages = [...version.stages].sort((a, b) => b.minScore - a.minScore);
  return stages.find((s) => score >= s.minScore)?.number ?? 1;
}

async function seedWorkshops({ tx, trustId, version, has, rng }: Ctx, roundId: string) {
  const people = (list: [string, number][]) =>
    list.filter(([key]) => has(key)).map(([sectorKey, count]) => ({ sectorKey, count }));
  // prettier-ignore
  const held: (typeof workshops.$inferInsert)[] = [
    { trustId, roundId, kind: 'focus-group', title: 'Frontline practitioners’ focus group', heldOn: '2025-05-14', facilitator: 'Helen Marsh', participants: people([['schools', 3], ['health', 2], ['social-care', 2], ['early-years', 2], ['family-support', 1], ['voluntary', 1]]), notes: 'Eleven practitioners from six sectors went through the questionnaire results area by area and rated each dimension from their own experience.' },
    { trustId, roundId, kind: 'analysis-workshop', title: 'Analysis workshop: workforce development sub-group', heldOn: '2025-06-11', facilitator: 'Priya Raman', participants: people([['social-care', 2], ['schools', 2], ['health', 2], ['early-years', 1], ['voluntary', 1], ['safeguarding-board', 1]]), notes: 'The sub-group compared the questionnaire scores with the focus group and the evidence review and agreed a position on every dimension. Workforce planning, joint induction and information sharing were chosen as priorities.' },
  ];
  const [focus, analysis] = await tx.insert(workshops).values(held).returning({ id: workshops.id });
  if (focus === undefined || analysis === undefined) throw new Error('demo workshops not created');
  const ratings: (typeof workshopRatings.$inferInsert)[] = [];
  for (const area of version.areas)
    for (const dimension of area.dimensions) {
      const [agreed, reasons] = AGREED[dimension.key] ?? [3, 'A mixed picture across sectors.'];
      const felt = Math.min(
        5,
        Math.max(1, Math.round((agreed - 0.3 + rng.next() * 0.6) * 10) / 10),
      );
      ratings.push({
        trustId,
        workshopId: focus.id,
        dimensionKey: dimension.key,
        score: felt.toFixed(1),
        stage: stageOf(version, felt),
        reasons: FOCUS_GROUP_REASONS.find(([min]) => felt >= min)?.[1] ?? '',
      });
      ratings.push({
        trustId,
        workshopId: analysis.id,
        dimensionKey: dimension.key,
        score: agreed.toFixed(1),
        stage: stageOf(version, agreed),
        reasons,
        evidenceLinks:
          area.key === 'keeping-safe'
            ? ['https://riverside-partnership.example.org/safeguarding/training-audit-2025']
            : [],
      });
    }
  await tx.insert(workshopRatings).values(ratings);
}
