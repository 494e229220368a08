-- What the API keeps about its own calls, in a schema of its own (like ocw_jobs) so that
-- backups, restores and the trust-isolation checks leave it alone: nothing here is a trust's
-- data, and all of it is short-lived.
CREATE SCHEMA IF NOT EXISTS ocw_api;
--> statement-breakpoint
-- A POST sent with an Idempotency-Key: the request's fingerprint, then the answer it got, so
-- that a retry gets the same answer instead of doing the work twice. Kept for a day.
CREATE TABLE ocw_api.idempotency (
	token_id uuid NOT NULL,
	key text NOT NULL,
	fingerprint text NOT NULL,
	status integer,
	content_type text,
	body text,
	created_at timestamp with time zone DEFAULT now() NOT NULL,
	PRIMARY KEY (token_id, key)
);
--> statement-breakpoint
CREATE INDEX idempotency_created ON ocw_api.idempotency (created_at);
--> statement-breakpoint
-- Calls per token in the current minute, for the per-token rate limit.
CREATE TABLE ocw_api.rate_windows (
	token_id uuid PRIMARY KEY NOT NULL,
	window_start timestamp with time zone NOT NULL,
	calls integer NOT NULL
);
