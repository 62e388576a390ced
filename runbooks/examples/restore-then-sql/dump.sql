-- A plain-format dump, as pg_dump --format=plain writes it (trimmed to what the example needs).
CREATE TABLE public.app_settings (
    key text PRIMARY KEY,
    value text NOT NULL
);

INSERT INTO public.app_settings (key, value) VALUES ('environment', 'production');
INSERT INTO public.app_settings (key, value) VALUES ('feature_x', 'on');
