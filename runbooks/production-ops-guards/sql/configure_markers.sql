-- One-off, per environment (seed "Hard Guards de Ambiente > Configuração"): the markers the guards
-- compare with APP_ENV and SUPABASE_PROJECT_REF. Not a step of the runbook: the runbook refuses to
-- run until these exist and match. Run it once in the Supabase SQL editor of each project, e.g.
--   psql "$SUPABASE_DB_URL" -v environment=production -v project_ref=abcd1234 -f sql/configure_markers.sql
INSERT INTO app_settings (key, value, description)
VALUES
    ('environment', :'environment', 'Environment marker'),
    ('supabase_project_ref', :'project_ref', 'Project reference')
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
