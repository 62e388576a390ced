-- ---
-- description: A table (or view) exists.
-- params: { schema: dbo, table: null }
-- expect: result == 1
-- ---
SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = :schema AND TABLE_NAME = :table
