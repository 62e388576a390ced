-- 006_workspace_defaults: each user gets a default workspace, which must be one the user owns.
-- Users who own no workspace get a personal one (with an 'owner' membership) first.

ALTER TABLE public.users
    ADD COLUMN default_workspace_id uuid REFERENCES public.workspaces (id) ON DELETE SET NULL;

INSERT INTO public.workspaces (name, slug, owner_id)
SELECT u.name || ' (personal)', 'personal-' || replace(u.id::text, '-', ''), u.id
  FROM public.users u
 WHERE NOT EXISTS (SELECT 1 FROM public.workspaces w WHERE w.owner_id = u.id);

-- Every owner is a member of the workspaces they own, with the 'owner' profile.
INSERT INTO public.workspace_members (workspace_id, user_id, profile_id)
SELECT w.id, w.owner_id, p.id
  FROM public.workspaces w
  JOIN public.profiles p ON p.code = 'owner'
ON CONFLICT (workspace_id, user_id) DO UPDATE SET profile_id = EXCLUDED.profile_id;

-- Default: the oldest workspace the user owns. A default pointing elsewhere is corrected.
UPDATE public.users u
   SET default_workspace_id = (SELECT w.id
                                 FROM public.workspaces w
                                WHERE w.owner_id = u.id
                                ORDER BY w.created_at, w.id
                                LIMIT 1),
       updated_at = now()
 WHERE u.default_workspace_id IS NULL
    OR NOT EXISTS (SELECT 1 FROM public.workspaces w
                    WHERE w.id = u.default_workspace_id AND w.owner_id = u.id);

CREATE INDEX idx_users_default_workspace ON public.users (default_workspace_id);
