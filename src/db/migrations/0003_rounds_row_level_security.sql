GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ocw_app;
--> statement-breakpoint
SELECT ocw_enable_trust_rls(t) FROM unnest(ARRAY['rounds', 'plan_tests', 'questionnaires', 'questionnaire_links', 'invitations', 'drafts', 'responses', 'answers', 'comments', 'workshops', 'workshop_ratings']) AS t;
--> statement-breakpoint
ALTER TABLE answers ADD CONSTRAINT answers_value_range CHECK (value BETWEEN 1 AND 5 OR value IN (8, 9));
--> statement-breakpoint
ALTER TABLE rounds ADD CONSTRAINT rounds_status CHECK (status IN ('planning', 'collecting', 'analysing', 'reported'));
--> statement-breakpoint
ALTER TABLE workshop_ratings ADD CONSTRAINT workshop_ratings_score CHECK (score IS NULL OR score BETWEEN 1.0 AND 5.0);
--> statement-breakpoint
-- A framework version becomes locked (never to change) as soon as a round uses it.
CREATE FUNCTION ocw_lock_round_framework_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE framework_versions SET locked_at = coalesce(locked_at, now()) WHERE key = NEW.framework_version;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER rounds_lock_framework_version AFTER INSERT OR UPDATE OF framework_version ON rounds
  FOR EACH ROW EXECUTE FUNCTION ocw_lock_round_framework_version();
