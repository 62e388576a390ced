-- 003_seed_initial_data: the subscription plans ("Planos seed criados e disponíveis").
-- Idempotent: a plan that already exists (by code) is left as it is.
INSERT INTO plans (code, name, price_cents, max_users, max_processes, features) VALUES
    ('starter',      'Starter',      9900,  2,    100, '["process_monitoring", "email_alerts"]'),
    ('professional', 'Professional', 29900, 5,    500, '["process_monitoring", "email_alerts", "whatsapp_alerts", "reports"]'),
    ('business',     'Business',     69900, 15,  2000, '["process_monitoring", "email_alerts", "whatsapp_alerts", "reports", "api_access"]'),
    ('enterprise',   'Enterprise',   0,     NULL, NULL, '["process_monitoring", "email_alerts", "whatsapp_alerts", "reports", "api_access", "dedicated_support"]')
ON CONFLICT (code) DO NOTHING;
