-- The application's queries for a trust run as the role ocw_app, with the trust's id in
-- the transaction setting app.trust_id. Row-level security is forced on every
-- trust-owned table, so a query without the setting sees no rows. Operator and
-- system-level work (creating trusts, signing in) sets app.system instead.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ocw_app') THEN
    CREATE ROLE ocw_app NOLOGIN;
  END IF;
  BEGIN
    EXECUTE format('GRANT ocw_app TO %I', current_user);
  EXCEPTION WHEN OTHERS THEN
    NULL;
  END;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO ocw_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ocw_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ocw_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ocw_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ocw_app;
--> statement-breakpoint
CREATE FUNCTION ocw_enable_trust_rls(table_name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', table_name);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', table_name);
  EXECUTE format(
    'CREATE POLICY trust_isolation ON %I USING (trust_id = nullif(current_setting(''app.trust_id'', true), '''')::uuid OR current_setting(''app.system'', true) = ''on'') WITH CHECK (trust_id = nullif(current_setting(''app.trust_id'', true), '''')::uuid OR current_setting(''app.system'', true) = ''on'')',
    table_name);
END
$$;
--> statement-breakpoint
SELECT ocw_enable_trust_rls(t) FROM unnest(ARRAY['memberships', 'localities', 'trust_sectors', 'organisations', 'api_tokens', 'audit_log']) AS t;
--> statement-breakpoint
-- A framework version used by a round never changes.
CREATE FUNCTION ocw_framework_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.locked_at IS NOT NULL AND (NEW.content IS DISTINCT FROM OLD.content OR NEW.checksum IS DISTINCT FROM OLD.checksum) THEN
    RAISE EXCEPTION 'framework version % is in use and cannot change', OLD.key USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER framework_version_immutable BEFORE UPDATE ON framework_versions
  FOR EACH ROW EXECUTE FUNCTION ocw_framework_version_immutable();
--> statement-breakpoint
CREATE FUNCTION ocw_framework_version_undeletable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.locked_at IS NOT NULL THEN
    RAISE EXCEPTION 'framework version % is in use and cannot be deleted', OLD.key USING ERRCODE = 'check_violation';
  END IF;
  RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE TRIGGER framework_version_undeletable BEFORE DELETE ON framework_versions
  FOR EACH ROW EXECUTE FUNCTION ocw_framework_version_undeletable();
