-- ---
-- description: A table's row count lies within [min, max].
-- params: { schema: dbo, table: null, min: 0, max: 9223372036854775807 }
-- expect: result == 1
-- ---
DECLARE @schema sysname = :schema, @table sysname = :table, @min bigint = :min, @max bigint = :max, @n bigint;
DECLARE @sql nvarchar(max) = N'SELECT @n = COUNT_BIG(*) FROM ' + QUOTENAME(@schema) + N'.' + QUOTENAME(@table);
EXEC sp_executesql @sql, N'@n bigint OUTPUT', @n = @n OUTPUT;
SELECT CASE WHEN @n BETWEEN @min AND @max THEN 1 ELSE 0 END AS within, @n AS row_count;
