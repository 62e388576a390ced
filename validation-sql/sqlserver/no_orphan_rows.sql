-- ---
-- description: Every non-null value of a referencing column exists in the referenced column.
-- params: { schema: dbo, table: null, column: null, ref_schema: dbo, ref_table: null, ref_column: id }
-- expect: result == 0
-- ---
DECLARE @schema sysname = :schema, @table sysname = :table, @column sysname = :column,
        @ref_schema sysname = :ref_schema, @ref_table sysname = :ref_table, @ref_column sysname = :ref_column;
DECLARE @sql nvarchar(max) = N'SELECT COUNT_BIG(*) AS orphans FROM ' + QUOTENAME(@schema) + N'.' + QUOTENAME(@table)
  + N' c WHERE c.' + QUOTENAME(@column) + N' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM '
  + QUOTENAME(@ref_schema) + N'.' + QUOTENAME(@ref_table) + N' p WHERE p.' + QUOTENAME(@ref_column)
  + N' = c.' + QUOTENAME(@column) + N')';
EXEC sp_executesql @sql;
