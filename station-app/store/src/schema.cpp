#include "station/store/schema.hpp"

#include <array>

#include "migrate.hpp"
#include "station/sqlite/migrate.hpp"

namespace station::store {

namespace {

// Version 1. The audit triggers make the log append-only from SQL's side:
// only entries the registry has acknowledged may be deleted (pruned).
constexpr std::string_view kVersion1 = R"sql(
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
)sql";

constexpr std::string_view kVersion2 = R"sql(
ALTER TABLE dossiers ADD COLUMN payload_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE dossiers SET payload_bytes =
  (SELECT COALESCE(SUM(length(sealed_payload)), 0) FROM records WHERE records.dossier_id = dossiers.id);
-- Covering: the queue listing reads this index alone, never the table rows
-- with their wrapped keys and signatures.
CREATE INDEX dossiers_by_state ON dossiers
  (state, created_at, id, station_id, officer_id, state_changed_at, payload_bytes);
PRAGMA user_version = 2;
)sql";


// Version 3: sync. Batches (this station's, and other stations' held by a
// relay for forwarding) with their signed CMS bytes, their members, the
// registry's receipts as received, and the custody log of removable media.
// batch_members names dossiers without a foreign key: a relay's batches
// name dossiers it never held.
constexpr std::string_view kVersion3 = R"sql(
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
)sql";

// Version 4: an audit log that survives someone with the disk. Each signed
// head now also signs the log's state (acknowledged head, prune anchor) and
// the head before it, so heads run on as a chain; heads are never deleted.
// Batches and receipts keep the head a batch carried and the registry
// echoed, so the log must still hold it. audit_by_object finds a dossier's
// state history, which its plain-text state column must agree with.
constexpr std::string_view kVersion4 = R"sql(
ALTER TABLE audit_heads ADD COLUMN format INTEGER NOT NULL DEFAULT 1 CHECK (format IN (1, 2));
ALTER TABLE audit_heads ADD COLUMN acknowledged_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_heads ADD COLUMN acknowledged_head BLOB NOT NULL DEFAULT x'';
ALTER TABLE audit_heads ADD COLUMN pruned_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_heads ADD COLUMN pruned_hash BLOB NOT NULL DEFAULT x'';
ALTER TABLE audit_heads ADD COLUMN previous_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_heads ADD COLUMN previous_digest BLOB NOT NULL DEFAULT x'';
ALTER TABLE audit_state ADD COLUMN acknowledged_head BLOB NOT NULL DEFAULT x'';
ALTER TABLE batches ADD COLUMN audit_head_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN audit_head_digest BLOB NOT NULL DEFAULT x'';
ALTER TABLE receipts ADD COLUMN audit_head_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE receipts ADD COLUMN audit_head_digest BLOB NOT NULL DEFAULT x'';
CREATE INDEX audit_by_object ON audit (object, seq);
CREATE TRIGGER audit_heads_are_kept BEFORE DELETE ON audit_heads
BEGIN SELECT RAISE(ABORT, 'signed audit heads are never deleted'); END;
PRAGMA user_version = 4;
)sql";

// Version 5: nothing stranded. The state CHECK gains 'rejected', which
// SQLite can only do by rebuilding the table: the rows are copied aside, the
// table is dropped and made again, and the rows put back, with the
// foreign-key check of records deferred to the commit (by which time every
// dossier is back). A rejected dossier keeps the batch and the registry's
// reason; a re-seal keeps the approving supervisor and when. card_writes
// holds one lease per dossier whose card is being written, naming the
// holding process by pid and start time, so a dead holder's lease is known
// as such.
constexpr std::string_view kVersion5 = R"sql(
PRAGMA defer_foreign_keys = ON;
CREATE TABLE dossiers_before_v5 AS SELECT * FROM dossiers;
DROP TABLE dossiers;
CREATE TABLE dossiers (
  id                TEXT PRIMARY KEY NOT NULL,
  state             TEXT NOT NULL CHECK (state IN
                      ('draft', 'sealed', 'personalized', 'batched', 'delivered', 'purged', 'rejected')),
  station_id        TEXT NOT NULL,
  officer_id        TEXT NOT NULL,
  supervisor_id     TEXT NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  state_changed_at  INTEGER NOT NULL,
  revision          INTEGER NOT NULL DEFAULT 0,
  wrap_key_id       TEXT NOT NULL,
  wrapped_key       BLOB NOT NULL,
  content_hash      BLOB,
  seal_signature    BLOB,
  payload_bytes     INTEGER NOT NULL DEFAULT 0,
  rejected_batch    TEXT NOT NULL DEFAULT '',
  rejection_reason  TEXT NOT NULL DEFAULT '',
  reseal_supervisor TEXT NOT NULL DEFAULT '',
  resealed_at       INTEGER NOT NULL DEFAULT 0
);
INSERT INTO dossiers (id, state, station_id, officer_id, supervisor_id, created_at, updated_at, state_changed_at,
                      revision, wrap_key_id, wrapped_key, content_hash, seal_signature, payload_bytes)
  SELECT id, state, station_id, officer_id, supervisor_id, created_at, updated_at, state_changed_at,
         revision, wrap_key_id, wrapped_key, content_hash, seal_signature, payload_bytes FROM dossiers_before_v5;
DROP TABLE dossiers_before_v5;
CREATE INDEX dossiers_by_state ON dossiers
  (state, created_at, id, station_id, officer_id, state_changed_at, payload_bytes);
CREATE TABLE card_writes (
  dossier_id   TEXT PRIMARY KEY NOT NULL REFERENCES dossiers (id),
  holder_pid   INTEGER NOT NULL,
  holder_start INTEGER NOT NULL,
  actor        TEXT NOT NULL,
  taken_at     INTEGER NOT NULL
);
PRAGMA user_version = 5;
)sql";

// Script N turns version N-1 into N (station/sqlite/migrate.hpp runs them).
constexpr std::array<std::string_view, kSchemaVersion> kScripts{kVersion1, kVersion2, kVersion3, kVersion4,
                                                                kVersion5};

}  // namespace

std::string_view migration_script(int version) {
  if (version < 1 || version > kSchemaVersion) return {};
  return kScripts[static_cast<std::size_t>(version - 1)];
}

hal::Status migrate(const Database& db) { return sqlite::migrate(db, kScripts, "the store"); }

}  // namespace station::store
