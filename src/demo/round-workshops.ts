import type { FrameworkVersion } from '../modules/framework/index.ts';
import { workshopRatings, workshops } from '../db/schema/index.ts';
import { CHANGE_SINCE_2024, type Rng } from './round-answers.ts';
import type { Ctx } from './round-rows.ts';
import { AGREED, AGREED_2024, DEPARTED_2025, FOCUS_GROUP_REASONS } from './round-text.ts';

// The focus groups and analysis workshops of the 2024 and 2025 demo rounds, with their
// ratings of every dimension.

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

export async function seedWorkshops(ctx: Ctx, roundId: string) {
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

export async function seedFirstWorkshops(ctx: Ctx, roundId: string) {
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
