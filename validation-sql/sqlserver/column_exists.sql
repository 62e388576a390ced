-- ---
-- description: A column exists on a table.
-- params: { schema: dbo, table: null, column: null }
-- expect: result == 1
-- ---
SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS
WHERE TABLE_SCHEMA = :schema AND TABLE_NAME = :table AND COLUMN_NAME = :column
