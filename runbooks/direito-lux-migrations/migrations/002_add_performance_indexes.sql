-- 002_add_performance_indexes: the seed's "índices automáticos" - tenant id (every multi-tenant
-- query), email (user lookup), created_at (time ordering) and status (state filters).
CREATE INDEX IF NOT EXISTS idx_users_tenant_id    ON users (tenant_id);
CREATE INDEX IF NOT EXISTS idx_users_email_lower  ON users (lower(email));
CREATE INDEX IF NOT EXISTS idx_users_created_at   ON users (created_at);
CREATE INDEX IF NOT EXISTS idx_users_status       ON users (tenant_id, status);
CREATE INDEX IF NOT EXISTS idx_tenants_plan_id    ON tenants (plan_id);
CREATE INDEX IF NOT EXISTS idx_tenants_status     ON tenants (status);
CREATE INDEX IF NOT EXISTS idx_tenants_created_at ON tenants (created_at);
