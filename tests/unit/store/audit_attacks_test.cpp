// Someone with the station's disk but not its token (issue 14, point 6):
// every way of shortening, rewinding or rewriting the audit log, and of
// moving a dossier's plain-text state back, is caught by `verify_audit` /
// `check` and, where it would reopen or re-send a dossier, refused by the
// store itself. Each attack is done with the test's own SQLite connection,
// as a tamperer would: triggers dropped first.
#include "store_test_main.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;

// A log with signed heads and a registry acknowledgement in it:
// a sealed dossier (entries 1..14), head at 14, a log-in (15), head at 15
// which the registry acknowledges (16), another log-in (17), head at 17,
// one more log-in (18), unsigned.
struct Log {
  std::string sealed_id;
  std::int64_t acknowledged_seq = 0;
};

Log write_log(Fixture& f) {
  Log log;
  log.sealed_id = sealed_dossier(*f.store, complete_dossier(1100, 61));
  ASSERT_OK(f.store->sign_audit_head());
  ASSERT_OK(f.store->record_action(kOfficer, "officer.login", kOfficer, "pin and finger"));
  auto acknowledged = f.store->sign_audit_head();
  ASSERT_OK(acknowledged);
  log.acknowledged_seq = acknowledged->seq;
  ASSERT_OK(f.store->acknowledge_audit(acknowledged->seq));
  ASSERT_OK(f.store->record_action(kSupervisor, "officer.login", kSupervisor, "pin and finger"));
  ASSERT_OK(f.store->sign_audit_head());
  ASSERT_OK(f.store->record_action(kOfficer, "officer.login", kOfficer, "pin and finger"));
  return log;
}

void tamperer_drops_the_guards(RawDb& raw) {
  raw.exec("PRAGMA synchronous = OFF; DROP TRIGGER IF EXISTS audit_is_append_only;"
           "DROP TRIGGER IF EXISTS audit_keeps_unacknowledged; DROP TRIGGER IF EXISTS audit_heads_are_append_only;"
           "DROP TRIGGER IF EXISTS audit_heads_are_kept;");
}

// The audit report names a break, and `store check` lists it as a problem.
void expect_detected(Fixture& f, const std::string& words, const std::string& what) {
  auto report = f.store->verify_audit();
  ASSERT_OK(report);
  if (!report->broken) fail_msg("%s went unnoticed by audit verify", what.c_str());
  if (report->broken->reason.find(words) == std::string::npos)
    fail_msg("%s: expected '%s', got: %s", what.c_str(), words.c_str(), report->broken->reason.c_str());
  auto check = f.store->check(false);
  ASSERT_OK(check);
  if (check->problems.empty()) fail_msg("%s went unnoticed by store check", what.c_str());
}

void expect_problem(Fixture& f, const std::string& words, const std::string& what) {
  auto check = f.store->check(false);
  ASSERT_OK(check);
  for (const auto& p : check->problems)
    if (p.find(words) != std::string::npos) return;
  fail_msg("%s: store check did not say '%s' (%zu other problems%s%s)", what.c_str(), words.c_str(),
           check->problems.size(), check->problems.empty() ? "" : ", the first: ",
           check->problems.empty() ? "" : check->problems.front().c_str());
}

station::store::NewBatch batch_of(RawDb& raw, const std::string& id, std::int64_t sequence) {
  station::store::NewBatch b;
  b.origin_station = kStation;
  b.sequence = sequence;
  b.id = std::string(kStation) + "-00000" + std::to_string(sequence);
  b.previous_hash = sequence == 1 ? hal::Bytes(32, 0) : raw.blob("SELECT hash FROM batches ORDER BY sequence DESC");
  b.content = pseudo_random(300, static_cast<std::uint64_t>(sequence));
  b.hash = pseudo_random(32, 1000 + static_cast<std::uint64_t>(sequence));
  b.members.push_back({id, raw.blob("SELECT content_hash FROM dossiers WHERE id = '" + id + "'"), "pending", ""});
  return b;
}

void prefix_cut_is_detected(void** state) {
  auto& f = fixture(state);
  write_log(f);
  RawDb raw(f.db_path());
  tamperer_drops_the_guards(raw);
  // Entries 1..10 go, and the state is made to look like a prune up to 10.
  raw.exec("DELETE FROM audit WHERE seq <= 10");
  raw.exec("UPDATE audit_state SET pruned_seq = 10, pruned_hash = (SELECT prev_hash FROM audit WHERE seq = 11)");
  expect_detected(f, "pruned", "cutting entries 1..10 and recording them as pruned");
}

void prefix_cut_with_its_heads_is_detected(void** state) {
  auto& f = fixture(state);
  write_log(f);
  RawDb raw(f.db_path());
  tamperer_drops_the_guards(raw);
  // Everything up to the newest head's predecessor goes, heads included.
  raw.exec("DELETE FROM audit WHERE seq <= 15; DELETE FROM audit_heads WHERE seq <= 15");
  raw.exec("UPDATE audit_state SET pruned_seq = 15, acknowledged_seq = 15, "
           "pruned_hash = (SELECT prev_hash FROM audit WHERE seq = 16)");
  expect_detected(f, "head", "cutting entries and heads 1..15");
}

void suffix_cut_back_past_the_acknowledged_head_is_detected(void** state) {
  auto& f = fixture(state);
  auto log = write_log(f);
  RawDb raw(f.db_path());
  tamperer_drops_the_guards(raw);
  // Back to entry 14 (its head stays): the acknowledged head at 15 and all
  // after it go; the recorded end is rewound to match.
  raw.exec("DELETE FROM audit WHERE seq > 14; DELETE FROM audit_heads WHERE seq > 14");
  raw.exec("UPDATE audit_state SET last_seq = 14, last_hash = (SELECT hash FROM audit WHERE seq = 14)");
  expect_detected(f, "acknowledged", "cutting the log back before the acknowledged head " +
                                         std::to_string(log.acknowledged_seq));
}

void audit_state_edit_is_detected(void** state) {
  auto& f = fixture(state);
  auto log = write_log(f);
  RawDb raw(f.db_path());
  tamperer_drops_the_guards(raw);
  // Raising the acknowledgement would let the delete trigger pass.
  raw.exec("UPDATE audit_state SET acknowledged_seq = 18");
  expect_detected(f, "acknowledged", "raising acknowledged_seq");
  raw.exec("UPDATE audit_state SET acknowledged_seq = " + std::to_string(log.acknowledged_seq));
  // Forgetting the acknowledgement hides a later cut past it.
  raw.exec("UPDATE audit_state SET acknowledged_seq = 0");
  expect_detected(f, "acknowledged", "clearing acknowledged_seq");
  raw.exec("UPDATE audit_state SET acknowledged_seq = " + std::to_string(log.acknowledged_seq));
  // A prune anchor moved without deleting anything.
  raw.exec("UPDATE audit_state SET pruned_seq = 3, pruned_hash = (SELECT hash FROM audit WHERE seq = 3)");
  expect_detected(f, "pruned", "moving the prune anchor");
  raw.exec("UPDATE audit_state SET pruned_seq = 0, pruned_hash = zeroblob(32)");
  auto report = f.store->verify_audit();
  ASSERT_OK(report);
  if (report->broken) fail_msg("the log put back is still broken: %s", report->broken->reason.c_str());
}

void head_rewrite_is_detected(void** state) {
  auto& f = fixture(state);
  write_log(f);
  RawDb raw(f.db_path());
  tamperer_drops_the_guards(raw);
  // A signed head taken out of the middle: the heads no longer run on.
  hal::Bytes kept = raw.blob("SELECT signature FROM audit_heads WHERE seq = 14");
  raw.exec("CREATE TABLE saved AS SELECT * FROM audit_heads WHERE seq = 14; DELETE FROM audit_heads WHERE seq = 14");
  expect_detected(f, "head", "deleting the signed head at 14");
  raw.exec("INSERT INTO audit_heads SELECT * FROM saved");
  // A head's signed fields moved to another entry number.
  raw.exec("UPDATE audit_heads SET seq = 13 WHERE seq = 14");
  expect_detected(f, "head", "renumbering the signed head at 14");
  raw.exec("UPDATE audit_heads SET seq = 14 WHERE seq = 13");
  auto report = f.store->verify_audit();
  ASSERT_OK(report);
  if (report->broken) fail_msg("the heads put back are still broken: %s", report->broken->reason.c_str());
  assert_true(kept == raw.blob("SELECT signature FROM audit_heads WHERE seq = 14"));
}

void state_column_sealed_to_draft_is_detected(void** state) {
  auto& f = fixture(state);
  auto d = complete_dossier(1100, 62);
  auto id = sealed_dossier(*f.store, d);
  RawDb raw(f.db_path());
  raw.exec("UPDATE dossiers SET state = 'draft' WHERE id = '" + id + "'");
  expect_problem(f, "dossier " + id + " is marked draft", "moving dossier " + id + " from sealed back to draft");
  // Nor does the store let it be edited again.
  EXPECT_ERROR(f.store->save_demographics(id, d.demographics, kOfficer), ErrorCode::kCorrupt,
               "dossier " + id + " is marked draft");
  EXPECT_ERROR(f.store->transition(id, DossierState::kSealed, kOfficer), ErrorCode::kCorrupt,
               "dossier " + id + " is marked draft");
}

// A batch carries the newest signed head to the registry, whose receipt
// echoes it; the store records that head as acknowledged.
struct Receipted {
  std::string id;
  station::store::AuditHead head;
};

Receipted batch_and_receipt(Fixture& f) {
  Receipted r;
  r.id = sealed_dossier(*f.store, complete_dossier(1100, 64));  // 1..14
  auto head = f.store->sign_audit_head();                        // at 14
  ASSERT_OK(head);
  r.head = *head;
  RawDb raw(f.db_path());
  auto batch = batch_of(raw, r.id, 1);
  batch.audit_head_seq = head->seq;
  batch.audit_head_digest = station::store::head_digest(*head);
  ASSERT_OK(f.store->record_batch(batch, "sync"));  // 15, 16
  station::store::VerifiedReceipt receipt{batch.id, batch.hash, pseudo_random(200, 9), {r.id}, {}, "upload",
                                          head->seq, batch.audit_head_digest};
  ASSERT_OK(f.store->record_receipt(receipt, "sync"));  // 17 delivered, 18 acknowledged (signed), 19 receipt
  auto report = f.store->verify_audit();
  ASSERT_OK(report);
  if (report->broken) fail_msg("%s", report->broken->reason.c_str());
  assert_int_equal(report->acknowledged_seq, head->seq);
  return r;
}

void suffix_cut_back_past_a_receipted_head_is_detected(void** state) {
  auto& f = fixture(state);
  auto r = batch_and_receipt(f);
  RawDb raw(f.db_path());
  tamperer_drops_the_guards(raw);
  // Everything from the head the batch carried on goes; the log's state is
  // rewound whole to before it, as if nothing had been acknowledged.
  const std::string from = std::to_string(r.head.seq);
  raw.exec("DELETE FROM audit WHERE seq >= " + from + "; DELETE FROM audit_heads WHERE seq >= " + from);
  raw.exec("UPDATE audit_state SET last_seq = " + std::to_string(r.head.seq - 1) +
           ", last_hash = (SELECT hash FROM audit WHERE seq = " + std::to_string(r.head.seq - 1) +
           "), acknowledged_seq = 0, acknowledged_head = zeroblob(32)");
  expect_detected(f, "names audit head " + from, "cutting the log back before the head the registry acknowledged");
}

void a_receipt_echoing_a_head_the_log_lost_is_refused(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(1100, 65));
  auto head = f.store->sign_audit_head();
  ASSERT_OK(head);
  RawDb raw(f.db_path());
  auto batch = batch_of(raw, id, 1);
  batch.audit_head_seq = head->seq;
  batch.audit_head_digest = station::store::head_digest(*head);
  ASSERT_OK(f.store->record_batch(batch, "sync"));
  tamperer_drops_the_guards(raw);
  raw.exec("DELETE FROM audit_heads");
  station::store::VerifiedReceipt receipt{batch.id, batch.hash, pseudo_random(200, 9), {id}, {}, "upload",
                                          head->seq, batch.audit_head_digest};
  EXPECT_ERROR(f.store->record_receipt(receipt, "sync"), ErrorCode::kCorrupt, "which this log no longer holds");
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM receipts"), 0);
  assert_string_equal(raw.text("SELECT state FROM dossiers").c_str(), "batched");
}

void state_column_batched_to_sealed_is_detected(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(1100, 63));
  RawDb raw(f.db_path());
  ASSERT_OK(f.store->record_batch(batch_of(raw, id, 1), "sync"));
  raw.exec("UPDATE dossiers SET state = 'sealed' WHERE id = '" + id + "'");
  expect_problem(f, "dossier " + id + " is marked sealed", "moving dossier " + id + " from batched back to sealed");
  // A second batch would send it again: refused, nothing recorded.
  EXPECT_ERROR(f.store->record_batch(batch_of(raw, id, 2), "sync"), ErrorCode::kCorrupt,
               "dossier " + id + " is marked sealed");
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM batches"), 1);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(prefix_cut_is_detected, set_up, tear_down),
      cmocka_unit_test_setup_teardown(prefix_cut_with_its_heads_is_detected, set_up, tear_down),
      cmocka_unit_test_setup_teardown(suffix_cut_back_past_the_acknowledged_head_is_detected, set_up, tear_down),
      cmocka_unit_test_setup_teardown(suffix_cut_back_past_a_receipted_head_is_detected, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_receipt_echoing_a_head_the_log_lost_is_refused, set_up, tear_down),
      cmocka_unit_test_setup_teardown(audit_state_edit_is_detected, set_up, tear_down),
      cmocka_unit_test_setup_teardown(head_rewrite_is_detected, set_up, tear_down),
      cmocka_unit_test_setup_teardown(state_column_sealed_to_draft_is_detected, set_up, tear_down),
      cmocka_unit_test_setup_teardown(state_column_batched_to_sealed_is_detected, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
