import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

const id = () =>
  uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const trustRef = () =>
  uuid('trust_id')
    .notNull()
    .references(() => trusts.id, { onDelete: 'cascade' });

// ---- Global tables (not owned by a trust) ----

export const trusts = pgTable('trusts', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  region: text('region'),
  createdAt: createdAt(),
});

export const users = pgTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash'),
  createdAt: createdAt(),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
});

/** Roles held outside any trust: system admin and national analyst. */
export const globalRoles = pgTable(
  'global_roles',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
  },
  (t) => [unique('global_roles_user_role').on(t.userId, t.role)],
);

export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    currentTrustId: uuid('current_trust_id').references(() => trusts.id, { onDelete: 'set null' }),
    csrfSecret: text('csrf_secret').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const signInAttempts = pgTable('sign_in_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** Single-use emailed links: password resets and invitations to set a password. */
export const userTokens = pgTable('user_tokens', {
  idHash: text('id_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  purpose: text('purpose').notNull(),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

export const frameworkVersions = pgTable('framework_versions', {
  key: text('key').primaryKey(),
  title: text('title').notNull(),
  status: text('status').notNull(),
  content: jsonb('content').notNull(),
  checksum: text('checksum').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  lockedAt: timestamp('locked_at', { withTimezone: true }),
  createdAt: createdAt(),
});

// ---- Trust-owned tables (row-level security on trust_id) ----

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    trustId: trustRef(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('memberships_trust_user_role').on(t.trustId, t.userId, t.role),
    index('memberships_user').on(t.userId),
  ],
);

export const localities = pgTable(
  'localities',
  { id: id(), trustId: trustRef(), name: text('name').notNull(), createdAt: createdAt() },
  (t) => [unique('localities_trust_name').on(t.trustId, t.name)],
);

export const trustSectors = pgTable(
  'trust_sectors',
  {
    id: id(),
    trustId: trustRef(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    nationalKey: text('national_key').notNull(),
    custom: boolean('custom').notNull().default(false),
    headcount: integer('headcount'),
    createdAt: createdAt(),
  },
  (t) => [unique('trust_sectors_trust_key').on(t.trustId, t.key)],
);

export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    trustId: trustRef(),
    name: text('name').notNull(),
    sectorId: uuid('sector_id')
      .notNull()
      .references(() => trustSectors.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
  },
  (t) => [unique('organisations_trust_name').on(t.trustId, t.name)],
);

export const apiTokens = pgTable('api_tokens', {
  id: id(),
  /** Null only for a national analyst's token, which reaches the national view. */
  trustId: uuid('trust_id').references(() => trusts.id, { onDelete: 'cascade' }),
  role: text('role').notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    trustId: uuid('trust_id').references(() => trusts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [index('audit_log_trust_at').on(t.trustId, t.at)],
);

// ---- Assessment rounds, questionnaires and answers (trust-owned) ----

export const rounds = pgTable(
  'rounds',
  {
    id: id(),
    trustId: trustRef(),
    title: text('title').notNull(),
    frameworkVersion: text('framework_version')
      .notNull()
      .references(() => frameworkVersions.key),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    /** planning → collecting → analysing → reported */
    status: text('status').notNull().default('planning'),
    createdAt: createdAt(),
  },
  (t) => [unique('rounds_trust_title').on(t.trustId, t.title)],
);

const roundRef = () =>
  uuid('round_id')
    .notNull()
    .references(() => rounds.id, { onDelete: 'cascade' });

/** One row of the round's plan: a test of some areas, by some people, on some dates. */
export const planTests = pgTable('plan_tests', {
  id: id(),
  trustId: trustRef(),
  roundId: roundRef(),
  areaKeys: text('area_keys').array().notNull(),
  /** questionnaire, focus-group, analysis-workshop, evidence-review, other */
  activity: text('activity').notNull(),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on'),
  /** Sector keys and audience keys taking part. */
  participants: text('participants').array().notNull(),
  description: text('description').notNull().default(''),
  createdAt: createdAt(),
});

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

/** A focus group or analysis workshop; an analysis workshop's ratings are the agreed position. */
export const workshops = pgTable('workshops', {
  id: id(),
  trustId: trustRef(),
  roundId: roundRef(),
  /** focus-group or analysis-workshop */
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  heldOn: date('held_on').notNull(),
  facilitator: text('facilitator').notNull(),
  /** [{ sectorKey, count }] */
  participants: jsonb('participants').notNull().default([]),
  notes: text('notes').notNull().default(''),
  createdAt: createdAt(),
});

export const workshopRatings = pgTable(
  'workshop_ratings',
  {
    id: id(),
    trustId: trustRef(),
    workshopId: uuid('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    dimensionKey: text('dimension_key').notNull(),
    score: numeric('score', { precision: 2, scale: 1 }),
    stage: smallint('stage'),
    reasons: text('reasons').notNull().default(''),
    evidenceLinks: text('evidence_links')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [unique('workshop_ratings_dimension').on(t.workshopId, t.dimensionKey)],
);

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
