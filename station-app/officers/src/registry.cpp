#include "station/officers/registry.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "station/sqlite/migrate.hpp"
#include "station/sqlite/private_file.hpp"

namespace station::officers {

namespace {

using hal::ErrorCode;

constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE officers (
  id            TEXT PRIMARY KEY NOT NULL,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'technician')),
  pin_hash      TEXT NOT NULL,
  finger_format TEXT NOT NULL,
  finger        BLOB NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);
PRAGMA user_version = 1;
)sql";

// Accounts made before activation existed stay active.
constexpr std::string_view kVersion2 = R"sql(
ALTER TABLE officers ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE officers ADD COLUMN activated_by TEXT NOT NULL DEFAULT '';
PRAGMA user_version = 2;
)sql";

constexpr std::array<std::string_view, 2> kScripts{kVersion1, kVersion2};

constexpr std::string_view kColumns =
    "id, name, role, pin_hash, finger_format, finger, failed_logins, locked_until, created_at, active, activated_by";

hal::Result<Officer> read_row(const sqlite::Statement& row) {
  Officer o;
  o.id = row.text(0);
  o.name = row.text(1);
  auto role = parse_role(row.text(2));
  if (!role) return hal::make_error(ErrorCode::kCorrupt, "officer '" + o.id + "' has " + role.error().message);
  o.role = *role;
  o.pin_hash = row.text(3);
  o.finger.format = row.text(4);
  o.finger.data = row.blob(5);
  o.failed_logins = row.integer(6);
  o.locked_until_ms = row.integer(7);
  o.created_at_ms = row.integer(8);
  o.active = row.integer(9) != 0;
  o.activated_by = row.text(10);
  return o;
}

}  // namespace

hal::Status check_officer_id(const std::string& id) {
  const bool ok = id.size() >= 2 && id.size() <= 32 &&
                  std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) || c == '-'; });
  if (ok) return {};
  return hal::make_error(ErrorCode::kInvalidArgument,
                         "an officer id is 2 to 32 letters, digits or '-' (a badge number such as CA-0412), not '" + id +
                             "'");
}

hal::Result<OfficerRegistry> OfficerRegistry::open(const std::filesystem::path& path) {
  sqlite::Naming naming{"the officer registry (" + path.string() + ")",
                        "restore it from the station's backup, or have a technician enrol the officers again"};
  HAL_TRY(sqlite::create_private_file(path, "the officer registry", "[officers] path"));
  auto db = sqlite::Database::open(path, "", std::chrono::milliseconds(5000), naming);
  if (!db) return db.error();
  HAL_TRY(sqlite::migrate(*db, kScripts, "the officer registry"));
  return OfficerRegistry(std::move(db).value());
}

hal::Status OfficerRegistry::add(const Officer& officer) {
  HAL_TRY(check_officer_id(officer.id));
  if (find(officer.id)) {
    return hal::make_error(ErrorCode::kAlreadyExists, "there is already an officer '" + officer.id + "' on this station");
  }
  auto st = db_.prepare("INSERT INTO officers (" + std::string(kColumns) + ") VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)",
                        "adding officer " + officer.id);
  if (!st) return st.error();
  st->bind(1, officer.id).bind(2, officer.name).bind(3, to_string(officer.role)).bind(4, officer.pin_hash);
  st->bind(5, officer.finger.format).bind(6, hal::ByteView(officer.finger.data)).bind(7, officer.created_at_ms);
  st->bind(8, std::int64_t{officer.active ? 1 : 0}).bind(9, officer.activated_by);
  return st->run();
}

hal::Result<Officer> OfficerRegistry::find(const std::string& id) const {
  auto st = db_.prepare("SELECT " + std::string(kColumns) + " FROM officers WHERE id = ?", "looking up officer " + id);
  if (!st) return st.error();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return hal::make_error(ErrorCode::kNotFound, "there is no officer '" + id + "' on this station");
  return read_row(*st);
}

hal::Result<std::vector<Officer>> OfficerRegistry::list() const {
  auto st = db_.prepare("SELECT " + std::string(kColumns) + " FROM officers ORDER BY id", "listing officers");
  if (!st) return st.error();
  std::vector<Officer> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return out;
    auto officer = read_row(*st);
    if (!officer) return officer.error();
    out.push_back(std::move(officer).value());
  }
}

hal::Result<std::int64_t> OfficerRegistry::count() const {
  return db_.query_integer("SELECT COUNT(*) FROM officers", "counting officers");
}

hal::Result<Officer> OfficerRegistry::note_failure(const std::string& id, std::int64_t now_ms,
                                                   std::int64_t max_failures, std::int64_t lockout_ms) {
  {
    auto tx = sqlite::Transaction::begin(db_, "recording a failed log-in of " + id);
    if (!tx) return tx.error();
    auto st = db_.prepare(
        "UPDATE officers SET failed_logins = failed_logins + 1, "
        "locked_until = CASE WHEN failed_logins + 1 >= ?2 THEN ?3 ELSE locked_until END WHERE id = ?1",
        "recording a failed log-in of " + id);
    if (!st) return st.error();
    st->bind(1, id).bind(2, max_failures).bind(3, now_ms + lockout_ms);
    HAL_TRY(st->run());
    HAL_TRY(tx->commit());
  }
  return find(id);
}

hal::Status OfficerRegistry::clear_failures(const std::string& id) {
  auto st = db_.prepare("UPDATE officers SET failed_logins = 0, locked_until = 0 WHERE id = ?",
                        "clearing the failed log-ins of " + id);
  if (!st) return st.error();
  st->bind(1, id);
  return st->run();
}

hal::Status OfficerRegistry::activate(const std::string& id, const std::string& supervisor_id) {
  auto officer = find(id);
  if (!officer) return officer.error();
  if (officer->active) {
    return hal::make_error(ErrorCode::kFailedPrecondition, "officer " + id + " is active already");
  }
  auto st = db_.prepare("UPDATE officers SET active = 1, activated_by = ? WHERE id = ?", "activating officer " + id);
  if (!st) return st.error();
  st->bind(1, supervisor_id).bind(2, id);
  return st->run();
}

}  // namespace station::officers
