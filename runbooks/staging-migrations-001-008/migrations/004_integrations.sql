-- 004_integrations: credentials, inbound webhooks and the activity log, all still scoped to a user.
-- This is the "legacy" (pre-005) shape: tokens and credentials without a workspace, activities
-- with a free-form payload. 005 adds workspace_id, 006/007 backfill it, 008 removes what is left.

CREATE TABLE public.credentials (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid        NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    type       text        NOT NULL,
    secret_enc bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_credentials_user ON public.credentials (user_id);

CREATE TABLE public.webhook_registrations (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid        NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    token      text        NOT NULL,
    target_url text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT webhook_registrations_token_key UNIQUE (token)
);

CREATE TABLE public.webhook_events (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id uuid        NOT NULL REFERENCES public.webhook_registrations (id) ON DELETE CASCADE,
    body            jsonb       NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    processed_at    timestamptz,
    error           text
);
CREATE INDEX idx_webhook_events_pending ON public.webhook_events (received_at) WHERE processed_at IS NULL;

CREATE TABLE public.activities (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    uuid        REFERENCES public.users (id) ON DELETE SET NULL,
    action     text        NOT NULL,
    payload    jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_activities_user ON public.activities (user_id, created_at DESC);
