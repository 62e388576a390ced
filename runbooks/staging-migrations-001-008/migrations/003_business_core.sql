-- 003_business_core: workflows and their executions, plus the application role fluxolab_devmode
-- and its grants. Roles are cluster-wide, so the role is created only when missing.

CREATE TABLE public.workflows (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid        NOT NULL REFERENCES public.workspaces (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    definition   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    active       boolean     NOT NULL DEFAULT false,
    created_by   uuid        REFERENCES public.users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_workflows_workspace ON public.workflows (workspace_id);

CREATE TABLE public.workflow_executions (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow_id uuid        NOT NULL REFERENCES public.workflows (id) ON DELETE CASCADE,
    status      text        NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    started_at  timestamptz,
    finished_at timestamptz,
    error       text
);
CREATE INDEX idx_workflow_executions_workflow ON public.workflow_executions (workflow_id, id DESC);

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fluxolab_devmode') THEN
        CREATE ROLE fluxolab_devmode NOLOGIN;
    END IF;
    -- GRANT ... ON DATABASE needs the database's name; current_database() is a function, not a name.
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO fluxolab_devmode', current_database());
END
$$;

GRANT USAGE ON SCHEMA public TO fluxolab_devmode;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO fluxolab_devmode;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO fluxolab_devmode;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO fluxolab_devmode;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO fluxolab_devmode;
