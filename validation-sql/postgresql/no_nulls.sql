-- ---
-- description: A column holds no NULLs (e.g. before adding NOT NULL).
-- params: { schema: public, table: null, column: null }
-- expect: result == 0
-- ---
SELECT (xpath('/row/n/text()', query_to_xml(format(
  'SELECT count(*) AS n FROM %I.%I WHERE %I IS NULL',
  CAST(:schema AS text), CAST(:table AS text), CAST(:column AS text)), false, true, '')))[1]::text::bigint AS nulls
