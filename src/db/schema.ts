import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
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
