import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { id } from './columns.ts';
import { questionnaires } from './questionnaires.ts';
import { roundRef } from './rounds.ts';
import { trustRef } from './trusts.ts';

// Submitted responses, their answers and comments, and the releases of a round's answers
// (trust-owned: row-level security on trust_id).

/**
 * A submitted questionnaire. Deliberately holds nothing that identifies a person: no IP,
 * no user agent, no invitation, and the day only (not the time) it was submitted.
 */
export const responses = pgTable(
  'responses',
  {
    id: id(),
    trustId: trustRef(),
    roundId: roundRef(),
    questionnaireId: uuid('questionnaire_id').references(() => questionnaires.id, {
      onDelete: 'set null',
    }),
    audience: text('audience').notNull(),
    sectorKey: text('sector_key'),
    roleLevel: text('role_level'),
    locality: text('locality'),
    language: text('language').notNull().default('en'),
    submittedOn: date('submitted_on').notNull(),
    /** online or import */
    source: text('source').notNull().default('online'),
    /** A random key from the form, so that submitting twice stores one response. */
    submissionKey: text('submission_key').notNull(),
    /** The release of the round's answers that first included it; null: not yet released. */
    release: integer('release'),
  },
  (t) => [
    unique('responses_round_submission').on(t.roundId, t.submissionKey),
    index('responses_round').on(t.roundId),
  ],
);

/** value: 1–5, or 8 = Don't know, 9 = Not applicable (stored as given; reversal is analysis). */
export const answers = pgTable(
  'answers',
  {
    responseId: uuid('response_id')
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    trustId: trustRef(),
    roundId: roundRef(),
    itemKey: text('item_key').notNull(),
    value: smallint('value').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.itemKey] }),
    index('answers_round_item').on(t.roundId, t.itemKey),
  ],
);

export const comments = pgTable('comments', {
  id: id(),
  trustId: trustRef(),
  responseId: uuid('response_id')
    .notNull()
    .references(() => responses.id, { onDelete: 'cascade' }),
  roundId: roundRef(),
  areaKey: text('area_key').notNull(),
  body: text('body').notNull(),
});

/**
 * A release of a round's answers (SPEC §6): figures are computed from the tallies it
 * records, never live, so that one more response cannot be read as a difference.
 */
export const roundReleases = pgTable(
  'round_releases',
  {
    id: id(),
    trustId: trustRef(),
    roundId: roundRef(),
    number: integer('number').notNull(),
    responses: integer('responses').notNull(),
    tallies: jsonb('tallies').notNull(),
    releasedBy: text('released_by').notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('round_releases_round_number').on(t.roundId, t.number)],
);
