-- Where the signed change webhooks to HBH-2 (hbh2.webhook_url) have got to: one row, locked by the node that
-- sends, so that a cluster sends each batch from one node at a time and resumes after the last acknowledged change.
CREATE TABLE change_forwarding (
  id INT PRIMARY KEY,
  delivered_seq BIGINT NOT NULL,
  attempts INT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_error VARCHAR(1000)
);

INSERT INTO change_forwarding (id, delivered_seq, attempts, next_attempt_at) VALUES (1, 0, 0, 0);
