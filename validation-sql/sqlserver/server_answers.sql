-- ---
-- description: The server answers a trivial query (the seeds' "sqlcmd SELECT 1" check).
-- expect: result == 1
-- ---
SELECT 1
