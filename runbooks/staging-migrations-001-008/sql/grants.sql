-- Re-applies the grants of the application role fluxolab_devmode (first given by 003_business_core)
-- so tables and sequences created by 004..008 are covered too. Idempotent: GRANT on a privilege
-- already held is a no-op.
--
-- The seed's `GRANT CONNECT ON DATABASE current_database() TO ...` is not valid SQL (GRANT takes a
-- database name, not an expression), so the name is resolved in a DO block and quoted with format(%I).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fluxolab_devmode') THEN
        RAISE EXCEPTION 'role fluxolab_devmode does not exist: 003_business_core should have created it';
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO fluxolab_devmode', current_database());
END
$$;

GRANT USAGE ON SCHEMA public TO fluxolab_devmode;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO fluxolab_devmode;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO fluxolab_devmode;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO fluxolab_devmode;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO fluxolab_devmode;
