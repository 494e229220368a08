-- Personal invitations that nothing ties to the answers they lead to. Opening a link
-- starts an anonymous draft (its own table, found by a differently prefixed hash of the
-- token, encrypted under a key derived from the token); the invitation only records the
-- day it was first opened. Sending deletes the draft and writes the response in one
-- transaction that does not touch the invitation.
ALTER TABLE invitations ADD COLUMN opened_on date;
--> statement-breakpoint
ALTER TABLE invitations ADD COLUMN token_sealed text;
--> statement-breakpoint
-- Every invitation row is rewritten, so none keeps the transaction id it shared with the
-- response that marked it answered. An answered invitation counts as opened (and, having
-- no draft, as sent).
UPDATE invitations SET opened_on = CASE WHEN answered THEN coalesce(reminded_on, sent_on, current_date) END;
--> statement-breakpoint
ALTER TABLE invitations DROP COLUMN answered;
--> statement-breakpoint
CREATE TABLE invitation_drafts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trust_id uuid NOT NULL REFERENCES trusts(id) ON DELETE CASCADE,
  questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
  locator text NOT NULL UNIQUE,
  sealed text NOT NULL,
  created_on date NOT NULL DEFAULT current_date,
  expires_on date NOT NULL
);
--> statement-breakpoint
SELECT ocw_enable_trust_rls('invitation_drafts');
