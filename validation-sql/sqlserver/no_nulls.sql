-- ---
-- description: A column holds no NULLs (e.g. before adding NOT NULL).
-- params: { schema: dbo, table: null, column: null }
-- expect: result == 0
-- ---
-- Identifiers are bind parameters too: QUOTENAME quotes them on the server, sp_executesql runs the result.
DECLARE @schema sysname = :schema, @table sysname = :table, @column sysname = :column;
DECLARE @sql nvarchar(max) = N'SELECT COUNT_BIG(*) AS nulls FROM ' + QUOTENAME(@schema) + N'.' + QUOTENAME(@table)
  + N' WHERE ' + QUOTENAME(@column) + N' IS NULL';
EXEC sp_executesql @sql;
