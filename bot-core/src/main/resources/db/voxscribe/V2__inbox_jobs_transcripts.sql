-- Times are epoch milliseconds (BIGINT), ids and JSON are TEXT: the same SQL runs on PostgreSQL.

-- Every platform update, recorded before the platform is told it arrived.
CREATE TABLE inbox (
  platform TEXT NOT NULL,
  update_id BIGINT NOT NULL,
  payload TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  done_at BIGINT,
  PRIMARY KEY (platform, update_id)
);
CREATE INDEX inbox_pending ON inbox (platform, done_at);

-- Who waits for a transcript, and where their job is.
CREATE TABLE jobs (
  id TEXT NOT NULL PRIMARY KEY,
  platform TEXT NOT NULL,
  request TEXT NOT NULL,
  waiter TEXT NOT NULL,
  stage TEXT NOT NULL,
  generation_id TEXT,
  plan TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_by_stage ON jobs (platform, stage);

-- Jobs at the speech service, by cache key (content or platform key plus options): a restart polls
-- these again instead of paying for a second create.
CREATE TABLE generations (
  cache_key TEXT NOT NULL PRIMARY KEY,
  generation_id TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- Finished transcripts, by cache key, until they expire. Failures are never stored.
CREATE TABLE transcripts (
  cache_key TEXT NOT NULL PRIMARY KEY,
  transcript TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX transcripts_expiry ON transcripts (expires_at);

-- Opaque, versioned state of a component (what the poll estimator learned).
CREATE TABLE snapshots (
  name TEXT NOT NULL PRIMARY KEY,
  version INTEGER NOT NULL,
  content TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
