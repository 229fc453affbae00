-- The relay deletes outbox rows once published instead of marking them: an update wrote a new row version and
-- index entries for every message; a delete writes neither. What remains in the table is what is still to publish.
DROP INDEX outbox_unpublished;
ALTER TABLE outbox DROP COLUMN published_at;
