// Nothing stranded (issue 14 point 7): a dossier the registry's receipt
// refuses becomes `rejected` with the registry's reason, is listed as such,
// can be corrected, goes back to sealed only with a supervisor's approval
// (kept on the dossier and in the audit log), and is then delivered once.
// The audit-history check knows the new moves, so `store check` passes.
#include "store_test_main.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;
using station::store::NewBatch;
using station::store::VerifiedReceipt;

constexpr const char* kReason = "1.018 date of birth is not a calendar date";

NewBatch batch_of(RawDb& raw, const std::vector<std::string>& ids, std::int64_t sequence) {
  NewBatch b;
  b.origin_station = kStation;
  b.sequence = sequence;
  b.id = std::string(kStation) + "-00000" + std::to_string(sequence);
  b.previous_hash = sequence == 1 ? hal::Bytes(32, 0) : raw.blob("SELECT hash FROM batches ORDER BY sequence DESC");
  b.content = pseudo_random(300, static_cast<std::uint64_t>(sequence));
  b.hash = pseudo_random(32, 1000 + static_cast<std::uint64_t>(sequence));
  for (const auto& id : ids)
    b.members.push_back({id, raw.blob("SELECT content_hash FROM dossiers WHERE id = '" + id + "'"), "pending", ""});
  return b;
}

VerifiedReceipt receipt_for(const NewBatch& b, std::vector<std::string> accepted,
                            std::vector<std::pair<std::string, std::string>> rejected) {
  return {b.id, b.hash, pseudo_random(64, 7), std::move(accepted), std::move(rejected), "upload", 0, {}};
}

DossierState state_of(Fixture& f, const std::string& id) { return f.store->summary(id)->state; }

void expect_clean_check(Fixture& f) {
  auto check = f.store->check(false);
  ASSERT_OK(check);
  if (!check->problems.empty()) fail_msg("store check: %s", check->problems.front().c_str());
}

// a accepted, b refused: b is rejected with the reason, and the only one listed.
struct Refused {
  std::string accepted, rejected;
};

Refused batch_and_refuse_one(Fixture& f, RawDb& raw) {
  Refused r{sealed_dossier(*f.store, complete_dossier(2000, 1)), sealed_dossier(*f.store, complete_dossier(2000, 2))};
  auto batch = batch_of(raw, {r.accepted, r.rejected}, 1);
  ASSERT_OK(f.store->record_batch(batch, "sync"));
  ASSERT_OK(f.store->record_receipt(receipt_for(batch, {r.accepted}, {{r.rejected, kReason}}), "sync"));
  return r;
}

void a_dossier_the_receipt_refuses_is_rejected_with_the_reason(void** state) {
  auto& f = fixture(state);
  RawDb raw(f.db_path());
  auto r = batch_and_refuse_one(f, raw);
  assert_int_equal(static_cast<int>(state_of(f, r.accepted)), static_cast<int>(DossierState::kDelivered));
  assert_int_equal(static_cast<int>(state_of(f, r.rejected)), static_cast<int>(DossierState::kRejected));
  auto listed = f.store->rejections();
  ASSERT_OK(listed);
  assert_int_equal(listed->size(), 1);
  assert_string_equal((*listed)[0].dossier_id.c_str(), r.rejected.c_str());
  assert_string_equal((*listed)[0].batch_id.c_str(), (std::string(kStation) + "-000001").c_str());
  assert_string_equal((*listed)[0].reason.c_str(), kReason);
  assert_int_equal(f.store->count_by_state()->at(DossierState::kRejected), 1);
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE object = '" + r.rejected +
                               "' AND detail = 'batched -> rejected; batch " + kStation + "-000001: " + kReason + "'"),
                   1);
  expect_clean_check(f);
}

void a_corrected_dossier_is_resealed_only_with_a_supervisor_then_delivered_once(void** state) {
  auto& f = fixture(state);
  RawDb raw(f.db_path());
  auto r = batch_and_refuse_one(f, raw);
  auto corrected = complete_dossier(2000, 2).demographics;
  corrected.full_name += " An";
  ASSERT_OK(f.store->save_demographics(r.rejected, corrected, kOfficer));
  EXPECT_ERROR(f.store->transition(r.rejected, DossierState::kSealed, kOfficer), ErrorCode::kPermissionDenied,
               "was rejected by the registry; sealing it again needs a supervisor's approval");
  EXPECT_ERROR(f.store->reseal(r.rejected, ""), ErrorCode::kInvalidArgument, "needs the approving supervisor's id");
  EXPECT_ERROR(f.store->reseal(r.accepted, "supervisor-3"), ErrorCode::kFailedPrecondition,
               "is delivered; only a dossier the registry rejected is re-sealed");
  ASSERT_OK(f.store->reseal(r.rejected, "supervisor-3"));
  assert_int_equal(static_cast<int>(state_of(f, r.rejected)), static_cast<int>(DossierState::kSealed));
  assert_string_equal(raw.text("SELECT reseal_supervisor FROM dossiers WHERE id = '" + r.rejected + "'").c_str(),
                      "supervisor-3");
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE object = '" + r.rejected +
                               "' AND actor = 'supervisor-3' AND detail LIKE "
                               "'rejected -> sealed; approved by supervisor supervisor-3; content sha256 %'"),
                   1);
  auto loaded = f.store->load(r.rejected);  // the new seal covers the correction
  ASSERT_OK(loaded);
  assert_string_equal(loaded->demographics.full_name.c_str(), corrected.full_name.c_str());
  assert_int_equal(f.store->rejections()->size(), 0);

  auto second = batch_of(raw, {r.rejected}, 2);
  ASSERT_OK(f.store->record_batch(second, "sync"));
  ASSERT_OK(f.store->record_receipt(receipt_for(second, {r.rejected}, {}), "sync"));
  assert_int_equal(static_cast<int>(state_of(f, r.rejected)), static_cast<int>(DossierState::kDelivered));
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM batch_members WHERE dossier_id = '" + r.rejected +
                               "' AND outcome = 'accepted'"),
                   1);
  expect_clean_check(f);
}

void a_dossier_that_had_its_card_gets_no_second_one_after_a_reseal(void** state) {
  auto& f = fixture(state);
  RawDb raw(f.db_path());
  auto id = sealed_dossier(*f.store, complete_dossier(2000, 5));
  ASSERT_OK(f.store->transition(id, DossierState::kPersonalized, kOfficer));
  auto batch = batch_of(raw, {id}, 1);
  ASSERT_OK(f.store->record_batch(batch, "sync"));
  ASSERT_OK(f.store->record_receipt(receipt_for(batch, {}, {{id, kReason}}), "sync"));
  ASSERT_OK(f.store->reseal(id, "supervisor-3"));
  EXPECT_ERROR(f.store->begin_card_write(id, kOfficer), ErrorCode::kFailedPrecondition,
               "dossier " + id + " already had a card written");
}

void a_state_edited_to_rejected_is_caught(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(2000, 6));
  RawDb raw(f.db_path());
  raw.exec("UPDATE dossiers SET state = 'rejected' WHERE id = '" + id + "'");
  EXPECT_ERROR(f.store->reseal(id, "supervisor-3"), ErrorCode::kCorrupt, "is marked rejected but its audit history");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(a_dossier_the_receipt_refuses_is_rejected_with_the_reason, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_corrected_dossier_is_resealed_only_with_a_supervisor_then_delivered_once,
                                      set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_dossier_that_had_its_card_gets_no_second_one_after_a_reseal, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_state_edited_to_rejected_is_caught, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
