// Tampering: every changed byte of an encrypted record, of a wrapped data key
// and of a seal is detected on read and reported with the dossier and record;
// records moved, replayed or removed are caught too.
#include "store_test_main.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;

// Flips each byte of `column` of the row `where` in `table` in turn, checks
// that `read` fails with kCorrupt saying `words`, and puts the byte back.
template <typename Read>
void flip_each_byte(const fs::path& db, const std::string& table, const std::string& column, const std::string& where,
                    const std::string& words, Read read) {
  RawDb raw(db);
  raw.exec("PRAGMA synchronous = OFF");  // the test's own writes need no durability
  std::string select = "SELECT " + column + " FROM " + table + " WHERE " + where;
  std::string update = "UPDATE " + table + " SET " + column + " = ? WHERE " + where;
  const hal::Bytes original = raw.blob(select);
  assert_true(!original.empty());
  for (std::size_t i = 0; i < original.size(); ++i) {
    hal::Bytes changed = original;
    changed[i] ^= 0x5A;
    raw.set_blob(update, changed);
    auto result = read();
    if (result.ok()) fail_msg("%s.%s: changing byte %zu of %zu went unnoticed", table.c_str(), column.c_str(), i, original.size());
    if (result.error().code != ErrorCode::kCorrupt || result.error().message.find(words) == std::string::npos) {
      fail_msg("%s.%s byte %zu: %s", table.c_str(), column.c_str(), i, result.error().describe().c_str());
    }
  }
  raw.set_blob(update, original);
  ASSERT_OK(read());
}

void every_byte_of_an_encrypted_record_is_protected(void** state) {
  auto& f = fixture(state);
  auto d = complete_dossier(2200, 21);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  ASSERT_OK(f.store->save_demographics(*id, d.demographics, kOfficer));
  ASSERT_OK(f.store->save_finger(*id, 2, d.fingers[1], kOfficer));
  flip_each_byte(f.db_path(), "records", "sealed_payload", "kind = 'demographics'",
                 "record 'demographics' of dossier " + *id + " (version 1): the encrypted record fails its authentication tag",
                 [&] { return f.store->load(*id); });
  flip_each_byte(f.db_path(), "records", "sealed_payload", "kind = 'finger.02'", "record 'finger.02'",
                 [&] { return f.store->load(*id); });
}

void every_byte_of_a_wrapped_key_is_protected(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(2200, 22));
  flip_each_byte(f.db_path(), "dossiers", "wrapped_key", "id = '" + id + "'", "dossier " + id, [&] {
    f.store->forget_keys();  // make every read unwrap the key afresh
    return f.store->load(id);
  });
}

void every_byte_of_a_seal_is_protected(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(2200, 23));
  flip_each_byte(f.db_path(), "dossiers", "content_hash", "id = '" + id + "'",
                 "no longer matches the content hash taken when it was sealed", [&] { return f.store->load(id); });
  flip_each_byte(f.db_path(), "dossiers", "seal_signature", "id = '" + id + "'",
                 "does not carry a valid signature of the station key", [&] { return f.store->load(id); });
}

void records_moved_between_dossiers_or_kinds_are_caught(void** state) {
  auto& f = fixture(state);
  auto first = sealed_dossier(*f.store, complete_dossier(2200, 24));
  auto second = sealed_dossier(*f.store, complete_dossier(2200, 25));
  RawDb raw(f.db_path());
  raw.exec("UPDATE records SET sealed_payload = (SELECT sealed_payload FROM records WHERE dossier_id = '" + first +
           "' AND kind = 'face') WHERE dossier_id = '" + second + "' AND kind = 'face'");
  EXPECT_ERROR(f.store->load(second), ErrorCode::kCorrupt, "record 'face' of dossier " + second);
  raw.exec("UPDATE records SET sealed_payload = (SELECT sealed_payload FROM records WHERE dossier_id = '" + first +
           "' AND kind = 'finger.01') WHERE dossier_id = '" + first + "' AND kind = 'finger.02'");
  EXPECT_ERROR(f.store->load(first), ErrorCode::kCorrupt, "record 'finger.02' of dossier " + first);
  // A valid seal signature of another dossier does not fit this one.
  auto third = sealed_dossier(*f.store, complete_dossier(2200, 26));
  raw.exec("UPDATE dossiers SET seal_signature = (SELECT seal_signature FROM dossiers WHERE id = '" + first +
           "') WHERE id = '" + third + "'");
  EXPECT_ERROR(f.store->load(third), ErrorCode::kCorrupt, "seal of dossier " + third);
}

// Another dossier's whole seal, hash and signature together, is a valid
// signature of a valid hash: only binding both to this dossier catches it.
void another_dossiers_whole_seal_does_not_fit(void** state) {
  auto& f = fixture(state);
  auto donor = sealed_dossier(*f.store, complete_dossier(2200, 29));
  auto victim = sealed_dossier(*f.store, complete_dossier(2200, 30));
  RawDb raw(f.db_path());
  raw.exec("UPDATE dossiers SET (content_hash, seal_signature) = (SELECT content_hash, seal_signature FROM dossiers "
           "WHERE id = '" + donor + "') WHERE id = '" + victim + "'");
  auto refused = f.store->load(victim);
  assert_false(refused.ok());
  assert_int_equal(static_cast<int>(refused.error().code), static_cast<int>(ErrorCode::kCorrupt));
  assert_non_null(strstr(refused.error().message.c_str(), ("dossier " + victim).c_str()));
  ASSERT_OK(f.store->load(donor));
  auto report = f.store->check(true);
  ASSERT_OK(report);
  assert_false(report->problems.empty());
}

// The state column is plain text: a draft promoted to sealed by hand has no
// seal to show, and neither a read nor the store's check lets it pass.
void a_draft_edited_to_sealed_is_caught(void** state) {
  auto& f = fixture(state);
  auto d = complete_dossier(2200, 31);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  ASSERT_OK(save_all(*f.store, *id, d));
  RawDb(f.db_path()).exec("UPDATE dossiers SET state = 'sealed' WHERE id = '" + *id + "'");
  EXPECT_ERROR(f.store->load(*id), ErrorCode::kCorrupt, "dossier " + *id);
  auto report = f.store->check(true);
  ASSERT_OK(report);
  if (report->problems.empty()) fail_msg("store check found nothing wrong with a hand-sealed draft");
}

void an_earlier_version_put_back_is_caught_by_the_seal(void** state) {
  auto& f = fixture(state);
  auto d = complete_dossier(2200, 27);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  auto rejected = d.fingers[4];
  rejected.capture->image = pseudo_random(200, 270);
  ASSERT_OK(f.store->save_finger(*id, 5, rejected, kOfficer));
  hal::Bytes first_version = RawDb(f.db_path()).blob("SELECT sealed_payload FROM records WHERE kind = 'finger.05'");
  ASSERT_OK(save_all(*f.store, *id, d));  // the re-capture of finger 5 is version 2
  ASSERT_OK(f.store->transition(*id, DossierState::kSealed, kOfficer));
  RawDb raw(f.db_path());
  raw.set_blob("UPDATE records SET version = 1, sealed_payload = ? WHERE kind = 'finger.05'", first_version);
  EXPECT_ERROR(f.store->load(*id), ErrorCode::kCorrupt, "no longer matches the content hash");
  raw.exec("DELETE FROM records WHERE kind = 'finger.09'");
  EXPECT_ERROR(f.store->load(*id), ErrorCode::kCorrupt, "no longer matches the content hash");
}

void a_truncated_record_is_reported(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(2200, 28));
  RawDb(f.db_path()).exec("UPDATE records SET sealed_payload = substr(sealed_payload, 1, 10) WHERE kind = 'face'");
  EXPECT_ERROR(f.store->load(id), ErrorCode::kCorrupt, "10 bytes long, too short");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(every_byte_of_an_encrypted_record_is_protected, set_up, tear_down),
      cmocka_unit_test_setup_teardown(every_byte_of_a_wrapped_key_is_protected, set_up, tear_down),
      cmocka_unit_test_setup_teardown(every_byte_of_a_seal_is_protected, set_up, tear_down),
      cmocka_unit_test_setup_teardown(records_moved_between_dossiers_or_kinds_are_caught, set_up, tear_down),
      cmocka_unit_test_setup_teardown(another_dossiers_whole_seal_does_not_fit, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_draft_edited_to_sealed_is_caught, set_up, tear_down),
      cmocka_unit_test_setup_teardown(an_earlier_version_put_back_is_caught_by_the_seal, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_truncated_record_is_reported, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
