-- ---
-- description: A role can use a schema and has the given privilege on every table in it (re-applied grants took effect).
-- params: { role: null, schema: public, privilege: SELECT }
-- expect: count == 0
-- ---
SELECT 'schema ' || :schema AS object, 'USAGE' AS missing
WHERE NOT has_schema_privilege(CAST(:role AS text), CAST(:schema AS text), 'USAGE')
UNION ALL
SELECT 'table ' || schemaname || '.' || tablename, CAST(:privilege AS text)
FROM pg_tables
WHERE schemaname = :schema
  AND NOT has_table_privilege(CAST(:role AS text), format('%I.%I', schemaname, tablename), CAST(:privilege AS text))
ORDER BY 1
