-- V2: Financeiro module - ledger entries (lancamentos) per tenant.
CREATE TABLE dbo.fin_lancamentos (
    id               BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_fin_lancamentos PRIMARY KEY,
    tenant_id        UNIQUEIDENTIFIER      NOT NULL CONSTRAINT FK_fin_lancamentos_tenant REFERENCES dbo.tenants (id),
    data_competencia DATE                  NOT NULL,
    descricao        NVARCHAR(400)         NOT NULL,
    valor            DECIMAL(18, 2)        NOT NULL,
    tipo             CHAR(1)               NOT NULL CONSTRAINT CK_fin_lancamentos_tipo CHECK (tipo IN ('D', 'C')),
    created_at       DATETIME2(3)          NOT NULL CONSTRAINT DF_fin_lancamentos_created_at DEFAULT SYSUTCDATETIME()
);
GO
