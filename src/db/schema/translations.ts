import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { frameworkVersions } from './rounds.ts';
import { trustRef } from './trusts.ts';

// A trust's own translations of what its questionnaires show (trust-owned: row-level
// security on trust_id): one per framework version and language, replaced whole by a new
// upload, used over the product's own text for that trust's questionnaires.

export const trustTranslations = pgTable(
  'trust_translations',
  {
    id: id(),
    trustId: trustRef(),
    frameworkVersion: text('framework_version')
      .notNull()
      .references(() => frameworkVersions.key, { onDelete: 'cascade' }),
    /** A BCP 47 language tag: en, cy, ar, pa-Arab… */
    language: text('language').notNull(),
    /** The language's name in English, and in itself. */
    name: text('name').notNull(),
    nativeName: text('native_name').notNull(),
    dir: text('dir').notNull(),
    /** Key → translated text, one for every text of the version (translations/catalogue.ts). */
    texts: jsonb('texts').$type<Record<string, string>>().notNull(),
    textCount: integer('text_count').notNull(),
    /** Of the texts: what the answering pages remember a trust's translation by. */
    checksum: text('checksum').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('trust_translations_trust_version_language').on(
      t.trustId,
      t.frameworkVersion,
      t.language,
    ),
    check('trust_translations_dir', sql`${t.dir} in ('ltr', 'rtl')`),
  ],
);
