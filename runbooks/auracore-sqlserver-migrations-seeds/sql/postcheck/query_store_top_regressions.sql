-- Performance regression evidence (seed post-check: Query Store / p95). Read-only: the 20 queries
-- whose average duration in the last hour grew most against the previous 7 days. Empty when Query
-- Store is off (then check endpoint p95 in APM instead).
WITH recent AS (
    SELECT p.query_id, AVG(rs.avg_duration) AS avg_us, SUM(rs.count_executions) AS execs
      FROM sys.query_store_runtime_stats rs
      JOIN sys.query_store_runtime_stats_interval i ON i.runtime_stats_interval_id = rs.runtime_stats_interval_id
      JOIN sys.query_store_plan p ON p.plan_id = rs.plan_id
     WHERE i.start_time >= DATEADD(HOUR, -1, SYSUTCDATETIME())
     GROUP BY p.query_id
), baseline AS (
    SELECT p.query_id, AVG(rs.avg_duration) AS avg_us
      FROM sys.query_store_runtime_stats rs
      JOIN sys.query_store_runtime_stats_interval i ON i.runtime_stats_interval_id = rs.runtime_stats_interval_id
      JOIN sys.query_store_plan p ON p.plan_id = rs.plan_id
     WHERE i.start_time >= DATEADD(DAY, -7, SYSUTCDATETIME())
       AND i.start_time <  DATEADD(HOUR, -1, SYSUTCDATETIME())
     GROUP BY p.query_id
)
SELECT TOP (20)
       r.query_id,
       CAST(b.avg_us / 1000.0 AS DECIMAL(18, 2)) AS baseline_ms,
       CAST(r.avg_us / 1000.0 AS DECIMAL(18, 2)) AS last_hour_ms,
       CAST(r.avg_us / NULLIF(b.avg_us, 0) AS DECIMAL(18, 2)) AS ratio,
       r.execs,
       LEFT(qt.query_sql_text, 200) AS query_text
  FROM recent r
  JOIN baseline b ON b.query_id = r.query_id
  JOIN sys.query_store_query q ON q.query_id = r.query_id
  JOIN sys.query_store_query_text qt ON qt.query_text_id = q.query_text_id
 ORDER BY r.avg_us / NULLIF(b.avg_us, 0) DESC;
