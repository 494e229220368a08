import { sql } from 'drizzle-orm';
import { date, jsonb, numeric, pgTable, smallint, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { roundRef } from './rounds.ts';
import { trustRef } from './trusts.ts';

// Focus groups and analysis workshops, and the ratings they give (trust-owned: row-level
// security on trust_id).

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
