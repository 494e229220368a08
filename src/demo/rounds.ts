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
} from '../db/schema/index.ts';
import { getVersion } from '../modules/framework/repository.ts';
import type { FrameworkVersion } from '../modules/framework/schema.ts';
import type { AudienceKey } from '../kernel/framework.ts';
import { storeResponses } from '../modules/responses/store.ts';
import {
  ALL_AREAS,
  CHANGE_SINCE_2024,
  generator,
  makeResponses,
  PARENTS_2025,
  PRACTITIONERS_2024,
  PRACTITIONERS_2025,
  PRACTITIONERS_2026,
  YOUNG_PEOPLE_2024,
  YOUNG_PEOPLE_2025,
  YOUNG_PEOPLE_2026,
  type Group,
  type Rng,
} from './round-answers.ts';
import {
  AGREED,
  AGREED_2024,
  COMMENTS_2024,
  DEPARTED_2025,
  FOCUS_GROUP_REASONS,
  type CommentPool,
} from './round-text.ts';

// Three assessment rounds for the demo trust, so a newcomer sees the whole cycle and can
// compare one year with another: the 2024 round reported to the board, last year's round
// finished and being analysed (plan, questionnaires, a few hundred answers, a focus group
// and the analysis workshop), and this year's collecting answers now.

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
  // The first round has a generator of its own, so adding it left the later rounds' answers
  // as they were.
  await seedFirstYear({ ...ctx, rng: generator(20240155) });
  await seedLastYear(ctx);
  await seedThisYear(ctx, today);
}

/**
 * Answers in 2024 lean back from those of 2025 by how much each dimension has moved
 * since. A little more than the move itself, as rounding to whole answers and the ends of
 * the scale pull means towards the middle.
 */
const BEHIND_2025 = Object.fromEntries(
  Object.entries(CHANGE_SINCE_2024).map(([key, change]) => [key, -1.1 * change]),
);

async function seedFirstYear(ctx: Ctx) {
  const { has } = ctx;
  const roundId = await insertRound(ctx, {
    title: '2024 self-assessment',
    startsOn: '2024-01-15',
    endsOn: '2024-07-31',
    status: 'reported',
  });
  const staffSectors = PRACTITIONERS_2024.map(([key]) => key).filter(has);
  const some = (...keys: string[]) => keys.filter(has);
  // prettier-ignore
  await insertPlan(ctx, roundId, [
    [ALL_AREAS, 'questionnaire', '2024-01-22', '2024-03-29', [...staffSectors, ...STAFF], 'The partnership’s first questionnaire for leaders, managers and frontline staff, sent to each organisation’s workforce lead to pass on to their teams.'],
    [ALL_AREAS, 'questionnaire', '2024-03-04', '2024-04-26', ['children-young-people', ...some('schools', 'youth')], 'Children and young people’s questionnaire in secondary schools and youth clubs.'],
    [['common-values', 'integrated-working', 'complementary-roles'], 'other', '2024-04-29', '2024-05-24', ['parents-carers', ...some('family-support', 'early-years')], 'Conversations with parents and carers at three family hub drop-in sessions, written up by the early help team.'],
    [['integrated-working', 'skilled-workforce', 'complementary-roles'], 'focus-group', '2024-05-15', null, ['frontline', ...some('early-years', 'health', 'schools', 'family-support', 'social-care')], 'Focus group of frontline practitioners on working together, training and roles.'],
    [ALL_AREAS, 'analysis-workshop', '2024-06-12', null, ['leaders-managers', ...some('social-care', 'schools', 'health', 'early-years', 'family-support', 'voluntary')], 'The workforce development sub-group agrees the partnership’s first position on each dimension and its priorities for the year.'],
  ]);
  // prettier-ignore
  const q = await insertQuestionnaires(ctx, roundId, [
    ['leaders-managers', 'Leaders and managers questionnaire 2024', '2024-01-22', '2024-03-29'],
    ['frontline', 'Frontline practitioners questionnaire 2024', '2024-01-22', '2024-03-29'],
    ['children-young-people', 'Children and young people’s questionnaire 2024', '2024-03-04', '2024-04-26'],
  ]);
  await insertLinks(ctx, q, new Date('2024-04-26T17:00:00Z'));
  const groups: Omit<Group, 'roundId' | 'lift' | 'drillDownKey'>[] = [];
  // prettier-ignore
  for (const [sectorKey, frontline, leaders] of PRACTITIONERS_2024.filter(([key]) => has(key))) {
    groups.push({ audience: 'frontline', questionnaireId: q('frontline'), sectorKey, count: frontline });
    groups.push({ audience: 'leaders-managers', questionnaireId: q('leaders-managers'), sectorKey, count: leaders });
  }
  // prettier-ignore
  groups.push({ audience: 'children-young-people', questionnaireId: q('children-young-people'), sectorKey: null, count: YOUNG_PEOPLE_2024 });
  await insertResponses(ctx, roundId, groups, {
    lift: 0,
    shift: BEHIND_2025,
    comments: COMMENTS_2024,
    drillDownKey: null,
    from: '2024-01-22',
    days: 95,
  });
  await seedFirstWorkshops(ctx, roundId);
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

function stageOf(version: FrameworkVersion, score: number): number {
  const stages = [...version.stages].sort((a, b) => b.minScore - a.minScore);
  return stages.find((s) => score >= s.minScore)?.number ?? 1;
}

const peopleFrom = (has: (key: string) => boolean, list: [string, number][]) =>
  list.filter(([key]) => has(key)).map(([sectorKey, count]) => ({ sectorKey, count }));

/** A focus group's own rating: near the agreed position, but not the same. */
function feltScore(rng: Rng, agreed: number): number {
  return Math.min(5, Math.max(1, Math.round((agreed - 0.3 + rng.next() * 0.6) * 10) / 10));
}

function ratingRow(
  { trustId, version }: Ctx,
  workshopId: string,
  dimensionKey: string,
  score: number,
  reasons: string,
  evidenceLinks: string[] = [],
): typeof workshopRatings.$inferInsert {
  return {
    trustId,
    workshopId,
    dimensionKey,
    score: score.toFixed(1),
    stage: stageOf(version, score),
    reasons,
    evidenceLinks,
  };
}

const focusReasons = (felt: number) => FOCUS_GROUP_REASONS.find(([min]) => felt >= min)?.[1] ?? '';

async function seedWorkshops(ctx: Ctx, roundId: string) {
  const { tx, trustId, version, rng } = ctx;
  const people = (list: [string, number][]) => peopleFrom(ctx.has, list);
  // prettier-ignore
  const held: (typeof workshops.$inferInsert)[] = [
    { trustId, roundId, kind: 'focus-group', title: 'Frontline practitioners’ focus group', heldOn: '2025-05-14', facilitator: 'Helen Marsh', participants: people([['schools', 3], ['health', 2], ['social-care', 2], ['early-years', 2], ['family-support', 1], ['voluntary', 1]]), notes: 'Eleven practitioners from six sectors went through the questionnaire results area by area and rated each dimension from their own experience.' },
    { trustId, roundId, kind: 'analysis-workshop', title: 'Analysis workshop: workforce development sub-group', heldOn: '2025-06-11', facilitator: 'Priya Raman', participants: people([['social-care', 2], ['schools', 2], ['health', 2], ['early-years', 1], ['voluntary', 1], ['safeguarding-board', 1]]), notes: 'The sub-group compared the questionnaire scores with the focus group, the evidence review and last year’s position, and agreed a position on every dimension. Where the evidence told a different story from the questionnaires, the reasons say so. Workforce planning, joint induction and information sharing were chosen as priorities.' },
  ];
  const [focus, analysis] = await tx.insert(workshops).values(held).returning({ id: workshops.id });
  if (focus === undefined || analysis === undefined) throw new Error('demo workshops not created');
  const ratings: (typeof workshopRatings.$inferInsert)[] = [];
  for (const area of version.areas)
    for (const dimension of area.dimensions) {
      // The focus group's ratings start from what the answers were made up from; the
      // workshop departed from that on a few dimensions.
      const [base, why] = AGREED[dimension.key] ?? [3, 'A mixed picture across sectors.'];
      const [agreed, reasons] = DEPARTED_2025[dimension.key] ?? [base, why];
      const felt = feltScore(rng, base);
      ratings.push(ratingRow(ctx, focus.id, dimension.key, felt, focusReasons(felt)));
      ratings.push(
        ratingRow(
          ctx,
          analysis.id,
          dimension.key,
          agreed,
          reasons,
          area.key === 'keeping-safe'
            ? ['https://riverside-partnership.example.org/safeguarding/training-audit-2025']
            : [],
        ),
      );
    }
  await tx.insert(workshopRatings).values(ratings);
}

/** The areas the 2024 focus group looked at. */
const FOCUS_AREAS_2024 = ['integrated-working', 'skilled-workforce', 'complementary-roles'];

async function seedFirstWorkshops(ctx: Ctx, roundId: string) {
  const { tx, trustId, version, rng } = ctx;
  const people = (list: [string, number][]) => peopleFrom(ctx.has, list);
  // prettier-ignore
  const held: (typeof workshops.$inferInsert)[] = [
    { trustId, roundId, kind: 'focus-group', title: 'Focus group: working together, training and roles', heldOn: '2024-05-15', facilitator: 'Dawn Fletcher', participants: people([['early-years', 3], ['health', 2], ['schools', 2], ['family-support', 2], ['social-care', 1]]), notes: 'Ten frontline practitioners looked at the questionnaire results for integrated working, the skilled workforce and complementary roles, and rated each of those dimensions from their own experience.' },
    { trustId, roundId, kind: 'analysis-workshop', title: 'Analysis workshop: workforce development sub-group', heldOn: '2024-06-12', facilitator: 'Priya Raman', participants: people([['social-care', 2], ['schools', 2], ['health', 1], ['early-years', 1], ['family-support', 1], ['voluntary', 1]]), notes: 'The sub-group agreed a position on each dimension from the questionnaires, the focus group and what parents said at the family hub drop-ins. It ran out of time before the complementary roles area, so the questionnaire scores stand for those dimensions. Information sharing, the threshold guidance and plain language in letters to families were chosen as priorities for the year.' },
  ];
  const [focus, analysis] = await tx.insert(workshops).values(held).returning({ id: workshops.id });
  if (focus === undefined || analysis === undefined) throw new Error('demo workshops not created');
  const ratings: (typeof workshopRatings.$inferInsert)[] = [];
  for (const area of version.areas)
    for (const dimension of area.dimensions) {
      const agreed = AGREED_2024[dimension.key];
      if (FOCUS_AREAS_2024.includes(area.key)) {
        const later = AGREED[dimension.key]?.[0] ?? 3;
        const felt = feltScore(rng, agreed?.[0] ?? later - (CHANGE_SINCE_2024[dimension.key] ?? 0));
        ratings.push(ratingRow(ctx, focus.id, dimension.key, felt, focusReasons(felt)));
      }
      if (agreed !== undefined)
        ratings.push(
          ratingRow(
            ctx,
            analysis.id,
            dimension.key,
            agreed[0],
            agreed[1],
            area.key === 'keeping-safe'
              ? ['https://riverside-partnership.example.org/safeguarding/training-audit-2024']
              : [],
          ),
        );
    }
  await tx.insert(workshopRatings).values(ratings);
}
