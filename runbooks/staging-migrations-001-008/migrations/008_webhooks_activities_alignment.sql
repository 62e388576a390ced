-- 008_webhooks_activities_alignment: webhooks and activities become workspace-scoped for good.
-- DESTRUCTIVE: legacy webhook registrations/events that cannot be mapped to a workspace are
-- deleted, and activities.payload (superseded by metadata since 005) is dropped. The runbook
-- takes a backup before this and asks for a reason where the environment's policy says so.

-- 1. Map what can be mapped: a registration belongs to its user's default workspace.
UPDATE public.webhook_registrations r
   SET workspace_id = u.default_workspace_id
  FROM public.users u
 WHERE r.user_id = u.id
   AND r.workspace_id IS NULL
   AND u.default_workspace_id IS NOT NULL;

UPDATE public.webhook_events e
   SET workspace_id = r.workspace_id
  FROM public.webhook_registrations r
 WHERE e.registration_id = r.id
   AND e.workspace_id IS NULL
   AND r.workspace_id IS NOT NULL;

UPDATE public.activities a
   SET workspace_id = u.default_workspace_id
  FROM public.users u
 WHERE a.user_id = u.id
   AND a.workspace_id IS NULL
   AND u.default_workspace_id IS NOT NULL;

-- 2. Keep the legacy payload inside metadata before the column goes.
UPDATE public.activities
   SET metadata = jsonb_build_object('legacy_payload', payload) || metadata
 WHERE payload IS NOT NULL;

-- 3. Remove the legacy structures that have no workspace.
DELETE FROM public.webhook_events        WHERE workspace_id IS NULL;
DELETE FROM public.webhook_registrations WHERE workspace_id IS NULL;
DELETE FROM public.activities            WHERE workspace_id IS NULL;

ALTER TABLE public.webhook_registrations ALTER COLUMN workspace_id SET NOT NULL;
ALTER TABLE public.webhook_events        ALTER COLUMN workspace_id SET NOT NULL;
ALTER TABLE public.activities            ALTER COLUMN workspace_id SET NOT NULL;
ALTER TABLE public.activities            DROP COLUMN payload;

CREATE INDEX idx_activities_workspace     ON public.activities (workspace_id, created_at DESC);
CREATE INDEX idx_webhook_events_workspace ON public.webhook_events (workspace_id, received_at DESC);
