import { date, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { trustRef } from './trusts.ts';

// The framework's versions (global) and the trusts' assessment rounds with their plans
// (trust-owned: row-level security on trust_id).

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

export const roundRef = () =>
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
