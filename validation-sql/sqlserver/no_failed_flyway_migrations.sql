-- ---
-- description: Flyway's history table records no failed migration.
-- params: { schema: dbo, table: flyway_schema_history }
-- expect: result == 0
-- ---
DECLARE @schema sysname = :schema, @table sysname = :table;
IF OBJECT_ID(QUOTENAME(@schema) + N'.' + QUOTENAME(@table), N'U') IS NULL
  SELECT CAST(0 AS bigint) AS failed;
ELSE
BEGIN
  DECLARE @sql nvarchar(max) = N'SELECT COUNT_BIG(*) AS failed FROM ' + QUOTENAME(@schema) + N'.' + QUOTENAME(@table)
    + N' WHERE success = 0';
  EXEC sp_executesql @sql;
END
