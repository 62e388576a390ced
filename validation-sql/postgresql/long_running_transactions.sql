-- ---
-- description: No other session in this database has held a transaction open longer than max_seconds (they block DDL and vacuum).
-- params: { max_seconds: 300 }
-- expect: count == 0
-- ---
SELECT pid, usename, application_name, state, now() - xact_start AS open_for, left(query, 200) AS query
FROM pg_stat_activity
WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid() AND datname = current_database()
  AND xact_start < now() - make_interval(secs => CAST(:max_seconds AS double precision))
ORDER BY xact_start
