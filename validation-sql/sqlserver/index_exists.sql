-- ---
-- description: An index exists on a table and is not disabled.
-- params: { schema: dbo, table: null, index: null }
-- expect: result == 1
-- ---
SELECT COUNT(*) FROM sys.indexes i
JOIN sys.tables t ON t.object_id = i.object_id
JOIN sys.schemas s ON s.schema_id = t.schema_id
WHERE s.name = :schema AND t.name = :table AND i.name = :index AND i.is_disabled = 0
