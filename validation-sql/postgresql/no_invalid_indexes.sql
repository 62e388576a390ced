-- ---
-- description: No index in the schema is invalid (e.g. left behind by a failed CREATE INDEX CONCURRENTLY).
-- params: { schema: public }
-- expect: count == 0
-- ---
SELECT n.nspname AS schema, c.relname AS index_name, t.relname AS table_name
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT i.indisvalid AND n.nspname = :schema
ORDER BY 1, 2
