-- A trust's own contact for anyone worried about their safety, shown to respondents on the
-- safeguarding pages and the confirmation page.
ALTER TABLE trusts ADD COLUMN safeguarding_contact text;
--> statement-breakpoint
-- The hash of an invitation's earlier link when a reminder had to give it a new one, so
-- that the earlier email's link can say a newer email was sent (it was never opened, so
-- nothing was answered through it).
ALTER TABLE invitations ADD COLUMN replaced_token_hash text;
--> statement-breakpoint
CREATE UNIQUE INDEX invitations_replaced_token_hash ON invitations (replaced_token_hash);
