-- ---
-- description: An index exists (and is valid).
-- params: { schema: public, index: null }
-- expect: result == 1
-- ---
SELECT count(*) FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = :schema AND c.relname = :index AND i.indisvalid
