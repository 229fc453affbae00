-- Retention deletes users' notifications by age, oldest first.
CREATE INDEX user_notification_by_created ON user_notification (created_at);
