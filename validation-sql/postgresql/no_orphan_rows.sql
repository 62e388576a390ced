-- ---
-- description: Every non-null value of a referencing column exists in the referenced column (an orphan check for a foreign key, declared or not).
-- params: { schema: public, table: null, column: null, ref_schema: public, ref_table: null, ref_column: id }
-- expect: result == 0
-- ---
-- Identifiers are bind parameters too: format(%I) quotes them on the server, query_to_xml runs the result.
SELECT (xpath('/row/n/text()', query_to_xml(format(
  'SELECT count(*) AS n FROM %I.%I c WHERE c.%I IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %I.%I p WHERE p.%I = c.%I)',
  CAST(:schema AS text), CAST(:table AS text), CAST(:column AS text),
  CAST(:ref_schema AS text), CAST(:ref_table AS text), CAST(:ref_column AS text), CAST(:column AS text)),
  false, true, '')))[1]::text::bigint AS orphans
