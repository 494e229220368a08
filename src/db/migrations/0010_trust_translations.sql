-- A trust's own translations of its questionnaires' texts: the framework text, the areas in
-- children's and families' words, and the respondent pages' wording, for one framework
-- version in one language, uploaded as a filled workbook and replaced whole by the next.
CREATE TABLE trust_translations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trust_id uuid NOT NULL REFERENCES trusts(id) ON DELETE CASCADE,
  framework_version text NOT NULL REFERENCES framework_versions(key) ON DELETE CASCADE,
  language text NOT NULL,
  name text NOT NULL,
  native_name text NOT NULL,
  dir text NOT NULL,
  texts jsonb NOT NULL,
  text_count integer NOT NULL,
  checksum text NOT NULL,
  uploaded_by text NOT NULL,
  uploaded_at timestamp with time zone NOT NULL DEFAULT now(),
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT trust_translations_trust_version_language UNIQUE (trust_id, framework_version, language),
  CONSTRAINT trust_translations_dir CHECK (dir in ('ltr', 'rtl'))
);
--> statement-breakpoint
SELECT ocw_enable_trust_rls('trust_translations');
