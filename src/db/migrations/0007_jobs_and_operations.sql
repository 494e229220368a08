-- Jobs run by the in-process runner (PGlite, one process): its queue and its history, in a
-- schema of their own so that backups, restores and the trust-isolation checks (all of the
-- public schema) leave them alone. On PostgreSQL the jobs run on pg-boss, which keeps its
-- own tables in the pgboss schema; this table then stays empty.
CREATE SCHEMA IF NOT EXISTS ocw_jobs;
--> statement-breakpoint
CREATE TABLE ocw_jobs.runs (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	name text NOT NULL,
	data jsonb DEFAULT '{}'::jsonb NOT NULL,
	singleton_key text,
	state text DEFAULT 'created' NOT NULL,
	attempts integer DEFAULT 0 NOT NULL,
	created_at timestamp with time zone DEFAULT now() NOT NULL,
	start_after timestamp with time zone DEFAULT now() NOT NULL,
	started_at timestamp with time zone,
	finished_at timestamp with time zone,
	outcome text,
	CONSTRAINT runs_state CHECK (state IN ('created', 'retry', 'active', 'completed', 'failed'))
);
--> statement-breakpoint
-- One waiting job per singleton key: a double click, or a second enqueue, adds nothing.
-- (As on pg-boss, a job waiting for its retry does not count: asking again tries now.)
CREATE UNIQUE INDEX runs_one_waiting ON ocw_jobs.runs (name, singleton_key)
	WHERE singleton_key IS NOT NULL AND state = 'created';
--> statement-breakpoint
CREATE INDEX runs_next ON ocw_jobs.runs (start_after) WHERE state IN ('created', 'retry');
--> statement-breakpoint
CREATE INDEX runs_by_name ON ocw_jobs.runs (name, created_at);
