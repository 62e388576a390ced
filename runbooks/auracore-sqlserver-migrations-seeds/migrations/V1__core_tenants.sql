-- V1: tenants, the root of AuraCore's multi-tenant model (SQL Server 2022).
-- Versioned migration (strategy 1 of the seed): applied once and recorded in flyway_schema_history.
CREATE TABLE dbo.tenants (
    id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT DF_tenants_id DEFAULT NEWSEQUENTIALID()
                                         CONSTRAINT PK_tenants PRIMARY KEY,
    code       NVARCHAR(50)     NOT NULL CONSTRAINT UQ_tenants_code UNIQUE,
    name       NVARCHAR(200)    NOT NULL,
    active     BIT              NOT NULL CONSTRAINT DF_tenants_active DEFAULT (1),
    created_at DATETIME2(3)     NOT NULL CONSTRAINT DF_tenants_created_at DEFAULT SYSUTCDATETIME()
);
GO
