-- A round's figures are computed from a release of its answers, not live (SPEC §6, no
-- tracker over time): each release records the tallies of the responses it includes, and
-- every response records the release that first included it (null: not yet released).
ALTER TABLE responses ADD COLUMN release integer;
--> statement-breakpoint
CREATE INDEX responses_round_release ON responses (round_id, release);
--> statement-breakpoint
CREATE TABLE round_releases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trust_id uuid NOT NULL REFERENCES trusts(id) ON DELETE CASCADE,
  round_id uuid NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  number integer NOT NULL,
  responses integer NOT NULL,
  tallies jsonb NOT NULL,
  released_by text NOT NULL,
  released_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT round_releases_round_number UNIQUE (round_id, number)
);
--> statement-breakpoint
SELECT ocw_enable_trust_rls('round_releases');
