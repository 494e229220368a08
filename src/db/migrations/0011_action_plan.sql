-- A trust's action plan: focus areas (suggested by a round's analysis and adopted, or the
-- trust's own), numbered actions with their leads and progress updates, and the users who
-- asked not to be sent the weekly reminder of their overdue and stale actions.
CREATE TABLE focus_areas (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trust_id uuid NOT NULL REFERENCES trusts(id) ON DELETE CASCADE,
  round_id uuid REFERENCES rounds(id) ON DELETE SET NULL,
  source text NOT NULL DEFAULT 'own',
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  framework_version text REFERENCES framework_versions(key),
  areas text[] NOT NULL DEFAULT '{}'::text[],
  dimensions text[] NOT NULL DEFAULT '{}'::text[],
  position integer NOT NULL,
  created_by text NOT NULL,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT focus_areas_source CHECK (source in ('own', 'weakest', 'divergent', 'agreed-gap', 'drill-down'))
);
--> statement-breakpoint
CREATE INDEX focus_areas_trust_position ON focus_areas (trust_id, position);
--> statement-breakpoint
CREATE TABLE actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trust_id uuid NOT NULL REFERENCES trusts(id) ON DELETE CASCADE,
  number text NOT NULL,
  number_key text NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  framework_version text REFERENCES framework_versions(key),
  areas text[] NOT NULL DEFAULT '{}'::text[],
  dimensions text[] NOT NULL DEFAULT '{}'::text[],
  focus_area_id uuid REFERENCES focus_areas(id) ON DELETE SET NULL,
  round_id uuid REFERENCES rounds(id) ON DELETE SET NULL,
  partners text NOT NULL DEFAULT '',
  target jsonb,
  target_due date,
  revised_target jsonb,
  revised_due date,
  revised_reason text NOT NULL DEFAULT '',
  success_measure text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'not-started',
  rag_override text,
  rag_override_reason text NOT NULL DEFAULT '',
  rag_override_by text,
  rag_override_at timestamp with time zone,
  revision integer NOT NULL DEFAULT 1,
  created_by text NOT NULL,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  updated_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT actions_trust_number UNIQUE (trust_id, number_key),
  CONSTRAINT actions_status CHECK (status in ('not-started', 'in-progress', 'complete', 'dropped')),
  CONSTRAINT actions_rag_override CHECK (rag_override is null or rag_override in ('red', 'amber', 'green', 'complete', 'not-started')),
  CONSTRAINT actions_revised_reason CHECK (revised_target is null or length(trim(revised_reason)) > 0)
);
--> statement-breakpoint
CREATE INDEX actions_trust_order ON actions (trust_id, number_key);
--> statement-breakpoint
CREATE TABLE action_leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trust_id uuid NOT NULL REFERENCES trusts(id) ON DELETE CASCADE,
  action_id uuid NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  name text NOT NULL,
  position integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX action_leads_action ON action_leads (action_id);
--> statement-breakpoint
CREATE INDEX action_leads_user ON action_leads (trust_id, user_id);
--> statement-breakpoint
CREATE TABLE action_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trust_id uuid NOT NULL REFERENCES trusts(id) ON DELETE CASCADE,
  action_id uuid NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  updated_on date NOT NULL,
  text text NOT NULL,
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  author_name text NOT NULL,
  rag text,
  status text NOT NULL,
  created_at timestamp with time zone NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX action_updates_action ON action_updates (action_id, updated_on);
--> statement-breakpoint
CREATE TABLE action_reminder_opt_outs (
  trust_id uuid NOT NULL REFERENCES trusts(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  PRIMARY KEY (trust_id, user_id)
);
--> statement-breakpoint
SELECT ocw_enable_trust_rls(t) FROM unnest(ARRAY['focus_areas', 'actions', 'action_leads', 'action_updates', 'action_reminder_opt_outs']) AS t;
