-- 002_profiles: access profiles (owner, admin, editor, viewer) and the profile of each membership.

CREATE TABLE public.profiles (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code        text NOT NULL,
    name        text NOT NULL,
    description text,
    CONSTRAINT profiles_code_key UNIQUE (code)
);

INSERT INTO public.profiles (code, name, description) VALUES
    ('owner',  'Owner',  'Owns the workspace: billing, members, everything'),
    ('admin',  'Admin',  'Manages members, credentials and webhooks'),
    ('editor', 'Editor', 'Builds and runs workflows'),
    ('viewer', 'Viewer', 'Read-only access');

ALTER TABLE public.workspace_members ADD COLUMN profile_id uuid REFERENCES public.profiles (id);

-- Existing memberships: the workspace owner gets 'owner', everyone else 'editor' (what they could do before).
UPDATE public.workspace_members wm
   SET profile_id = p.id
  FROM public.workspaces w, public.profiles p
 WHERE w.id = wm.workspace_id
   AND p.code = CASE WHEN w.owner_id = wm.user_id THEN 'owner' ELSE 'editor' END;

ALTER TABLE public.workspace_members ALTER COLUMN profile_id SET NOT NULL;
CREATE INDEX idx_workspace_members_profile ON public.workspace_members (profile_id);
