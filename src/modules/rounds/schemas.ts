import { z } from 'zod';
import { END_AFTER_START as ROUND_END_AFTER_START } from '../../kernel/date-rules.ts';
import { dateInput, isoDate, optionalDateInput, whenBothDates } from '../../web/dates.ts';

// The messages here are the GOV.UK error messages people read, on pages and in the API.

export const ROUND_STATUSES = ['planning', 'collecting', 'analysing', 'reported'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** Round statuses in which collection has closed. */
export const CLOSED_STATUSES: readonly string[] = ['analysing', 'reported'];

export const STATUS_LABELS: Record<RoundStatus, string> = {
  planning: 'Planning',
  collecting: 'Collecting responses',
  analysing: 'Analysing',
  reported: 'Reported',
};

export const STATUS_HINTS: Record<RoundStatus, string> = {
  planning: 'Deciding which tests to run, when and with whom',
  collecting: 'Questionnaires are open and focus groups are being held',
  analysing: 'Responses are in; the analysis workshop agrees the position',
  reported: 'The summary report has gone to the board',
};

export const STATUS_TAG_CLASSES: Record<RoundStatus, string> = {
  planning: 'govuk-tag--grey',
  collecting: 'govuk-tag--blue',
  analysing: 'govuk-tag--yellow',
  reported: 'govuk-tag--green',
};

export function isRoundStatus(value: string): value is RoundStatus {
  return (ROUND_STATUSES as readonly string[]).includes(value);
}

export const ACTIVITIES = [
  'questionnaire',
  'focus-group',
  'analysis-workshop',
  'evidence-review',
  'other',
] as const;
export type Activity = (typeof ACTIVITIES)[number];

export const ACTIVITY_LABELS: Record<Activity, string> = {
  questionnaire: 'Questionnaire',
  'focus-group': 'Focus group',
  'analysis-workshop': 'Analysis workshop',
  'evidence-review': 'Evidence review',
  other: 'Other',
};

export function activityLabel(activity: string): string {
  return (ACTIVITIES as readonly string[]).includes(activity)
    ? ACTIVITY_LABELS[activity as Activity]
    : activity;
}

export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 500;

const title = z
  .string({ error: 'Enter a title for the round' })
  .trim()
  .min(1, 'Enter a title for the round')
  .max(TITLE_MAX, `Title must be ${TITLE_MAX} characters or fewer`)
  .describe('Title of the round, unique in the trust, like "2026 self-assessment"');

const versionKey = (published: readonly string[] | null) =>
  z
    .string({ error: 'Select a framework version' })
    .min(1, 'Select a framework version')
    .refine((v) => published === null || published.includes(v), 'Select a framework version')
    .describe('Key of a published framework version, like 2026.1');

const END_AFTER_START = 'End date must be the same as or after the start date';

/** The confirmation box of a round whose dates are in the past: ticked is 'yes'. */
const confirmBox = z
  .unknown()
  .optional()
  .transform((v) => v === 'yes' || (Array.isArray(v) && v.includes('yes')));

const roundDates = {
  startsOn: dateInput('start date'),
  endsOn: dateInput('end date'),
  confirmPastDates: confirmBox,
};

const endAfterStart = {
  message: ROUND_END_AFTER_START,
  ...whenBothDates('startsOn', 'endsOn'),
};

/** The new round form; `published` are the keys of the published framework versions. */
export function roundFormSchema(published: readonly string[]) {
  return z
    .object({ title, frameworkVersion: versionKey(published), ...roundDates })
    .refine((r) => r.endsOn > r.startsOn, endAfterStart);
}

/** The form that changes a round's title and dates. */
export const roundDetailsFormSchema = z
  .object({ title, ...roundDates })
  .refine((r) => r.endsOn > r.startsOn, endAfterStart);

const apiDates = {
  startsOn: isoDate('start date').describe('First day of the round, YYYY-MM-DD'),
  endsOn: isoDate('end date').describe(
    'Last day of the round, YYYY-MM-DD; after startsOn, and less than 2 years after it',
  ),
  confirmPastDates: z
    .boolean({ error: 'confirmPastDates must be true or false' })
    .default(false)
    .describe(
      'Must be true when the round ended before today (recording an earlier assessment); otherwise such a round is refused',
    ),
};

export const roundApiSchema = z
  .object({ title, frameworkVersion: versionKey(null), ...apiDates })
  .refine((r) => r.endsOn > r.startsOn, endAfterStart);

export const roundDetailsApiSchema = z
  .object({ title, ...apiDates })
  .refine((r) => r.endsOn > r.startsOn, endAfterStart);

export interface RoundDetailsInput {
  title: string;
  startsOn: string;
  endsOn: string;
  confirmPastDates: boolean;
}

export const statusSchema = z.object({
  status: z
    .enum(ROUND_STATUSES, { error: 'Select a status' })
    .describe(`One of: ${ROUND_STATUSES.join(', ')}`),
});

// ---- The plan ----

function planFields(areaKeys: readonly string[] | null) {
  const known = (keys: readonly string[] | null) => (list: string[]) =>
    keys === null || list.every((k) => keys.includes(k));
  return {
    areas: z
      .array(z.string(), { error: 'Select at least one area' })
      .min(1, 'Select at least one area')
      .refine(known(areaKeys), 'Select areas from the list')
      .describe("Keys of the areas of the round's framework version that this test covers"),
    activity: z
      .enum(ACTIVITIES, { error: 'Select the activity' })
      .describe(`One of: ${ACTIVITIES.join(', ')}`),
  };
}

function planTail(participantKeys: readonly string[] | null) {
  return {
    participants: z
      .array(z.string(), { error: 'Select who is taking part' })
      .min(1, 'Select who is taking part')
      .refine(
        (list) => participantKeys === null || list.every((k) => participantKeys.includes(k)),
        'Select who is taking part from the list',
      )
      .describe("Keys of the trust's sectors and of the audiences taking part"),
    description: z
      .string({ error: 'Enter a description' })
      .trim()
      .max(DESCRIPTION_MAX, `Description must be ${DESCRIPTION_MAX} characters or fewer`)
      .default('')
      .describe('What the test is and who runs it (optional)'),
  };
}

/** A row of the plan from the form; keys are checked against the version and the trust. */
export function planFormSchema(areaKeys: readonly string[], participantKeys: readonly string[]) {
  return z
    .object({
      ...planFields(areaKeys),
      startsOn: dateInput('start date'),
      endsOn: optionalDateInput('end date'),
      ...planTail(participantKeys),
    })
    .refine((p) => p.endsOn === null || p.endsOn >= p.startsOn, {
      message: END_AFTER_START,
      ...whenBothDates('startsOn', 'endsOn'),
    });
}

/** A row of the plan in the API; `keys` null documents the shape, a list checks the keys. */
export function planApiSchema(
  areaKeys: readonly string[] | null = null,
  participantKeys: readonly string[] | null = null,
) {
  return z
    .object({
      ...planFields(areaKeys),
      startsOn: isoDate('start date').describe('First day, YYYY-MM-DD'),
      endsOn: isoDate('end date')
        .nullable()
        .default(null)
        .describe('Last day, YYYY-MM-DD; null or absent for a single day'),
      ...planTail(participantKeys),
    })
    .refine((p) => p.endsOn === null || p.endsOn >= p.startsOn, {
      message: END_AFTER_START,
      ...whenBothDates('startsOn', 'endsOn'),
    });
}

export interface PlanInput {
  areas: string[];
  activity: Activity;
  startsOn: string;
  endsOn: string | null;
  participants: string[];
  description: string;
}
