import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { frameworkVersions, rounds } from './rounds.ts';
import { trustRef, users } from './trusts.ts';

// A trust's action plan (trust-owned: row-level security on trust_id): its focus areas, its
// numbered actions with their leads, the progress updates of each, and who has asked not to
// be sent the weekly reminder. The rules are in src/modules/actions/.

/** The colours and dimensions something is about, of one framework version. */
const frameworkLinks = () => ({
  frameworkVersion: text('framework_version').references(() => frameworkVersions.key),
  /** Area (colour) keys of that version. */
  areas: text('areas')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** Dimension keys of that version. */
  dimensions: text('dimensions')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
});

/**
 * A focus area: one a round's analysis suggested and the trust adopted (`source` says which
 * rule suggested it), or the trust's own. Ordered by `position` within the trust.
 */
export const focusAreas = pgTable(
  'focus_areas',
  {
    id: id(),
    trustId: trustRef(),
    /** The round it came from; null for one of the trust's own not tied to a round. */
    roundId: uuid('round_id').references(() => rounds.id, { onDelete: 'set null' }),
    /** own, weakest, divergent, agreed-gap, drill-down */
    source: text('source').notNull().default('own'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    ...frameworkLinks(),
    position: integer('position').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('focus_areas_trust_position').on(t.trustId, t.position),
    check(
      'focus_areas_source',
      sql`${t.source} in ('own', 'weakest', 'divergent', 'agreed-gap', 'drill-down')`,
    ),
  ],
);

/** A numbered action of the plan. Target dates are stored as TargetDate JSON (target-date.ts). */
export const actions = pgTable(
  'actions',
  {
    id: id(),
    trustId: trustRef(),
    /** As the trust writes it: "1", "3.2". Unique in the trust, compared as parseActionNumber does. */
    number: text('number').notNull(),
    /** numberSortKey (number.ts): orders the plan in SQL; equal keys are the same number. */
    numberKey: text('number_key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    ...frameworkLinks(),
    focusAreaId: uuid('focus_area_id').references(() => focusAreas.id, { onDelete: 'set null' }),
    roundId: uuid('round_id').references(() => rounds.id, { onDelete: 'set null' }),
    partners: text('partners').notNull().default(''),
    /** TargetDate; null when none has been set yet. */
    target: jsonb('target'),
    /** The target date's due day (null for ongoing or none), for ordering and overdue lists. */
    targetDue: date('target_due'),
    /** A revised TargetDate, with the reason it moved; the original stays in `target`. */
    revisedTarget: jsonb('revised_target'),
    revisedDue: date('revised_due'),
    revisedReason: text('revised_reason').notNull().default(''),
    successMeasure: text('success_measure').notNull().default(''),
    /** not-started, in-progress, complete, dropped */
    status: text('status').notNull().default('not-started'),
    /** A RAG a person set over the suggestion, and why; null when the suggestion stands. */
    ragOverride: text('rag_override'),
    ragOverrideReason: text('rag_override_reason').notNull().default(''),
    ragOverrideBy: text('rag_override_by'),
    ragOverrideAt: timestamp('rag_override_at', { withTimezone: true }),
    /** Bumped by every change: the ETag of the API and the check against lost updates. */
    revision: integer('revision').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('actions_trust_number').on(t.trustId, t.numberKey),
    index('actions_trust_order').on(t.trustId, t.numberKey),
    check(
      'actions_status',
      sql`${t.status} in ('not-started', 'in-progress', 'complete', 'dropped')`,
    ),
    check(
      'actions_rag_override',
      sql`${t.ragOverride} is null or ${t.ragOverride} in ('red', 'amber', 'green', 'complete', 'not-started')`,
    ),
    check(
      'actions_revised_reason',
      sql`${t.revisedTarget} is null or length(trim(${t.revisedReason})) > 0`,
    ),
  ],
);

/** A lead of an action: a user of the trust, or a named person or team without an account. */
export const actionLeads = pgTable(
  'action_leads',
  {
    id: id(),
    trustId: trustRef(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => actions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The person's or team's name as shown (a user's name when the lead was set). */
    name: text('name').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    index('action_leads_action').on(t.actionId),
    index('action_leads_user').on(t.trustId, t.userId),
  ],
);

/** A progress update: what was done by a date, who said so, and the RAG shown at the time. */
export const actionUpdates = pgTable(
  'action_updates',
  {
    id: id(),
    trustId: trustRef(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => actions.id, { onDelete: 'cascade' }),
    /** The day the update speaks of. */
    updatedOn: date('updated_on').notNull(),
    text: text('text').notNull(),
    /** The author: a user, or a name (imported updates name whoever the sheet named). */
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    /** The RAG shown once this update was made (null for a dropped action). */
    rag: text('rag'),
    /** The status the action had after this update. */
    status: text('status').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('action_updates_action').on(t.actionId, t.updatedOn)],
);

/** A user who asked, by the link in a reminder or on their account, not to get reminders. */
export const actionReminderOptOuts = pgTable(
  'action_reminder_opt_outs',
  {
    trustId: trustRef(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.trustId, t.userId] })],
);

/**
 * A weekly reminder sent: one row per lead, trust and ISO week ("2026-W14"), written in the
 * transaction that sends the email, so that each lead gets one reminder a week however many
 * instances run the job.
 */
export const actionReminderSends = pgTable(
  'action_reminder_sends',
  {
    trustId: trustRef(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    week: text('week').notNull(),
    actionCount: integer('action_count').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.trustId, t.userId, t.week] }),
    check('action_reminder_sends_week', sql`${t.week} ~ '^[0-9]{4}-W[0-9]{2}$'`),
  ],
);

/**
 * An import of an action plan waiting to be confirmed: the preview of the uploaded or pasted
 * table (its rows with their problems, and the actions to store), for the person who made it
 * only, until `expiresAt`. Deleted when the import is confirmed or discarded.
 */
export const actionImportDrafts = pgTable(
  'action_import_drafts',
  {
    id: id(),
    trustId: trustRef(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    fileName: text('file_name').notNull().default(''),
    source: text('source').$type<'csv' | 'xlsx' | 'paste'>().notNull(),
    preview: jsonb('preview').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('action_import_drafts_creator').on(t.trustId, t.createdBy),
    check('action_import_drafts_source', sql`${t.source} in ('csv', 'xlsx', 'paste')`),
  ],
);
