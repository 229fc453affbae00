-- The claim walks inbox_pending_order (status, id) and stops at its limit. The older inbox_claim index let the
-- planner, without statistics on a fresh or emptied table, prefer a bitmap scan of every pending entry (and
-- every entry a done row left behind until vacuum) sorted by id: a claim then cost time in proportion to the
-- backlog and the history instead of to its limit. No other statement needs it.
DROP INDEX inbox_claim;
