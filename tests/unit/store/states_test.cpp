// The dossier's life: draft -> sealed -> (personalized) -> batched ->
// delivered -> purged (or batched -> rejected -> sealed again), one transaction and one audit entry per step, and
// every other move refused with both states named.
#include "station/cms/digests.hpp"
#include "station/dossier/serialization.hpp"
#include "store_test_main.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;
using station::store::check_transition;

std::int64_t audit_rows(Fixture& f) { return RawDb(f.db_path()).integer("SELECT COUNT(*) FROM audit"); }

void only_the_drawn_moves_are_allowed(void**) {
  const std::vector<std::pair<DossierState, DossierState>> allowed{
      {DossierState::kDraft, DossierState::kSealed},        {DossierState::kSealed, DossierState::kPersonalized},
      {DossierState::kSealed, DossierState::kBatched},      {DossierState::kPersonalized, DossierState::kBatched},
      {DossierState::kBatched, DossierState::kDelivered},   {DossierState::kDelivered, DossierState::kPurged},
      {DossierState::kBatched, DossierState::kRejected},    {DossierState::kRejected, DossierState::kSealed}};
  for (auto from : station::store::all_states()) {
    for (auto to : station::store::all_states()) {
      bool expected = std::find(allowed.begin(), allowed.end(), std::make_pair(from, to)) != allowed.end();
      auto status = check_transition(from, to);
      if (status.ok() != expected) {
        fail_msg("%s -> %s: expected %s", std::string(to_string(from)).c_str(), std::string(to_string(to)).c_str(),
                 expected ? "allowed" : "refused");
      }
    }
  }
  EXPECT_ERROR(check_transition(DossierState::kDraft, DossierState::kBatched), ErrorCode::kFailedPrecondition,
               "cannot go from draft to batched; from draft it can only become sealed");
  EXPECT_ERROR(check_transition(DossierState::kPurged, DossierState::kDraft), ErrorCode::kFailedPrecondition,
               "purged is final");
  EXPECT_ERROR(check_transition(DossierState::kSealed, DossierState::kDelivered), ErrorCode::kFailedPrecondition,
               "it can only become personalized or batched");
}

void a_dossier_walks_the_whole_path(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(22000, 1));
  for (auto to : {DossierState::kPersonalized, DossierState::kBatched, DossierState::kDelivered, DossierState::kPurged}) {
    f.clock->advance(std::chrono::minutes(5));
    auto before = audit_rows(f);
    ASSERT_OK(f.store->transition(id, to, kOfficer));
    auto summary = f.store->summary(id);
    ASSERT_OK(summary);
    assert_int_equal(static_cast<int>(summary->state), static_cast<int>(to));
    assert_true(summary->state_since == f.clock->now());
    assert_int_equal(audit_rows(f), before + 1);
  }
}

void personalization_may_be_skipped(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(2200, 2));
  ASSERT_OK(f.store->transition(id, DossierState::kBatched, "sync"));
  assert_int_equal(static_cast<int>(f.store->summary(id)->state), static_cast<int>(DossierState::kBatched));
}

void illegal_moves_change_nothing(void** state) {
  auto& f = fixture(state);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  auto before = audit_rows(f);
  EXPECT_ERROR(f.store->transition(*id, DossierState::kBatched, kOfficer), ErrorCode::kFailedPrecondition,
               "dossier " + *id + ": a dossier cannot go from draft to batched");
  EXPECT_ERROR(f.store->transition(*id, DossierState::kDraft, kOfficer), ErrorCode::kFailedPrecondition,
               "from draft to draft");
  assert_int_equal(static_cast<int>(f.store->summary(*id)->state), static_cast<int>(DossierState::kDraft));
  assert_int_equal(audit_rows(f), before);
  auto sealed = sealed_dossier(*f.store, complete_dossier(2200, 3));
  EXPECT_ERROR(f.store->transition(sealed, DossierState::kSealed, kOfficer), ErrorCode::kFailedPrecondition,
               "from sealed to sealed");
  EXPECT_ERROR(f.store->transition("no-such-dossier", DossierState::kBatched, kOfficer), ErrorCode::kNotFound,
               "there is no dossier no-such-dossier");
}

void sealing_an_incomplete_draft_names_what_is_missing(void** state) {
  auto& f = fixture(state);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  auto partial = complete_dossier(2200, 4);
  ASSERT_OK(f.store->save_demographics(*id, partial.demographics, kOfficer));
  ASSERT_OK(f.store->save_finger(*id, 1, partial.fingers[0], kOfficer));
  auto sealing = f.store->transition(*id, DossierState::kSealed, kOfficer);
  EXPECT_ERROR(sealing, ErrorCode::kInvalidArgument, "dossier " + *id + " cannot be sealed yet: face: has not been photographed");
  assert_non_null(strstr(sealing.error().message.c_str(), "fingers[2]: (right index) is not captured"));
  assert_null(strstr(sealing.error().message.c_str(), "fingers[1]"));
  assert_int_equal(static_cast<int>(f.store->summary(*id)->state), static_cast<int>(DossierState::kDraft));
}

void a_sealed_dossier_cannot_be_changed(void** state) {
  auto& f = fixture(state);
  auto d = complete_dossier(2200, 5);
  auto id = sealed_dossier(*f.store, d);
  EXPECT_ERROR(f.store->save_demographics(id, d.demographics, kOfficer), ErrorCode::kFailedPrecondition,
               "dossier " + id + " is sealed; only a draft, or a dossier the registry rejected, can be changed");
  EXPECT_ERROR(f.store->save_finger(id, 3, d.fingers[2], kOfficer), ErrorCode::kFailedPrecondition, "is sealed");
  EXPECT_ERROR(f.store->set_supervisor(id, kSupervisor, kOfficer), ErrorCode::kFailedPrecondition, "is sealed");
}

// The content hash the seal signs comes with the dossier, so a batch and the
// card journal bind to it without encoding and hashing the dossier again; a
// draft has none.
void a_sealed_dossier_comes_with_its_sealed_hash(void** state) {
  auto& f = fixture(state);
  auto draft = f.store->create_draft(kOfficer);
  ASSERT_OK(draft);
  EXPECT_ERROR(f.store->load_sealed(*draft), ErrorCode::kFailedPrecondition, "is draft: it has no sealed content hash");
  auto id = sealed_dossier(*f.store, complete_dossier(2200, 3));
  auto sealed = f.store->load_sealed(id);
  ASSERT_OK(sealed);
  auto loaded = f.store->load(id);
  ASSERT_OK(loaded);
  assert_true(sealed->dossier == *loaded);
  assert_true(sealed->content_hash == station::cms::sha256(station::dossier::encode(*loaded)));
  assert_true(sealed->content_hash == RawDb(f.db_path()).blob("SELECT content_hash FROM dossiers WHERE id = '" + id + "'"));
}

void purging_removes_biometrics_and_keeps_the_rest(void** state) {
  auto& f = fixture(state);
  auto d = complete_dossier(22000, 6);
  auto id = sealed_dossier(*f.store, d);
  for (auto to : {DossierState::kBatched, DossierState::kDelivered, DossierState::kPurged}) {
    ASSERT_OK(f.store->transition(id, to, "sync"));
  }
  auto loaded = f.store->load(id);
  ASSERT_OK(loaded);
  assert_true(loaded->demographics == d.demographics);
  assert_false(loaded->face.has_value());
  for (const auto& slot : loaded->fingers) assert_false(slot.capture.has_value());
  RawDb raw(f.db_path());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM records WHERE dossier_id = '" + id + "'"), 1);
  assert_int_equal(f.store->summary(id)->payload_bytes,
                   raw.integer("SELECT length(sealed_payload) FROM records WHERE dossier_id = '" + id + "'"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(only_the_drawn_moves_are_allowed),
      cmocka_unit_test_setup_teardown(a_dossier_walks_the_whole_path, set_up, tear_down),
      cmocka_unit_test_setup_teardown(personalization_may_be_skipped, set_up, tear_down),
      cmocka_unit_test_setup_teardown(illegal_moves_change_nothing, set_up, tear_down),
      cmocka_unit_test_setup_teardown(sealing_an_incomplete_draft_names_what_is_missing, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_sealed_dossier_cannot_be_changed, set_up, tear_down),
      cmocka_unit_test_setup_teardown(purging_removes_biometrics_and_keeps_the_rest, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_sealed_dossier_comes_with_its_sealed_hash, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
