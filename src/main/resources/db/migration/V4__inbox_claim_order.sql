-- Workers claim due events of every source in arrival order: pending rows by id, without sorting the backlog.
CREATE INDEX inbox_pending_order ON inbox (status, id);
