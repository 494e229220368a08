-- The weekly reminders of overdue and stale actions: one row per lead, trust and ISO week
-- once that week's email has gone. The row is written in the transaction that sends the
-- email, so two instances (or a retry) never send a lead the same week's reminder twice,
-- and an email that fails leaves no row, to be sent on the retry.
CREATE TABLE action_reminder_sends (
  trust_id uuid NOT NULL REFERENCES trusts(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  week text NOT NULL,
  action_count integer NOT NULL,
  sent_at timestamp with time zone NOT NULL DEFAULT now(),
  PRIMARY KEY (trust_id, user_id, week),
  CONSTRAINT action_reminder_sends_week CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$')
);
--> statement-breakpoint
SELECT ocw_enable_trust_rls('action_reminder_sends');
