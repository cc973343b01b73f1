-- Several instances on one database (issue 16). A recorded update is leased to the instance that
-- recorded it until lease_until (epoch milliseconds), renewed while it is pending; a lapsed lease
-- (the instance died between recording the update and making it a job) lets a running instance
-- handle it without waiting for a restart. Rows recorded before this version have no owner: the
-- next instance to start handles them, as before.
ALTER TABLE inbox ADD COLUMN owner TEXT;
ALTER TABLE inbox ADD COLUMN lease_until BIGINT;
CREATE INDEX inbox_by_owner ON inbox (owner, done_at);
