-- ---
-- description: A column exists on a table.
-- params: { schema: public, table: null, column: null }
-- expect: result == 1
-- ---
SELECT count(*) FROM information_schema.columns
WHERE table_schema = :schema AND table_name = :table AND column_name = :column
