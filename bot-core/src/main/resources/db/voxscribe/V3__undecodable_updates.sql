-- Updates a platform library could not decode, kept as they came for an operator to inspect
-- (the newest 1000 per platform). Times are epoch milliseconds.
CREATE TABLE undecodable_updates (
  platform TEXT NOT NULL,
  update_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  raw TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (platform, update_id)
);
CREATE INDEX undecodable_updates_by_time ON undecodable_updates (platform, received_at);
