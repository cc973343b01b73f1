-- Transcripts shown with buttons, by a short id that the buttons carry (Telegram allows 64 bytes of
-- callback data), so a press after a restart still finds its transcript until it expires.
CREATE TABLE kept_transcripts (
  id TEXT NOT NULL PRIMARY KEY,
  transcript TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX kept_transcripts_expiry ON kept_transcripts (expires_at);

-- What a button made of a kept transcript (a summary, a translation into one language), by
-- transcript and target: a second press, by anyone, is answered from here and costs nothing.
-- usd_spent is the service's reported cost, as text (exact decimal), when it said.
CREATE TABLE transcript_extras (
  transcript_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  content TEXT NOT NULL,
  model TEXT NOT NULL,
  usd_spent TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (transcript_id, kind, target)
);
