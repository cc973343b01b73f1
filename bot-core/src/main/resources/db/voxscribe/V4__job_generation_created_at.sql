-- When the service took a job (epoch milliseconds): a restart polls its generation_id again, within
-- the service's one-hour retention, without fetching or creating anything.
ALTER TABLE jobs ADD COLUMN generation_created_at BIGINT;
