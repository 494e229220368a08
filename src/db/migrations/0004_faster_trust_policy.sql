-- The trust isolation policy reads its settings once per query rather than once per row:
-- each current_setting() is wrapped in a scalar subquery, which PostgreSQL evaluates once
-- (an initplan). Same rule, much less work on large tables such as answers.
CREATE OR REPLACE FUNCTION ocw_trust_policy_sql(table_name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format(
    'CREATE POLICY trust_isolation ON %I USING (trust_id = (SELECT nullif(current_setting(''app.trust_id'', true), '''')::uuid) OR (SELECT current_setting(''app.system'', true) = ''on'')) WITH CHECK (trust_id = (SELECT nullif(current_setting(''app.trust_id'', true), '''')::uuid) OR (SELECT current_setting(''app.system'', true) = ''on''))',
    table_name)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ocw_enable_trust_rls(table_name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', table_name);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', table_name);
  EXECUTE ocw_trust_policy_sql(table_name);
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_policies WHERE schemaname = 'public' AND policyname = 'trust_isolation' LOOP
    EXECUTE format('DROP POLICY trust_isolation ON %I', t);
    EXECUTE ocw_trust_policy_sql(t);
  END LOOP;
END
$$;
