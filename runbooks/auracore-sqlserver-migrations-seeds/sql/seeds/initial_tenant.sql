-- Seed (strategy 3 of the seed): the initial tenant of a new environment. Idempotent: inserts only
-- when the code is absent; an existing tenant is left untouched (its name is not overwritten).
-- :tenant_code and :tenant_name are bind parameters (the params of the same name).
IF NOT EXISTS (SELECT 1 FROM dbo.tenants WHERE code = :tenant_code)
    INSERT INTO dbo.tenants (code, name) VALUES (:tenant_code, :tenant_name);
