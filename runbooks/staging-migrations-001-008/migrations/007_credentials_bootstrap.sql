-- 007_credentials_bootstrap: credentials move to their owner's default workspace and the
-- workspace becomes mandatory. Runs after 006, so every user has a default workspace.

UPDATE public.credentials c
   SET workspace_id = u.default_workspace_id,
       updated_at   = now()
  FROM public.users u
 WHERE c.user_id = u.id
   AND c.workspace_id IS NULL;

ALTER TABLE public.credentials ALTER COLUMN workspace_id SET NOT NULL;
CREATE INDEX idx_credentials_workspace ON public.credentials (workspace_id);
