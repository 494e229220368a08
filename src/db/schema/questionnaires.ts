import { sql } from 'drizzle-orm';
import { boolean, date, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { roundRef } from './rounds.ts';
import { trustRef } from './trusts.ts';

// A round's questionnaires, the links and invitations that open them, and answers not yet
// sent (trust-owned: row-level security on trust_id).

export const questionnaires = pgTable('questionnaires', {
  id: id(),
  trustId: trustRef(),
  roundId: roundRef(),
  audience: text('audience').notNull(),
  title: text('title').notNull(),
  areaKeys: text('area_keys').array().notNull(),
  drillDownKey: text('drill_down_key'),
  opensOn: date('opens_on').notNull(),
  closesOn: date('closes_on').notNull(),
  askSector: boolean('ask_sector').notNull().default(true),
  askRoleLevel: boolean('ask_role_level').notNull().default(false),
  askLocality: boolean('ask_locality').notNull().default(false),
  languages: text('languages')
    .array()
    .notNull()
    .default(sql`'{en}'::text[]`),
  createdAt: createdAt(),
});

const questionnaireRef = () =>
  uuid('questionnaire_id')
    .notNull()
    .references(() => questionnaires.id, { onDelete: 'cascade' });

/** An open link for a sector (or any sector) of a questionnaire; the code is in the URL. */
export const questionnaireLinks = pgTable('questionnaire_links', {
  id: id(),
  trustId: trustRef(),
  questionnaireId: questionnaireRef(),
  sectorKey: text('sector_key'),
  code: text('code').notNull().unique(),
  createdAt: createdAt(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
});

/** A personal single-use invitation. Nothing links it to the answers given. */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    trustId: trustRef(),
    questionnaireId: questionnaireRef(),
    email: text('email').notNull(),
    sectorKey: text('sector_key'),
    tokenHash: text('token_hash').notNull().unique(),
    sentOn: date('sent_on'),
    remindedOn: date('reminded_on'),
    /**
     * The token, encrypted under a key derived from the session secret (kept outside the
     * database), so that a reminder carries the same link as the first email.
     */
    tokenSealed: text('token_sealed'),
    /** The hash of the earlier link, when a reminder had to give a new one (never opened). */
    replacedTokenHash: text('replaced_token_hash').unique('invitations_replaced_token_hash'),
    /** The day the link was first opened; never which answers it led to. */
    openedOn: date('opened_on'),
    createdAt: createdAt(),
  },
  (t) => [unique('invitations_questionnaire_email').on(t.questionnaireId, t.email)],
);

/** Answers saved to come back to later, found by a resume code (stored hashed). */
export const drafts = pgTable('drafts', {
  id: id(),
  trustId: trustRef(),
  questionnaireId: questionnaireRef(),
  resumeHash: text('resume_hash').notNull().unique(),
  state: jsonb('state').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * Unfinished answers begun from a personal invitation. Nothing here points to the
 * invitation: the locator is a hash of the link's token with its own prefix (the
 * invitation keeps a different hash), the answers are encrypted under a key derived from
 * the token, and only days are recorded. Deleted when the answers are sent.
 */
export const invitationDrafts = pgTable('invitation_drafts', {
  id: id(),
  trustId: trustRef(),
  questionnaireId: questionnaireRef(),
  locator: text('locator').notNull().unique(),
  sealed: text('sealed').notNull(),
  createdOn: date('created_on')
    .notNull()
    .default(sql`current_date`),
  /** The questionnaire's closing day: purged after it. */
  expiresOn: date('expires_on').notNull(),
});
