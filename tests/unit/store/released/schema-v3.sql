CREATE TABLE batches (
  id              TEXT PRIMARY KEY NOT NULL,
  origin_station  TEXT NOT NULL,
  sequence        INTEGER NOT NULL CHECK (sequence >= 1),
  previous_hash   BLOB NOT NULL,
  hash            BLOB NOT NULL,
  content         BLOB NOT NULL,
  dossier_count   INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  relayed         INTEGER NOT NULL DEFAULT 0 CHECK (relayed IN (0, 1)),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  UNIQUE (origin_station, sequence)
);
CREATE TABLE batch_members (
  batch_id       TEXT NOT NULL REFERENCES batches (id),
  dossier_id     TEXT NOT NULL,
  content_hash   BLOB NOT NULL,
  outcome        TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'accepted', 'rejected')),
  outcome_detail TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (batch_id, dossier_id)
);
CREATE INDEX batch_members_by_dossier ON batch_members (dossier_id);
CREATE TABLE receipts (
  batch_id    TEXT PRIMARY KEY NOT NULL REFERENCES batches (id),
  content     BLOB NOT NULL,
  received_at INTEGER NOT NULL,
  via         TEXT NOT NULL
);
CREATE TABLE custody (
  seq      INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  action   TEXT NOT NULL CHECK (action IN ('export', 'import', 'receipts.export', 'receipts.import')),
  batch_id TEXT NOT NULL,
  medium   TEXT NOT NULL,
  actor    TEXT NOT NULL,
  detail   TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER custody_is_append_only BEFORE UPDATE ON custody
BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
CREATE TRIGGER custody_keeps_records BEFORE DELETE ON custody
BEGIN SELECT RAISE(ABORT, 'custody records are never deleted'); END;
CREATE TRIGGER receipts_are_kept BEFORE UPDATE ON receipts
BEGIN SELECT RAISE(ABORT, 'a verified receipt cannot be changed'); END;
PRAGMA user_version = 3;
