// Migrations: a database of every earlier schema version, built from that
// version's own script and filled with real dossiers, opens and comes forward
// with its data intact; a newer or half-migrating database is refused whole.
#include "station/store/schema.hpp"
#include "store_test_main.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;
using station::store::kSchemaVersion;
using station::store::migration_script;

struct Source {
  std::vector<std::pair<std::string, Dossier>> dossiers;  // id, what was saved
};

// Fills the fixture's (current-version) store with dossiers in several states.
Source fill_current(Fixture& f) {
  Source source;
  for (int i = 0; i < 3; ++i) {
    auto d = complete_dossier(5500, 40 + static_cast<std::uint64_t>(i));
    source.dossiers.emplace_back(sealed_dossier(*f.store, d), d);
  }
  auto draft = complete_dossier(5500, 43);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  ASSERT_OK(f.store->save_demographics(*id, draft.demographics, kOfficer));
  ASSERT_OK(f.store->save_face(*id, *draft.face, kOfficer));
  source.dossiers.emplace_back(*id, draft);
  ASSERT_OK(f.store->transition(source.dossiers[0].first, DossierState::kBatched, "sync"));
  ASSERT_OK(f.store->sign_audit_head());
  return source;
}

std::vector<std::string> columns_of(RawDb& db, const std::string& schema, const std::string& table) {
  std::vector<std::string> columns;
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db.handle(), ("PRAGMA " + schema + ".table_info(" + table + ")").c_str(), -1, &q, nullptr);
  while (sqlite3_step(q) == SQLITE_ROW) columns.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 1)));
  sqlite3_finalize(q);
  return columns;
}

// What a head signed before schema version 4 signs (store/README.md).
hal::Bytes head_message_v1(std::int64_t seq, const hal::Bytes& hash) {
  std::string domain = "station audit head v1";
  hal::Bytes message(domain.begin(), domain.end());
  for (int s = 56; s >= 0; s -= 8) message.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(seq) >> s));
  message.insert(message.end(), hash.begin(), hash.end());
  return message;
}

// A database at `version` made by that version's scripts, holding the rows
// of `current` in the columns that version has; its one signed head is of
// that version's format (signed here with the station key).
void build_at_version(const fs::path& path, int version, const fs::path& current, hal::KeyStore& keys) {
  RawDb db(path);
  for (int v = 1; v <= version; ++v) db.exec(std::string(migration_script(v)));
  assert_int_equal(db.integer("PRAGMA user_version"), version);
  if (version == 0) return;
  db.exec("ATTACH DATABASE '" + current.string() + "' AS current");
  db.exec("DELETE FROM audit_state");
  for (const char* table : {"dossiers", "records", "audit", "audit_heads", "audit_state"}) {
    std::string list;
    for (const auto& column : columns_of(db, "main", table)) list += (list.empty() ? "" : ", ") + column;
    db.exec(std::string("INSERT INTO main.") + table + " (" + list + ") SELECT " + list + " FROM current." + table);
  }
  db.exec("DETACH DATABASE current");
  if (version >= 4) return;
  std::int64_t seq = db.integer("SELECT MAX(seq) FROM audit");
  hal::Bytes hash = db.blob("SELECT hash FROM audit WHERE seq = " + std::to_string(seq));
  auto signature = keys.sign("station-ec", head_message_v1(seq, hash), hal::SignatureScheme::kEcdsaSha256);
  ASSERT_OK(signature);
  db.exec("DELETE FROM audit_heads");
  db.set_blob("INSERT INTO audit_heads (seq, hash, signed_at, key_id, signature) VALUES (" + std::to_string(seq) +
                  ", (SELECT hash FROM audit WHERE seq = " + std::to_string(seq) + "), 0, 'station-ec', ?)",
              *signature);
}

void every_earlier_version_opens_and_migrates(void** state) {
  auto& f = fixture(state);
  auto source = fill_current(f);
  for (int version = 0; version < kSchemaVersion; ++version) {
    fs::path old_db = f.dir.path() / ("v" + std::to_string(version) + ".db");
    build_at_version(old_db, version, f.db_path(), *f.keys);
    auto opened = Store::open(options_for(old_db), f.keys.get(), *f.clock);
    ASSERT_OK(opened);
    auto& store = **opened;
    RawDb raw(old_db);
    assert_int_equal(raw.integer("PRAGMA user_version"), kSchemaVersion);
    assert_int_equal(raw.integer("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'dossiers_by_state'"), 1);
    auto check = store.check(true);
    ASSERT_OK(check);
    if (!check->problems.empty()) fail_msg("v%d: %s", version, check->problems.front().c_str());
    if (version == 0) {
      assert_int_equal(check->dossiers, 0);
      continue;
    }
    assert_int_equal(check->dossiers, static_cast<std::int64_t>(source.dossiers.size()));
    // Version 2 backfilled what version 1 did not keep.
    assert_int_equal(raw.integer("SELECT COUNT(*) FROM dossiers WHERE payload_bytes = 0"), 0);
    assert_int_equal(raw.integer("SELECT SUM(payload_bytes) FROM dossiers"),
                     raw.integer("SELECT SUM(length(sealed_payload)) FROM records"));
    for (const auto& [id, saved] : source.dossiers) {
      auto loaded = store.load(id);
      ASSERT_OK(loaded);
      assert_true(loaded->demographics == saved.demographics);
      assert_true(loaded->face == saved.face);
    }
    auto batched = store.list({DossierState::kBatched});
    ASSERT_OK(batched);
    assert_int_equal(batched->size(), 1);
    auto audit = store.verify_audit();
    ASSERT_OK(audit);
    assert_false(audit->broken.has_value());
    assert_int_equal(audit->heads_checked, 1);
  }
}

void a_newer_database_is_refused_untouched(void** state) {
  auto& f = fixture(state);
  fs::path newer = f.dir.path() / "newer.db";
  {
    RawDb db(newer);
    db.exec("CREATE TABLE future (x); PRAGMA user_version = " + std::to_string(kSchemaVersion + 1));
  }
  auto opened = Store::open(options_for(newer), f.keys.get(), *f.clock);
  EXPECT_ERROR(opened, ErrorCode::kUnsupported,
               "has schema version " + std::to_string(kSchemaVersion + 1) + ", newer than this station software understands (" +
                   std::to_string(kSchemaVersion) + "); update the software");
  RawDb db(newer);
  assert_int_equal(db.integer("PRAGMA user_version"), kSchemaVersion + 1);
  assert_int_equal(db.integer("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'dossiers'"), 0);
}

void a_failing_migration_leaves_the_old_version_whole(void** state) {
  auto& f = fixture(state);
  fill_current(f);
  fs::path old_db = f.dir.path() / "v1-clash.db";
  build_at_version(old_db, 1, f.db_path(), *f.keys);
  RawDb(old_db).exec("CREATE INDEX dossiers_by_state ON records (kind)");  // version 2 will clash with this
  auto opened = Store::open(options_for(old_db), f.keys.get(), *f.clock);
  EXPECT_ERROR(opened, ErrorCode::kCorrupt, "migrating the store from schema version 1 to 2");
  assert_non_null(strstr(opened.error().message.c_str(), "was left at that version"));
  RawDb db(old_db);
  assert_int_equal(db.integer("PRAGMA user_version"), 1);
  assert_int_equal(db.integer("SELECT COUNT(*) FROM pragma_table_info('dossiers') WHERE name = 'payload_bytes'"), 0);
  assert_int_equal(db.integer("SELECT COUNT(*) FROM dossiers"), 4);
}

void a_file_that_is_not_a_database_is_named(void** state) {
  auto& f = fixture(state);
  fs::path junk = f.dir.path() / "junk.db";
  std::ofstream(junk) << std::string(8192, 'x');
  EXPECT_ERROR(Store::open(options_for(junk), f.keys.get(), *f.clock), ErrorCode::kCorrupt,
               "the database '" + junk.string() + "' is damaged");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(every_earlier_version_opens_and_migrates, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_newer_database_is_refused_untouched, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_failing_migration_leaves_the_old_version_whole, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_file_that_is_not_a_database_is_named, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
