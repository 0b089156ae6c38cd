// `station store check` underneath: SQLite's integrity and foreign-key checks
// plus the store's own rules find damage and inconsistency, and a damaged
// page is reported, never served as data.
#include "store_test_main.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;

station::store::CheckReport checked(Fixture& f, bool decrypt) {
  auto report = f.store->check(decrypt);
  ASSERT_OK(report);
  return *report;
}

void expect_problem(const station::store::CheckReport& report, const std::string& words) {
  for (const auto& p : report.problems) {
    if (p.find(words) != std::string::npos) return;
  }
  fail_msg("no problem says '%s' (%zu problems%s%s)", words.c_str(), report.problems.size(),
           report.problems.empty() ? "" : ", first: ", report.problems.empty() ? "" : report.problems.front().c_str());
}

void a_healthy_store_checks_clean(void** state) {
  auto& f = fixture(state);
  sealed_dossier(*f.store, complete_dossier(5500, 71));
  auto draft = f.store->create_draft(kOfficer);
  ASSERT_OK(draft);
  auto report = checked(f, true);
  assert_true(report.problems.empty());
  assert_int_equal(report.dossiers, 2);
  assert_int_equal(report.records, 12);
  assert_int_equal(report.records_decrypted, 12);
  assert_int_equal(report.audit.last_seq, 15);
}

void broken_rules_are_each_named(void** state) {
  auto& f = fixture(state);
  auto sealed = sealed_dossier(*f.store, complete_dossier(5500, 72));
  auto purged = sealed_dossier(*f.store, complete_dossier(5500, 73));
  auto other = sealed_dossier(*f.store, complete_dossier(5500, 74));
  for (auto to : {DossierState::kBatched, DossierState::kDelivered, DossierState::kPurged}) {
    ASSERT_OK(f.store->transition(purged, to, "sync"));
  }
  RawDb raw(f.db_path());
  raw.exec("DELETE FROM records WHERE dossier_id = '" + sealed + "' AND kind = 'finger.03'");
  raw.exec("INSERT INTO records (dossier_id, kind, version, sealed_payload) SELECT '" + purged +
           "', kind, version, sealed_payload FROM records WHERE dossier_id = '" + other + "' AND kind = 'face'");
  raw.exec("UPDATE dossiers SET payload_bytes = payload_bytes + 1 WHERE id = '" + other + "'");
  raw.exec("UPDATE dossiers SET seal_signature = NULL WHERE id = '" + other + "'");
  auto report = checked(f, false);
  expect_problem(report, "dossier " + sealed + " (sealed) lacks its record 'finger.03'");
  expect_problem(report, "dossier " + purged + " (purged) still holds biometric record 'face'");
  expect_problem(report, "dossier " + other + " records");
  expect_problem(report, "dossier " + other + " (sealed) has no valid content hash and seal signature");
}

void decrypting_check_finds_what_only_keys_reveal(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(5500, 75));
  RawDb raw(f.db_path());
  raw.exec("UPDATE records SET sealed_payload = zeroblob(length(sealed_payload)) WHERE kind = 'finger.10'");
  assert_true(checked(f, false).problems.empty());  // the shape is right
  expect_problem(checked(f, true), "record 'finger.10' of dossier " + id);
}

// Overwrites 512 bytes in the middle of page `page` of the database file.
void damage_page(const fs::path& db, long page) {
  std::fstream file(db, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(page * 4096 + 1024);
  std::string junk(512, '\x5A');
  file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
}

void damaged_pages_are_reported_and_never_served(void** state) {
  auto& f = fixture(state);
  std::vector<std::pair<std::string, Dossier>> kept;
  for (std::uint64_t i = 0; i < 4; ++i) {
    auto d = complete_dossier(44000, 76 + i);
    kept.emplace_back(sealed_dossier(*f.store, d), d);
  }
  f.store.reset();  // the last connection folds the WAL into the file
  auto pages = static_cast<long>(fs::file_size(f.db_path()) / 4096);
  // From the second page on: a b-tree page of the schema's first tables, whose
  // damage integrity_check must see whatever else lies in blob overflow pages.
  for (long page = 1; page < pages; page += 7) damage_page(f.db_path(), page);
  f.reopen();
  auto report = f.store->check(false);
  if (report.ok()) {
    expect_problem(*report, "integrity check");
  } else {
    assert_int_equal(static_cast<int>(report.error().code), static_cast<int>(ErrorCode::kCorrupt));
  }
  int served = 0;
  for (const auto& [id, d] : kept) {
    auto loaded = f.store->load(id);
    if (!loaded) {
      assert_int_equal(static_cast<int>(loaded.error().code), static_cast<int>(ErrorCode::kCorrupt));
      continue;
    }
    assert_true(*loaded == [&] {
      auto expected = d;
      expected.id = id;
      expected.station_id = kStation;
      expected.officer_id = kOfficer;
      expected.created_at = loaded->created_at;
      expected.updated_at = loaded->updated_at;
      return expected;
    }());
    ++served;
  }
  print_message("damaged every 7th of %ld pages: %zu of 4 dossiers refused as corrupt, %d served intact\n", pages,
                kept.size() - static_cast<std::size_t>(served), served);
  assert_true(served < 4);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(a_healthy_store_checks_clean, set_up, tear_down),
      cmocka_unit_test_setup_teardown(broken_rules_are_each_named, set_up, tear_down),
      cmocka_unit_test_setup_teardown(decrypting_check_finds_what_only_keys_reveal, set_up, tear_down),
      cmocka_unit_test_setup_teardown(damaged_pages_are_reported_and_never_served, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
