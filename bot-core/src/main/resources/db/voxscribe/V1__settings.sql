-- The schema of VoxScribe 0.1, which created this table itself without a version table.
-- IF NOT EXISTS adopts such a database as it is: every chat's settings stay.
CREATE TABLE IF NOT EXISTS settings (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (scope, key)
);
