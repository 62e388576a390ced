-- 20250601120000: the view /health/deep checks for Julia's current status (a critical view).
-- julia_status is an append-only log (every pause/resume is an INSERT), so the current status is
-- its latest row. Backward compatible: it only adds a view, so the code running now keeps working
-- (migration first, code after).
CREATE OR REPLACE VIEW public.julia_status_atual AS
SELECT s.status,
       s.motivo,
       s.alterado_via,
       s.created_at
  FROM public.julia_status s
 ORDER BY s.created_at DESC
 LIMIT 1;

COMMENT ON VIEW public.julia_status_atual IS 'Current Julia status (latest julia_status row); checked by /health/deep';
