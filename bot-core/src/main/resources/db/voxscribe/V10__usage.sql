-- Usage counters per UTC day (epoch day) and scope: the whole bot, a person, a chat or server.
-- Every change is one INSERT ... ON CONFLICT DO UPDATE SET value = value + ?, so concurrent
-- writers never lose an increment.
CREATE TABLE usage_counters (
  day BIGINT NOT NULL,
  kind TEXT NOT NULL,
  scope TEXT NOT NULL,
  name TEXT NOT NULL,
  value BIGINT NOT NULL,
  PRIMARY KEY (day, kind, scope, name)
);
CREATE INDEX usage_by_name ON usage_counters (name, day);

-- What each paid job cost, from the service's x-aimlapi-usd-spent / x-aimlapi-credits-used
-- headers where they came, else estimated from the audio's length (usd_estimated = 1).
CREATE TABLE job_costs (
  generation_id TEXT NOT NULL PRIMARY KEY,
  platform TEXT NOT NULL,
  person TEXT NOT NULL,
  chat TEXT NOT NULL,
  audio_ms BIGINT NOT NULL,
  usd_nanos BIGINT NOT NULL,
  usd_estimated INTEGER NOT NULL,
  credits BIGINT,
  recorded_at BIGINT NOT NULL
);
