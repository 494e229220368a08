-- An action plan import waiting for its person to confirm it: the file's preview, row by row,
-- kept between the upload and the confirmation. A draft belongs to the trust and the person
-- who made it, and lasts a day: an expired draft is never shown, and is deleted when its
-- person makes a new one. Nothing of the plan is stored until the import is confirmed.
CREATE TABLE action_import_drafts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trust_id uuid NOT NULL REFERENCES trusts(id) ON DELETE CASCADE,
  created_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  file_name text NOT NULL DEFAULT '',
  source text NOT NULL,
  preview jsonb NOT NULL,
  expires_at timestamp with time zone NOT NULL,
  CONSTRAINT action_import_drafts_source CHECK (source in ('csv', 'xlsx', 'paste'))
);
--> statement-breakpoint
CREATE INDEX action_import_drafts_creator ON action_import_drafts (trust_id, created_by);
--> statement-breakpoint
SELECT ocw_enable_trust_rls('action_import_drafts');
