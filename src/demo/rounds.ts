import { desc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { frameworkVersions, localities } from '../db/schema/index.ts';
import { getVersion } from '../modules/framework/index.ts';
import {
  ALL_AREAS,
  CHANGE_SINCE_2024,
  generator,
  PARENTS_2025,
  PRACTITIONERS_2024,
  PRACTITIONERS_2025,
  PRACTITIONERS_2026,
  YOUNG_PEOPLE_2024,
  YOUNG_PEOPLE_2025,
  YOUNG_PEOPLE_2026,
  type Group,
} from './round-answers.ts';
import {
  insertLinks,
  insertPlan,
  insertQuestionnaires,
  insertResponses,
  insertRound,
  STAFF,
  type Ctx,
} from './round-rows.ts';
import { COMMENTS_2024 } from './round-text.ts';
import { seedFirstWorkshops, seedWorkshops } from './round-workshops.ts';

// Three assessment rounds for the demo trust, so a newcomer sees the whole cycle and can
// compare one year with another: the 2024 round reported to the board, last year's round
// finished and being analysed (plan, questionnaires, a few hundred answers, a focus group
// and the analysis workshop), and this year's collecting answers now.

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);

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
