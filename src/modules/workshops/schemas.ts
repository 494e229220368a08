import { z } from 'zod';
import { dateInput, isoDate } from '../../web/dates.ts';

// The messages here are the GOV.UK error messages people read, on pages and in the API.

export const WORKSHOP_KINDS = ['focus-group', 'analysis-workshop'] as const;
export type WorkshopKind = (typeof WORKSHOP_KINDS)[number];

export const KIND_LABELS: Record<WorkshopKind, string> = {
  'focus-group': 'Focus group',
  'analysis-workshop': 'Analysis workshop',
};

export function kindLabel(kind: string): string {
  return (WORKSHOP_KINDS as readonly string[]).includes(kind)
    ? KIND_LABELS[kind as WorkshopKind]
    : kind;
}

export const TITLE_MAX = 120;
export const FACILITATOR_MAX = 100;
export const NOTES_MAX = 2000;
export const REASONS_MAX = 2000;
export const LINKS_MAX = 10;
export const LINK_LENGTH_MAX = 2000;
export const PARTICIPANTS_MAX = 10_000;

const fields = {
  kind: z
    .enum(WORKSHOP_KINDS, { error: 'Select whether it was a focus group or an analysis workshop' })
    .describe(`One of: ${WORKSHOP_KINDS.join(', ')}`),
  title: z
    .string({ error: 'Enter a title' })
    .trim()
    .min(1, 'Enter a title')
    .max(TITLE_MAX, `Title must be ${TITLE_MAX} characters or fewer`),
  facilitator: z
    .string({ error: 'Enter the name of the facilitator' })
    .trim()
    .min(1, 'Enter the name of the facilitator')
    .max(FACILITATOR_MAX, `Facilitator must be ${FACILITATOR_MAX} characters or fewer`)
    .describe('Who ran it'),
  notes: z
    .string({ error: 'Enter notes as text' })
    .trim()
    .max(NOTES_MAX, `Notes must be ${NOTES_MAX.toLocaleString('en-GB')} characters or fewer`),
};

/** The workshop form without the participant counts (see participantsFormSchema). */
export const workshopFormSchema = z.object({
  kind: fields.kind,
  title: fields.title,
  heldOn: dateInput('date it was held'),
  facilitator: fields.facilitator,
  notes: fields.notes.default(''),
});

export const FORM_ORDER = ['kind', 'title', 'heldOn', 'facilitator', 'participants', 'notes'];

export function participantField(sectorKey: string): string {
  return `participants-${sectorKey}`;
}

/** One whole-number box per sector: blank means nobody from that sector took part. */
export function participantsFormSchema(sectors: { key: string; name: string }[]) {
  return z.object(
    Object.fromEntries(
      sectors.map((s) => {
        const message = `Enter the number of people from ${s.name} as a whole number, like 6`;
        return [
          participantField(s.key),
          z
            .string({ error: message })
            .optional()
            .transform((raw, ctx): number => {
              const value = (raw ?? '').replace(/[,\s]/g, '');
              if (value === '') return 0;
              if (!/^\d+$/.test(value)) {
                ctx.addIssue({ code: 'custom', message });
                return z.NEVER;
              }
              const n = Number(value);
              if (n > PARTICIPANTS_MAX) {
                ctx.addIssue({
                  code: 'custom',
                  message: `The number of people from ${s.name} must be 10,000 or fewer`,
                });
                return z.NEVER;
              }
              return n;
            }),
        ];
      }),
    ),
  );
}

export const participantApiSchema = z.object({
  sector: z.string({ error: 'Enter a sector key' }).describe("Key of one of the trust's sectors"),
  count: z
    .number({ error: 'Enter the number of people as a whole number' })
    .int('Enter the number of people as a whole number')
    .min(1, 'The number of people must be 1 or more')
    .max(PARTICIPANTS_MAX, 'The number of people must be 10,000 or fewer'),
});

export const ratingApiSchema = z.object({
  dimension: z
    .string({ error: 'Enter a dimension key' })
    .describe("Key of a dimension of the round's framework version"),
  score: z
    .number({ error: 'Score must be a number from 1.0 to 5.0' })
    .nullable()
    .default(null)
    .describe('1.0 to 5.0 with at most one decimal place; null for none'),
  stage: z
    .number({ error: 'Stage must be a whole number from 1 to 4' })
    .int('Stage must be a whole number from 1 to 4')
    .nullable()
    .default(null)
    .describe('Stage number (1 to 4); must agree with the score'),
  reasons: z
    .string({ error: 'Enter the reasons as text' })
    .trim()
    .max(REASONS_MAX, `Reasons must be ${REASONS_MAX.toLocaleString('en-GB')} characters or fewer`)
    .default(''),
  evidenceLinks: z
    .array(z.string({ error: 'Enter each evidence link as text' }), {
      error: 'Enter the evidence links as a list',
    })
    .max(LINKS_MAX, `Enter no more than ${LINKS_MAX} evidence links`)
    .default([])
    .describe('http(s) web addresses'),
});

export type RatingApiInput = z.infer<typeof ratingApiSchema>;

const ratingsApiField = z.array(ratingApiSchema, { error: 'Enter the ratings as a list' });

/** The details of a workshop in the API, as its edit page has them (without defaults). */
const detailsApiFields = {
  kind: fields.kind,
  title: fields.title,
  heldOn: isoDate('date it was held').describe('The day it was held, YYYY-MM-DD'),
  facilitator: fields.facilitator,
  participants: z
    .array(participantApiSchema, { error: 'Enter the participants as a list' })
    .describe('How many people took part from each sector'),
  notes: fields.notes,
};

export const workshopApiSchema = z.object({
  ...detailsApiFields,
  participants: detailsApiFields.participants
    .default([])
    .describe('How many people took part from each sector'),
  notes: fields.notes.default(''),
  ratings: ratingsApiField
    .default([])
    .describe('A rating per dimension; an analysis workshop’s ratings are the agreed position'),
});

export type WorkshopApiInput = z.infer<typeof workshopApiSchema>;

/** A change to a workshop's details: the fields given replace the stored ones. */
export const workshopChangeApiSchema = z
  .object(detailsApiFields)
  .partial()
  .describe('The fields to change; those left out keep their values');

/** The ratings of one area: every dimension of the area not listed loses its rating. */
export const areaRatingsApiSchema = z.object({
  ratings: ratingsApiField.describe(
    'A rating per dimension of the area, each dimension at most once; a dimension left out (or sent blank) has no rating',
  ),
});
