-- Several instances on one database (issue 16). A job is leased to the instance working on it
-- until lease_until (epoch milliseconds), renewed while it lives; a lapsed lease lets another
-- instance resume the job, polling the generation it recorded.
ALTER TABLE jobs ADD COLUMN owner TEXT;
ALTER TABLE jobs ADD COLUMN lease_until BIGINT;
CREATE INDEX jobs_by_owner ON jobs (owner);

-- One create per audio in the whole cluster: the instance about to create a cache key holds it
-- here until the service has taken the job (then the key is in generations) or it failed.
CREATE TABLE creates (
  cache_key TEXT NOT NULL PRIMARY KEY,
  owner TEXT NOT NULL,
  lease_until BIGINT NOT NULL
);
