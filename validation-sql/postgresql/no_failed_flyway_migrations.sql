-- ---
-- description: Flyway's history table records no failed migration.
-- params: { schema: public, table: flyway_schema_history }
-- expect: result == 0
-- ---
SELECT CASE WHEN to_regclass(format('%I.%I', CAST(:schema AS text), CAST(:table AS text))) IS NULL THEN 0 ELSE
  (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I WHERE NOT success',
    CAST(:schema AS text), CAST(:table AS text)), false, true, '')))[1]::text::bigint END AS failed
