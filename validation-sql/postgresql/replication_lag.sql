-- ---
-- description: No streaming replica replays more than max_seconds behind this primary (none connected passes).
-- params: { max_seconds: 60 }
-- expect: count == 0
-- ---
SELECT application_name, client_addr, state, replay_lag
FROM pg_stat_replication
WHERE replay_lag > make_interval(secs => CAST(:max_seconds AS double precision))
