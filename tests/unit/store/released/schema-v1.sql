CREATE TABLE dossiers (
  id               TEXT PRIMARY KEY NOT NULL,
  state            TEXT NOT NULL CHECK (state IN
                     ('draft', 'sealed', 'personalized', 'batched', 'delivered', 'purged')),
  station_id       TEXT NOT NULL,
  officer_id       TEXT NOT NULL,
  supervisor_id    TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  state_changed_at INTEGER NOT NULL,
  revision         INTEGER NOT NULL DEFAULT 0,
  wrap_key_id      TEXT NOT NULL,
  wrapped_key      BLOB NOT NULL,
  content_hash     BLOB,
  seal_signature   BLOB
);
CREATE TABLE records (
  id             INTEGER PRIMARY KEY,
  dossier_id     TEXT NOT NULL REFERENCES dossiers (id),
  kind           TEXT NOT NULL,
  version        INTEGER NOT NULL CHECK (version >= 1),
  sealed_payload BLOB NOT NULL,
  UNIQUE (dossier_id, kind)
);
CREATE TABLE audit (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  object    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash BLOB NOT NULL,
  hash      BLOB NOT NULL
);
CREATE TABLE audit_heads (
  seq       INTEGER PRIMARY KEY,
  hash      BLOB NOT NULL,
  signed_at INTEGER NOT NULL,
  key_id    TEXT NOT NULL,
  signature BLOB NOT NULL
);
CREATE TABLE audit_state (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq         INTEGER NOT NULL,
  last_hash        BLOB NOT NULL,
  acknowledged_seq INTEGER NOT NULL,
  pruned_seq       INTEGER NOT NULL,
  pruned_hash      BLOB NOT NULL
);
INSERT INTO audit_state VALUES (1, 0, zeroblob(32), 0, 0, zeroblob(32));
CREATE TRIGGER audit_is_append_only BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_keeps_unacknowledged BEFORE DELETE ON audit
WHEN OLD.seq > (SELECT acknowledged_seq FROM audit_state)
BEGIN SELECT RAISE(ABORT, 'audit entries are kept until the registry acknowledges them'); END;
CREATE TRIGGER audit_heads_are_append_only BEFORE UPDATE ON audit_heads
BEGIN SELECT RAISE(ABORT, 'signed audit heads cannot be changed'); END;
PRAGMA user_version = 1;
