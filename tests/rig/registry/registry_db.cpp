#include "registry_db.hpp"

#include <nlohmann/json.hpp>

namespace registry {

namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE IF NOT EXISTS uploads (batch_id TEXT PRIMARY KEY, hash TEXT NOT NULL, length INTEGER NOT NULL,
  received INTEGER NOT NULL, complete INTEGER NOT NULL DEFAULT 0, receipt BLOB);
CREATE TABLE IF NOT EXISTS chunks (batch_id TEXT NOT NULL, offset INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (batch_id, offset));
CREATE TABLE IF NOT EXISTS dossiers (id TEXT PRIMARY KEY, batch_id TEXT NOT NULL, station TEXT NOT NULL,
  sha256 BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS batches (id TEXT PRIMARY KEY, station TEXT NOT NULL, sequence INTEGER NOT NULL,
  hash BLOB NOT NULL, audit_seq INTEGER NOT NULL DEFAULT 0, UNIQUE (station, sequence));
CREATE TABLE IF NOT EXISTS rejections (batch_id TEXT NOT NULL, dossier_id TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO counters VALUES ('bytes_received', 0);
)sql";

struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s, nullptr); }
  ~Stmt() { sqlite3_finalize(s); }
  Stmt& text(int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& blob(int i, hal::ByteView v) {
    sqlite3_bind_blob(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& integer(int i, std::int64_t v) {
    sqlite3_bind_int64(s, i, v);
    return *this;
  }
  bool row() { return sqlite3_step(s) == SQLITE_ROW; }
  bool done() { return sqlite3_step(s) == SQLITE_DONE; }
  hal::Bytes column_blob(int c) {
    auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(s, c));
    return hal::Bytes(p, p + sqlite3_column_bytes(s, c));
  }
  std::string column_text(int c) {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
    return p ? p : "";
  }
};

}  // namespace

hal::Result<RegistryDb> RegistryDb::open(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return hal::make_error(hal::ErrorCode::kUnavailable, "cannot open " + path.string());
  }
  sqlite3_busy_timeout(db, 5000);
  RegistryDb out(db);
  HAL_TRY(out.exec(kSchema));
  return out;
}

RegistryDb::~RegistryDb() {
  if (db_) sqlite3_close(db_);
}

hal::Status RegistryDb::exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "?";
    sqlite3_free(message);
    return hal::make_error(hal::ErrorCode::kIo, "registry db: " + text);
  }
  return {};
}

std::optional<Upload> RegistryDb::upload(const std::string& batch_id) {
  Stmt q(db_, "SELECT hash, length, received, complete, receipt FROM uploads WHERE batch_id = ?");
  q.text(1, batch_id);
  if (!q.row()) return std::nullopt;
  Upload u;
  u.batch_id = batch_id;
  u.hash_hex = q.column_text(0);
  u.length = static_cast<std::uint64_t>(sqlite3_column_int64(q.s, 1));
  u.received = static_cast<std::uint64_t>(sqlite3_column_int64(q.s, 2));
  u.complete = sqlite3_column_int64(q.s, 3) != 0;
  u.receipt = q.column_blob(4);
  return u;
}

hal::Status RegistryDb::append(const std::string& batch_id, const std::string& hash_hex, std::uint64_t length,
                               std::uint64_t offset, hal::ByteView chunk) {
  HAL_TRY(exec("BEGIN IMMEDIATE"));
  Stmt start(db_, "INSERT OR IGNORE INTO uploads (batch_id, hash, length, received) VALUES (?, ?, ?, 0)");
  start.text(1, batch_id).text(2, hash_hex).integer(3, static_cast<std::int64_t>(length));
  bool ok = start.done();
  if (!chunk.empty()) {
    Stmt put(db_, "INSERT INTO chunks (batch_id, offset, data) VALUES (?, ?, ?)");
    put.text(1, batch_id).integer(2, static_cast<std::int64_t>(offset)).blob(3, chunk);
    Stmt grow(db_, "UPDATE uploads SET received = received + ? WHERE batch_id = ?");
    grow.integer(1, static_cast<std::int64_t>(chunk.size())).text(2, batch_id);
    Stmt count(db_, "UPDATE counters SET value = value + ? WHERE name = 'bytes_received'");
    count.integer(1, static_cast<std::int64_t>(chunk.size()));
    ok = ok && put.done() && grow.done() && count.done();
  }
  if (!ok) {
    (void)exec("ROLLBACK");
    return hal::make_error(hal::ErrorCode::kIo, std::string("registry db: ") + sqlite3_errmsg(db_));
  }
  return exec("COMMIT");
}

hal::Bytes RegistryDb::assemble(const std::string& batch_id) {
  Stmt q(db_, "SELECT data FROM chunks WHERE batch_id = ? ORDER BY offset");
  q.text(1, batch_id);
  hal::Bytes out;
  while (q.row()) {
    auto part = q.column_blob(0);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

void RegistryDb::forget(const std::string& batch_id) {
  Stmt a(db_, "DELETE FROM chunks WHERE batch_id = ?");
  a.text(1, batch_id).done();
  Stmt b(db_, "DELETE FROM uploads WHERE batch_id = ?");
  b.text(1, batch_id).done();
}

ChainEnd RegistryDb::chain(const std::string& station) {
  Stmt q(db_, "SELECT sequence, hash, audit_seq FROM batches WHERE station = ? ORDER BY sequence DESC LIMIT 1");
  q.text(1, station);
  ChainEnd end;
  if (q.row()) {
    end.last_sequence = sqlite3_column_int64(q.s, 0);
    end.last_hash = q.column_blob(1);
    end.last_audit_seq = sqlite3_column_int64(q.s, 2);
  }
  return end;
}

hal::Status RegistryDb::complete(const Accepted& a) {
  HAL_TRY(exec("BEGIN IMMEDIATE"));
  bool ok = true;
  for (const auto& [id, hash] : a.dossiers) {
    Stmt put(db_, "INSERT INTO dossiers (id, batch_id, station, sha256) VALUES (?, ?, ?, ?)");
    put.text(1, id).text(2, a.batch_id).text(3, a.station).blob(4, hash);
    ok = ok && put.done();
  }
  for (const auto& [id, reason] : a.rejected) {
    Stmt put(db_, "INSERT INTO rejections (batch_id, dossier_id, reason) VALUES (?, ?, ?)");
    put.text(1, a.batch_id).text(2, id).text(3, reason);
    ok = ok && put.done();
  }
  Stmt batch(db_, "INSERT INTO batches (id, station, sequence, hash, audit_seq) VALUES (?, ?, ?, ?, ?)");
  batch.text(1, a.batch_id).text(2, a.station).integer(3, a.sequence).blob(4, a.hash).integer(5, a.audit_seq);
  Stmt done(db_, "UPDATE uploads SET complete = 1, receipt = ? WHERE batch_id = ?");
  done.blob(1, a.receipt).text(2, a.batch_id);
  Stmt drop(db_, "DELETE FROM chunks WHERE batch_id = ?");
  drop.text(1, a.batch_id);
  ok = ok && batch.done() && done.done() && drop.done();
  if (!ok) {
    std::string why = sqlite3_errmsg(db_);
    (void)exec("ROLLBACK");
    return hal::make_error(hal::ErrorCode::kIo, "registry db: " + why);
  }
  return exec("COMMIT");
}

std::optional<std::string> RegistryDb::batch_of_dossier(const std::string& id) {
  Stmt q(db_, "SELECT batch_id FROM dossiers WHERE id = ?");
  q.text(1, id);
  if (!q.row()) return std::nullopt;
  return q.column_text(0);
}

std::int64_t RegistryDb::count(const std::string& sql) {
  Stmt q(db_, sql.c_str());
  return q.row() ? sqlite3_column_int64(q.s, 0) : -1;
}

std::string RegistryDb::station_json(const std::string& station) {
  auto end = chain(station);
  Stmt q(db_, "SELECT COUNT(*) FROM dossiers WHERE station = ?");
  q.text(1, station);
  const std::int64_t dossiers = q.row() ? sqlite3_column_int64(q.s, 0) : 0;
  return nlohmann::json{{"station", station},
                        {"last_sequence", end.last_sequence},
                        {"last_hash", hal::to_hex(end.last_hash)},
                        {"dossiers", dossiers}}
      .dump();
}

}  // namespace registry
