-- ---
-- description: A table (or view) exists.
-- params: { schema: public, table: null }
-- expect: result == 1
-- ---
SELECT count(*) FROM information_schema.tables WHERE table_schema = :schema AND table_name = :table
