-- Directed smoke tests (seed section 5) at the database level, leaving no trace: the work runs in
-- an inner block that is undone on purpose at the end (SQLSTATE RBK01). A failed ASSERT raises
-- assert_failure (P0004), which is not caught, so the step fails with the message below.
DO $$
DECLARE
    v_user      uuid;
    v_workspace uuid;
    v_reg       uuid;
    v_event     bigint;
    v_cred      uuid;
    v_activity  bigint;
BEGIN
    BEGIN
        -- A throwaway user; 006 guarantees every user a default workspace it owns.
        INSERT INTO public.users (email, name)
        VALUES ('smoke+' || replace(gen_random_uuid()::text, '-', '') || '@runbook.invalid', 'Runbook smoke test')
        RETURNING id INTO v_user;
        INSERT INTO public.workspaces (name, slug, owner_id)
        VALUES ('smoke', 'smoke-' || replace(v_user::text, '-', ''), v_user)
        RETURNING id INTO v_workspace;
        UPDATE public.users SET default_workspace_id = v_workspace WHERE id = v_user;

        -- 1. Webhooks: create a registration, receive an event, process it.
        INSERT INTO public.webhook_registrations (user_id, workspace_id, token, target_url)
        VALUES (v_user, v_workspace, 'smoke-' || gen_random_uuid(), 'https://example.invalid/hook')
        RETURNING id INTO v_reg;
        INSERT INTO public.webhook_events (registration_id, workspace_id, body)
        VALUES (v_reg, v_workspace, '{"event": "smoke"}')
        RETURNING id INTO v_event;
        UPDATE public.webhook_events SET processed_at = now() WHERE id = v_event AND workspace_id = v_workspace;
        ASSERT (SELECT processed_at IS NOT NULL FROM public.webhook_events WHERE id = v_event),
            'webhooks: the smoke event was not processed';
        BEGIN
            INSERT INTO public.webhook_events (registration_id, body) VALUES (v_reg, '{}');
            RAISE EXCEPTION 'webhooks: an event without workspace_id was accepted' USING ERRCODE = 'P0004';
        EXCEPTION WHEN not_null_violation THEN
            NULL;  -- expected since 008
        END;

        -- 2. Activities: an audited action lands in the actor's workspace.
        INSERT INTO public.activities (user_id, workspace_id, action, entity_type, entity_id, metadata)
        SELECT u.id, u.default_workspace_id, 'credential.created', 'credential', 'smoke', '{"smoke": true}'
          FROM public.users u WHERE u.id = v_user
        RETURNING id INTO v_activity;
        ASSERT (SELECT a.workspace_id = v_workspace FROM public.activities a WHERE a.id = v_activity),
            'activities: the activity was not recorded in the user''s workspace';

        -- 3. Credentials: create and edit one; workspace_id is NOT NULL since 007.
        INSERT INTO public.credentials (user_id, workspace_id, name, type, secret_enc)
        VALUES (v_user, v_workspace, 'smoke', 'api_key', '\x00'::bytea)
        RETURNING id INTO v_cred;
        UPDATE public.credentials SET name = 'smoke (edited)', updated_at = now() WHERE id = v_cred;
        ASSERT (SELECT name = 'smoke (edited)' FROM public.credentials WHERE id = v_cred),
            'credentials: the edit was not saved';
        BEGIN
            INSERT INTO public.credentials (user_id, name, type, secret_enc) VALUES (v_user, 'x', 'x', '\x00'::bytea);
            RAISE EXCEPTION 'credentials: a credential without workspace_id was accepted' USING ERRCODE = 'P0004';
        EXCEPTION WHEN not_null_violation THEN
            NULL;  -- expected since 007
        END;

        RAISE EXCEPTION 'smoke tests passed; undoing their rows' USING ERRCODE = 'RBK01';
    EXCEPTION WHEN SQLSTATE 'RBK01' THEN
        RAISE NOTICE 'smoke tests passed (webhooks, activities, credentials); test rows undone';
    END;
END
$$;
