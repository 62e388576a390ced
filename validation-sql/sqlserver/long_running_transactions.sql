-- ---
-- description: No other session has held a transaction open longer than max_seconds.
-- params: { max_seconds: 300 }
-- expect: count == 0
-- ---
SELECT s.session_id, s.login_name, s.program_name, t.transaction_begin_time
FROM sys.dm_tran_active_transactions t
JOIN sys.dm_tran_session_transactions st ON st.transaction_id = t.transaction_id
JOIN sys.dm_exec_sessions s ON s.session_id = st.session_id
WHERE s.session_id <> @@SPID AND t.transaction_begin_time < DATEADD(second, -CAST(:max_seconds AS int), SYSDATETIME())
