import {
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';

// Trusts and the people in them. The trusts, users and global roles are global (not owned
// by a trust); the rest are trust-owned (row-level security on trust_id).

export const trusts = pgTable('trusts', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  region: text('region'),
  /** Who a worried child, young person or family can contact at the trust (shown to them). */
  safeguardingContact: text('safeguarding_contact'),
  createdAt: createdAt(),
});

export const trustRef = () =>
  uuid('trust_id')
    .notNull()
    .references(() => trusts.id, { onDelete: 'cascade' });

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
