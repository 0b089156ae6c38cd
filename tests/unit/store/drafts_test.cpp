// A draft is saved step by step, so an enrollment resumes where it stopped
// after the program ends; malformed parts and a full disk are refused before
// anything is written.
#include "store_test_main.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;
namespace dossier = station::dossier;

void an_enrollment_resumes_after_a_restart(void** state) {
  auto& f = fixture(state);
  auto d = complete_dossier(11000, 7);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  ASSERT_OK(f.store->save_demographics(*id, d.demographics, kOfficer));
  ASSERT_OK(f.store->save_face(*id, *d.face, kOfficer));
  ASSERT_OK(f.store->save_finger(*id, 1, d.fingers[0], kOfficer));
  ASSERT_OK(f.store->save_finger(*id, 2, d.fingers[1], kOfficer));

  f.reopen();  // the program ended (its keys in memory went with it)

  auto drafts = f.store->list({DossierState::kDraft});
  ASSERT_OK(drafts);
  assert_int_equal(drafts->size(), 1);
  assert_string_equal((*drafts)[0].id.c_str(), id->c_str());
  auto resumed = f.store->load(*id);
  ASSERT_OK(resumed);
  assert_true(resumed->demographics == d.demographics);
  assert_true(resumed->face == d.face);
  assert_true(resumed->fingers[0] == d.fingers[0]);
  assert_true(resumed->fingers[1] == d.fingers[1]);
  assert_int_equal(static_cast<int>(resumed->fingers[2].status), static_cast<int>(dossier::FingerStatus::kNotCaptured));
  assert_string_equal(resumed->officer_id.c_str(), kOfficer);
  assert_string_equal(resumed->station_id.c_str(), kStation);
  for (int position = 3; position <= 10; ++position) {
    ASSERT_OK(f.store->save_finger(*id, position, d.fingers[static_cast<std::size_t>(position - 1)], kOfficer));
  }
  ASSERT_OK(f.store->transition(*id, DossierState::kSealed, kOfficer));
}

void a_recaptured_part_replaces_the_earlier_one(void** state) {
  auto& f = fixture(state);
  auto d = complete_dossier(11000, 8);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  ASSERT_OK(f.store->save_finger(*id, 4, d.fingers[3], kOfficer));
  auto better = d.fingers[3];
  better.capture->image = pseudo_random(3000, 99);
  better.capture->retries = 2;
  ASSERT_OK(f.store->save_finger(*id, 4, better, kOfficer));
  auto loaded = f.store->load(*id);
  ASSERT_OK(loaded);
  assert_true(loaded->fingers[3] == better);
  RawDb raw(f.db_path());
  assert_int_equal(raw.integer("SELECT version FROM records WHERE kind = 'finger.04'"), 2);
  assert_int_equal(raw.integer("SELECT payload_bytes FROM dossiers"), raw.integer("SELECT SUM(length(sealed_payload)) FROM records"));
}

void malformed_parts_are_refused_with_their_fields(void** state) {
  auto& f = fixture(state);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  auto d = complete_dossier(2200, 9);
  d.demographics.personal_id = "046190";
  d.demographics.full_name = "Nguyen  Van";
  auto refused = f.store->save_demographics(*id, d.demographics, kOfficer);
  EXPECT_ERROR(refused, ErrorCode::kInvalidArgument, "the demographics of dossier " + *id + " was not saved: full_name:");
  assert_non_null(strstr(refused.error().message.c_str(), "personal_id: a personal id number has 12 digits"));
  auto finger = d.fingers[0];
  finger.capture->ppi = 250;
  EXPECT_ERROR(f.store->save_finger(*id, 1, finger, kOfficer), ErrorCode::kInvalidArgument, "250 ppi");
  EXPECT_ERROR(f.store->save_finger(*id, 11, d.fingers[0], kOfficer), ErrorCode::kInvalidArgument,
               "finger position 11 does not exist");
  EXPECT_ERROR(f.store->set_supervisor(*id, kOfficer, kOfficer), ErrorCode::kInvalidArgument, "the officer's own id");
  EXPECT_ERROR(f.store->save_face("unknown-id", *d.face, kOfficer), ErrorCode::kNotFound, "no dossier unknown-id");
  assert_int_equal(RawDb(f.db_path()).integer("SELECT COUNT(*) FROM records"), 0);
}

void a_new_draft_needs_room_on_the_disk(void** state) {
  auto& f = fixture(state);
  auto options = options_for(f.db_path());
  options.min_free_bytes = std::uint64_t{1} << 62;  // more than any disk
  f.reopen(options);
  auto refused = f.store->create_draft(kOfficer);
  EXPECT_ERROR(refused, ErrorCode::kNoSpace, "a new enrollment needs at least");
  assert_non_null(strstr(refused.error().message.c_str(), "(nothing was created)"));
  assert_int_equal(RawDb(f.db_path()).integer("SELECT COUNT(*) FROM dossiers"), 0);
}

void the_store_needs_a_station_id_and_keys_to_write(void** state) {
  auto& f = fixture(state);
  auto options = options_for(f.db_path());
  options.station_id = "";
  f.reopen(options);
  EXPECT_ERROR(f.store->create_draft(kOfficer), ErrorCode::kFailedPrecondition, "[store] station_id");
  auto without_keys = Store::open(options_for(f.db_path()), nullptr, *f.clock);
  ASSERT_OK(without_keys);
  EXPECT_ERROR((*without_keys)->create_draft(kOfficer), ErrorCode::kFailedPrecondition,
               "needs the station's keys, and the store was opened without them");
  ASSERT_OK((*without_keys)->list({}));
}

void ids_resolve_from_a_unique_prefix(void** state) {
  auto& f = fixture(state);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  auto full = f.store->resolve_id(*id);
  ASSERT_OK(full);
  assert_string_equal(full->c_str(), id->c_str());
  auto from_prefix = f.store->resolve_id(id->substr(0, 8));
  ASSERT_OK(from_prefix);
  assert_string_equal(from_prefix->c_str(), id->c_str());
  EXPECT_ERROR(f.store->resolve_id(id->substr(0, 4)), ErrorCode::kNotFound, "give at least 8 characters");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(an_enrollment_resumes_after_a_restart, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_recaptured_part_replaces_the_earlier_one, set_up, tear_down),
      cmocka_unit_test_setup_teardown(malformed_parts_are_refused_with_their_fields, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_new_draft_needs_room_on_the_disk, set_up, tear_down),
      cmocka_unit_test_setup_teardown(the_store_needs_a_station_id_and_keys_to_write, set_up, tear_down),
      cmocka_unit_test_setup_teardown(ids_resolve_from_a_unique_prefix, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
