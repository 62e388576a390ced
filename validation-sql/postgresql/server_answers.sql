-- ---
-- description: The server answers a trivial query (the seeds' "SELECT 1" health check).
-- expect: result == 1
-- ---
SELECT 1
