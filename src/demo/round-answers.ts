import type { FrameworkVersion } from '../modules/framework/index.ts';
import type { AudienceKey } from '../kernel/framework.ts';
import { DONT_KNOW, NOT_APPLICABLE, type AnswerValue } from '../kernel/answers.ts';
import { questionPages } from '../modules/questionnaires/index.ts';
import type { NewResponse } from '../modules/responses/index.ts';
import { AGREED, COMMENTS, type CommentPool } from './round-text.ts';

// Made-up answers for the demo rounds. Sectors and audiences lean differently (schools and
// health answer in numbers, social care is strongest on keeping children safe, early years
// weaker on integrated working, leaders more positive than frontline staff, children's
// answers more spread out), so the analysis pages have something to show.

/** A small seeded generator (mulberry32): the same demo data on every run. */
export function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return { next, normal, pick };
}
export type Rng = ReturnType<typeof generator>;

export const ALL_AREAS = [
  'shared-identity',
  'common-values',
  'positive-outcomes',
  'integrated-working',
  'skilled-workforce',
  'complementary-roles',
  'keeping-safe',
];

/** How a sector's practitioners answer against the partnership as a whole, by area. */
const SECTOR_LEAN: Record<string, Record<string, number>> = {
  schools: { all: 0.1, 'positive-outcomes': 0.3 },
  health: { all: 0.05, 'keeping-safe': 0.2, 'shared-identity': -0.2 },
  'early-years': {
    all: -0.1,
    'integrated-working': -0.8,
    'common-values': 0.2,
    'skilled-workforce': -0.3,
  },
  'social-care': { all: 0.1, 'keeping-safe': 0.8, 'integrated-working': 0.4 },
  'family-support': { all: 0.15, 'integrated-working': 0.5, 'positive-outcomes': 0.2 },
  youth: { 'shared-identity': -0.3, 'positive-outcomes': 0.3 },
  voluntary: { all: -0.2, 'shared-identity': -0.3, 'keeping-safe': -0.2 },
  justice: { 'keeping-safe': 0.4, 'common-values': -0.3 },
  'further-education': { all: -0.3 },
  housing: { all: -0.7 },
  camhs: { 'integrated-working': -0.3, 'keeping-safe': 0.2 },
  'safeguarding-board': { 'keeping-safe': 0.7, 'shared-identity': 0.4 },
  'sport-culture-play': { all: -0.2, 'keeping-safe': -0.3 },
};

/** The same by audience; dimension keys single out where leaders and frontline disagree. */
const AUDIENCE_LEAN: Record<AudienceKey, Record<string, number>> = {
  'leaders-managers': {
    all: 0.35,
    'shared-identity': 0.3,
    'vision-known': 0.6,
    'supervision-support': 0.5,
  },
  frontline: {},
  'children-young-people': { all: 0.3, 'keeping-safe': 0.3, 'integrated-working': -0.1 },
  'parents-carers': {
    all: 0.1,
    'integrated-working': -0.4,
    'complementary-roles': -0.3,
    'keeping-safe': 0.2,
  },
};

/** Respondents per sector: [sector, frontline, leaders and managers]. Housing has only 3. */
/**
 * The 2024 round: fewer answers, mostly from the larger sectors. Further education has
 * only 4; housing and CAMHS did not take part (CAMHS staff answered as health).
 */
export const PRACTITIONERS_2024: [string, number, number][] = [
  ['schools', 38, 8],
  ['health', 31, 7],
  ['early-years', 22, 5],
  ['social-care', 20, 5],
  ['family-support', 9, 2],
  ['voluntary', 8, 2],
  ['youth', 6, 1],
  ['justice', 4, 1],
  ['sport-culture-play', 4, 1],
  ['safeguarding-board', 0, 5],
  ['further-education', 3, 1],
];
export const YOUNG_PEOPLE_2024 = 30;

/**
 * How far each dimension moved from 2024 to 2025 (2025 minus 2024). Integrated working
 * rose most after the information sharing protocol and the relaunch of the early help
 * assessment; the skilled-workforce area slipped as staff turnover rose and the
 * coordinator post ended.
 */
export const CHANGE_SINCE_2024: Record<string, number> = {
  'shared-vision': 0.4,
  'vision-known': 0.3,
  'one-workforce': 0.3,
  'leaders-committed': 0,
  'capacity-to-deliver': -0.3,
  'common-core-language': 0.3,
  'shared-values': 0,
  'understanding-roles': 0.3,
  'plain-language': 0.5,
  'joint-induction': 0.3,
  'five-outcomes': 0.3,
  'early-help': 0.4,
  'voice-of-child': 0.5,
  'data-and-evidence': 0.2,
  'joint-monitoring': 0.3,
  'multi-agency-working': 0.5,
  'common-assessment': 0.6,
  'lead-professional': 0.4,
  'information-sharing': 0.7,
  transitions: 0.3,
  'common-core-skills': 0,
  'multi-agency-training': 0.2,
  'qualifications-development': -0.3,
  'supervision-support': 0.1,
  'workforce-planning': 0,
  'recruitment-retention': -0.5,
  'clear-remits': 0.3,
  'no-gaps-duplication': 0.4,
  'new-shared-roles': 0.6,
  'career-pathways': 0.1,
  'safeguarding-training': 0.2,
  'shared-thresholds': 0.6,
  'referral-escalation': 0.4,
  'safer-recruitment': 0.3,
  allegations: 0.3,
};

export const PRACTITIONERS_2025: [string, number, number][] = [
  ['schools', 52, 10],
  ['health', 44, 10],
  ['early-years', 29, 6],
  ['social-care', 24, 6],
  ['family-support', 12, 3],
  ['voluntary', 10, 2],
  ['youth', 8, 2],
  ['justice', 5, 2],
  ['further-education', 5, 1],
  ['sport-culture-play', 5, 1],
  ['camhs', 5, 1],
  ['safeguarding-board', 0, 5],
  ['housing', 2, 1],
];
export const YOUNG_PEOPLE_2025 = 42;
export const PARENTS_2025 = 26;

export const PRACTITIONERS_2026: [string, number, number][] = [
  ['schools', 7, 2],
  ['health', 6, 2],
  ['early-years', 4, 1],
  ['social-care', 4, 1],
  ['family-support', 2, 1],
  ['voluntary', 2, 0],
  ['youth', 1, 1],
];
export const YOUNG_PEOPLE_2026 = 8;

export interface Group {
  roundId: string;
  audience: AudienceKey;
  questionnaireId: string | null;
  drillDownKey: string | null;
  sectorKey: string | null;
  count: number;
  /** Added to every mean: a later round that has made some progress. */
  lift: number;
  /** Added to the mean of one dimension's answers: a round further behind on some. */
  shift?: Readonly<Record<string, number>>;
  /** The comments to draw from, if not those of the 2025 round. */
  comments?: CommentPool;
}

function leanOf(table: Record<string, number> | undefined, area: string, dimension: string) {
  if (table === undefined) return 0;
  return (table.all ?? 0) + (table[area] ?? 0) + (table[dimension] ?? 0);
}

/** A question to answer, with the area its dimension belongs to. */
interface PlacedItem {
  key: string;
  dimensionKey: string;
  reverse: boolean;
  area: string;
}

/** Answers for one group of respondents, made up from the leanings above. */
export function makeResponses(
  rng: Rng,
  version: FrameworkVersion,
  group: Group,
  places: readonly string[],
  firstNumber: number,
): NewResponse[] {
  const shape = {
    audience: group.audience,
    areaKeys: ALL_AREAS,
    drillDownKey: group.drillDownKey,
  };
  const areaOf = new Map(version.areas.flatMap((a) => a.dimensions.map((d) => [d.key, a.key])));
  const items: PlacedItem[] = questionPages(version, shape).flatMap((page) =>
    page.items.map((item) => ({
      key: item.key,
      dimensionKey: item.dimensionKey,
      reverse: item.reverse,
      area: areaOf.get(item.dimensionKey) ?? page.key.split('/')[0] ?? '',
    })),
  );
  const young = group.audience === 'children-young-people';
  const staff = group.audience === 'leaders-managers' || group.audience === 'frontline';
  const pool = (group.comments ?? COMMENTS)[young ? 'children' : staff ? 'staff' : 'parents'];
  const out: NewResponse[] = [];
  for (let n = 0; n < group.count; n++) {
    const answers = makeAnswers(rng, items, group, { young, staff });
    const comments = [];
    if (pool.length > 0 && rng.next() < 0.09) {
      const [areaKey, body] = rng.pick(pool);
      comments.push({ areaKey, body });
    }
    out.push({
      roundId: group.roundId,
      questionnaireId: group.questionnaireId,
      audience: group.audience,
      sectorKey: group.sectorKey,
      roleLevel: null,
      locality: staff && places.length > 0 ? rng.pick(places) : null,
      language: 'en',
      source: 'online',
      submissionKey: `demo-${group.roundId}-${firstNumber + n}`,
      answers,
      comments,
    });
  }
  return out;
}

/** One respondent's answers: a leniency of their own, then each item left blank, unsure or scored. */
function makeAnswers(
  rng: Rng,
  items: readonly PlacedItem[],
  group: Group,
  { young, staff }: { young: boolean; staff: boolean },
): NewResponse['answers'] {
  const blank = young ? 0.06 : 0.02;
  const leniency = rng.normal() * 0.45;
  const answers: NewResponse['answers'] = [];
  for (const item of items) {
    const { area } = item;
    const unsure =
      (staff ? 0.03 : 0.08) +
      (staff && (area === 'complementary-roles' || area === 'skilled-workforce') ? 0.04 : 0);
    const roll = rng.next();
    if (roll < blank) continue;
    if (roll < blank + unsure) {
      answers.push({ itemKey: item.key, value: rng.next() < 0.75 ? DONT_KNOW : NOT_APPLICABLE });
      continue;
    }
    const agreed = AGREED[item.dimensionKey]?.[0] ?? 3;
    const mean =
      3 +
      (agreed - 3) * 0.85 +
      group.lift +
      (group.shift?.[item.dimensionKey] ?? 0) +
      leniency +
      leanOf(AUDIENCE_LEAN[group.audience], area, item.dimensionKey) +
      (staff ? leanOf(SECTOR_LEAN[group.sectorKey ?? ''], area, item.dimensionKey) : 0);
    const spread = young ? 1.1 : 0.75;
    const score = Math.min(5, Math.max(1, Math.round(mean + rng.normal() * spread)));
    // A reverse-scored statement is answered the other way round.
    const value = (item.reverse ? 6 - score : score) as AnswerValue;
    answers.push({ itemKey: item.key, value });
  }
  return answers;
}
