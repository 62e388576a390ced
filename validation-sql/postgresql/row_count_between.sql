-- ---
-- description: A table's row count lies within [min, max] (e.g. a seed or a purge did what it should).
-- params: { schema: public, table: null, min: 0, max: 9223372036854775807 }
-- expect: result == 1
-- ---
SELECT CASE WHEN n BETWEEN CAST(:min AS bigint) AND CAST(:max AS bigint) THEN 1 ELSE 0 END AS within, n AS row_count
FROM (SELECT (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I',
  CAST(:schema AS text), CAST(:table AS text)), false, true, '')))[1]::text::bigint AS n) s
