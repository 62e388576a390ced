-- 005_workspace_scoping: every integration object belongs to a workspace. The columns start
-- nullable; 006 and 007 backfill them and 008 makes them mandatory. Activities get structured
-- columns (entity, metadata) that replace the free-form payload removed in 008.

ALTER TABLE public.credentials           ADD COLUMN workspace_id uuid REFERENCES public.workspaces (id) ON DELETE CASCADE;
ALTER TABLE public.webhook_registrations ADD COLUMN workspace_id uuid REFERENCES public.workspaces (id) ON DELETE CASCADE;
ALTER TABLE public.webhook_events        ADD COLUMN workspace_id uuid REFERENCES public.workspaces (id) ON DELETE CASCADE;
ALTER TABLE public.activities            ADD COLUMN workspace_id uuid REFERENCES public.workspaces (id) ON DELETE CASCADE;

ALTER TABLE public.activities
    ADD COLUMN entity_type text,
    ADD COLUMN entity_id   text,
    ADD COLUMN metadata    jsonb NOT NULL DEFAULT '{}'::jsonb;

-- New registrations and events are written with their workspace from now on.
CREATE INDEX idx_webhook_registrations_workspace ON public.webhook_registrations (workspace_id);
