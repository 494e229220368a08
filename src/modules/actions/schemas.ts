import { z } from 'zod';
import { FIRST_YEAR, isIsoDate, LAST_YEAR } from './calendar.ts';
import type { ActionStatus, Rag } from './rag.ts';
import type { TargetDate } from './target-date.ts';

// The JSON shapes of the action plan (an API body, a stored target date), as zod schemas, and
// the limits the service checks. The messages are the GOV.UK error messages people read.

export const TITLE_MAX = 200;
/** Description, success measure, partners and progress text. */
export const TEXT_MAX = 20_000;
/** A reason (for a revised date or a RAG override) and a lead's name. */
export const REASON_MAX = 2000;
export const NAME_MAX = 200;

export const ACTION_STATUSES = ['not-started', 'in-progress', 'complete', 'dropped'] as const;
export const STATUS_LABELS: Record<ActionStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  complete: 'Complete',
  dropped: 'Dropped',
};
export const RAGS = ['red', 'amber', 'green', 'complete', 'not-started'] as const;
export const FOCUS_AREA_SOURCES = [
  'own',
  'weakest',
  'divergent',
  'agreed-gap',
  'drill-down',
] as const;

export const isStatus = (value: string): value is ActionStatus =>
  (ACTION_STATUSES as readonly string[]).includes(value);
export const isRag = (value: string): value is Rag => (RAGS as readonly string[]).includes(value);

const year = z.number().int().min(FIRST_YEAR).max(LAST_YEAR);
const isoDay = z.string().refine(isIsoDate, 'Enter a real date, like 2026-03-31');

const datedTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('day'), date: isoDay }),
  z.object({ kind: z.literal('month'), year, month: z.number().int().min(1).max(12) }),
  z.object({
    kind: z.literal('quarter'),
    year,
    quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  }),
  z.object({
    kind: z.literal('season'),
    year,
    season: z.enum(['spring', 'summer', 'autumn', 'winter']),
  }),
  z.object({ kind: z.literal('year'), year }),
  z.object({ kind: z.literal('financial-year'), startYear: year }),
]);

/** A target date as JSON: every kind of target-date.ts. */
export const targetDateSchema: z.ZodType<TargetDate> = z.union([
  datedTarget,
  z.object({ kind: z.literal('ongoing'), from: datedTarget.optional() }),
]);

/** A stored target date read back: a TargetDate, or null for none or anything malformed. */
export function storedTarget(value: unknown): TargetDate | null {
  if (value === null || value === undefined) return null;
  const parsed = targetDateSchema.safeParse(value);
  if (!parsed.success) return null;
  const target = parsed.data;
  // An optional `from` left out must not come back as `from: undefined`.
  if (target.kind === 'ongoing' && target.from === undefined) return { kind: 'ongoing' };
  return target;
}

const text = (max: number, label: string) =>
  z
    .string()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .default('');

const keys = z.array(z.string().max(100)).max(200).default([]);
const uuid = z.uuid('Enter a valid id');

export const leadSchema = z.union([
  z.object({ userId: uuid }).strict(),
  z.object({ name: z.string().trim().min(1, 'Enter the name of the lead').max(NAME_MAX) }).strict(),
]);

export const statusSchema = z.enum(ACTION_STATUSES, {
  error: 'Select a status: not started, in progress, complete or dropped',
});

/** An action as an API body. The service checks it against the trust. */
export const actionValuesSchema = z.object({
  number: z.string({ error: 'Enter an action number, like 3 or 3.2' }).max(50),
  title: z.string({ error: 'Enter a title' }).trim().min(1, 'Enter a title').max(TITLE_MAX),
  description: text(TEXT_MAX, 'Description'),
  frameworkVersion: z.string().nullable().default(null),
  areas: keys,
  dimensions: keys,
  focusAreaId: uuid.nullable().default(null),
  roundId: uuid.nullable().default(null),
  leads: z.array(leadSchema).max(20, 'Give 20 leads or fewer').default([]),
  partners: text(TEXT_MAX, 'Partners'),
  target: targetDateSchema.nullable().default(null),
  revisedTarget: targetDateSchema.nullable().default(null),
  revisedReason: text(REASON_MAX, 'The reason'),
  successMeasure: text(TEXT_MAX, 'The success measure'),
  status: statusSchema.default('not-started'),
});

export const updateInputSchema = z.object({
  updatedOn: isoDay,
  text: z
    .string({ error: 'Enter what has been done' })
    .trim()
    .min(1, 'Enter what has been done')
    .max(TEXT_MAX),
  status: statusSchema,
});

export const ragOverrideSchema = z.object({
  rag: z.enum(RAGS, { error: 'Select a RAG status' }).nullable(),
  reason: text(REASON_MAX, 'The reason'),
});

export const focusAreaValuesSchema = z.object({
  title: z.string({ error: 'Enter a title' }).trim().min(1, 'Enter a title').max(TITLE_MAX),
  description: text(TEXT_MAX, 'Description'),
  roundId: uuid.nullable().default(null),
  source: z.enum(FOCUS_AREA_SOURCES).default('own'),
  frameworkVersion: z.string().nullable().default(null),
  areas: keys,
  dimensions: keys,
});
