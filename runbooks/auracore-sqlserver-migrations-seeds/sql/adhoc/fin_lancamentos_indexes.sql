-- Ad-hoc DDL (strategy 2 of the seed): only when unavoidable, idempotent (IF NOT EXISTS / COL_LENGTH),
-- recorded with the run's ticket. Safe to run again: every batch checks before it changes anything.

-- Column added by hot-fix outside the versioned history: cost centre of a ledger entry.
IF COL_LENGTH(N'dbo.fin_lancamentos', N'centro_custo') IS NULL
    ALTER TABLE dbo.fin_lancamentos ADD centro_custo NVARCHAR(30) NULL;
GO

-- Index for the Financeiro month-close queries (tenant + competence date), online where the edition allows.
IF NOT EXISTS (SELECT 1 FROM sys.indexes
                WHERE name = N'IX_fin_lancamentos_tenant_competencia'
                  AND object_id = OBJECT_ID(N'dbo.fin_lancamentos'))
    CREATE NONCLUSTERED INDEX IX_fin_lancamentos_tenant_competencia
        ON dbo.fin_lancamentos (tenant_id, data_competencia)
        INCLUDE (valor, tipo);
GO

-- Filtered index for the cost-centre report (only rows that have one).
IF NOT EXISTS (SELECT 1 FROM sys.indexes
                WHERE name = N'IX_fin_lancamentos_centro_custo'
                  AND object_id = OBJECT_ID(N'dbo.fin_lancamentos'))
    CREATE NONCLUSTERED INDEX IX_fin_lancamentos_centro_custo
        ON dbo.fin_lancamentos (tenant_id, centro_custo)
        WHERE centro_custo IS NOT NULL;
GO
