// The audit log: a hash chain in the documented format, heads signed by the
// station key (checked by the test's OpenSSL), any changed byte, deleted or
// rewritten entry named, and entries kept until the registry acknowledges them.
#include <openssl/sha.h>

#include "store_test_main.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;

void put_u64(hal::Bytes& out, std::uint64_t v) {
  for (int s = 56; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}
void put_text(hal::Bytes& out, const std::string& text) {
  auto n = static_cast<std::uint32_t>(text.size());
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(n >> s));
  out.insert(out.end(), text.begin(), text.end());
}
hal::Bytes sha256_of(const hal::Bytes& data) {
  hal::Bytes digest(SHA256_DIGEST_LENGTH);
  SHA256(data.data(), data.size(), digest.data());
  return digest;
}

// README.md: hash = SHA-256(prev_hash || u64 seq || u64 at_ms || text actor,
// action, object, detail), each text as u32 length || UTF-8.
hal::Bytes documented_hash(RawDb& raw, std::int64_t seq, const hal::Bytes& prev) {
  std::string where = " FROM audit WHERE seq = " + std::to_string(seq);
  hal::Bytes input = prev;
  put_u64(input, static_cast<std::uint64_t>(seq));
  put_u64(input, static_cast<std::uint64_t>(raw.integer("SELECT at" + where)));
  for (const char* column : {"actor", "action", "object", "detail"}) put_text(input, raw.text(std::string("SELECT ") + column + where));
  return sha256_of(input);
}

// README.md: "station audit head v2" || u64 seq || hash || u64 acknowledged
// seq || its head's digest || u64 pruned seq || pruned hash || u64 previous
// head's seq || its digest; "none" is 32 zero bytes.
hal::Bytes documented_head_message(RawDb& raw, std::int64_t seq) {
  std::string where = " FROM audit_heads WHERE seq = " + std::to_string(seq);
  std::string domain = "station audit head v2";
  hal::Bytes message(domain.begin(), domain.end());
  auto put_blob = [&](const char* column) {
    hal::Bytes b = raw.blob(std::string("SELECT ") + column + where);
    assert_int_equal(b.size(), 32);
    message.insert(message.end(), b.begin(), b.end());
  };
  put_u64(message, static_cast<std::uint64_t>(seq));
  put_blob("hash");
  put_u64(message, static_cast<std::uint64_t>(raw.integer("SELECT acknowledged_seq" + where)));
  put_blob("acknowledged_head");
  put_u64(message, static_cast<std::uint64_t>(raw.integer("SELECT pruned_seq" + where)));
  put_blob("pruned_hash");
  put_u64(message, static_cast<std::uint64_t>(raw.integer("SELECT previous_seq" + where)));
  put_blob("previous_digest");
  return message;
}

// A short log: entries 1..4, a signed head at 3.
std::string write_short_log(Fixture& f) {
  auto d = complete_dossier(1100, 31);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  ASSERT_OK(f.store->save_demographics(*id, d.demographics, kOfficer));
  ASSERT_OK(f.store->save_face(*id, *d.face, kOfficer));
  ASSERT_OK(f.store->sign_audit_head());
  ASSERT_OK(f.store->set_supervisor(*id, kSupervisor, kOfficer));
  return *id;
}

station::store::AuditReport verified(Fixture& f) {
  auto report = f.store->verify_audit();
  ASSERT_OK(report);
  return *report;
}

void the_chain_and_heads_follow_the_documented_format(void** state) {
  auto& f = fixture(state);
  auto id = write_short_log(f);
  auto report = verified(f);
  if (report.broken) fail_msg("%s", report.broken->reason.c_str());
  assert_int_equal(report.first_seq, 1);
  assert_int_equal(report.last_seq, 4);
  assert_int_equal(report.heads_checked, 1);
  assert_int_equal(report.last_signed_seq, 3);
  assert_true(report.signatures_checked);

  RawDb raw(f.db_path());
  hal::Bytes prev(32, 0);
  for (std::int64_t seq = 1; seq <= 4; ++seq) {
    auto stored = raw.blob("SELECT hash FROM audit WHERE seq = " + std::to_string(seq));
    assert_true(raw.blob("SELECT prev_hash FROM audit WHERE seq = " + std::to_string(seq)) == prev);
    assert_true(documented_hash(raw, seq, prev) == stored);
    prev = stored;
  }
  assert_string_equal(raw.text("SELECT action FROM audit WHERE seq = 1").c_str(), "draft.create");
  assert_string_equal(raw.text("SELECT object FROM audit WHERE seq = 2").c_str(), id.c_str());
  assert_string_equal(raw.text("SELECT actor FROM audit WHERE seq = 4").c_str(), kOfficer);
  auto head_hash = raw.blob("SELECT hash FROM audit_heads WHERE seq = 3");
  assert_true(head_hash == raw.blob("SELECT hash FROM audit WHERE seq = 3"));
  assert_true(keys_test::verifies(shared_keys().ec_certificate, documented_head_message(raw, 3),
                                  raw.blob("SELECT signature FROM audit_heads WHERE seq = 3"),
                                  hal::SignatureScheme::kEcdsaSha256));
  // The next head names this one by the SHA-256 of what it signs.
  ASSERT_OK(f.store->sign_audit_head());
  assert_int_equal(raw.integer("SELECT previous_seq FROM audit_heads WHERE seq = 4"), 3);
  assert_true(raw.blob("SELECT previous_digest FROM audit_heads WHERE seq = 4") == sha256_of(documented_head_message(raw, 3)));
  assert_true(keys_test::verifies(shared_keys().ec_certificate, documented_head_message(raw, 4),
                                  raw.blob("SELECT signature FROM audit_heads WHERE seq = 4"),
                                  hal::SignatureScheme::kEcdsaSha256));
}

void expect_broken_at(Fixture& f, std::int64_t seq, const std::string& words, const std::string& what) {
  auto report = verified(f);
  if (!report.broken) fail_msg("%s went unnoticed", what.c_str());
  if (report.broken->seq != seq || report.broken->reason.find(words) == std::string::npos) {
    fail_msg("%s: expected entry %lld (%s), got %lld: %s", what.c_str(), static_cast<long long>(seq), words.c_str(),
             static_cast<long long>(report.broken->seq), report.broken->reason.c_str());
  }
}

void every_changed_byte_names_its_entry(void** state) {
  auto& f = fixture(state);
  write_short_log(f);
  RawDb raw(f.db_path());
  raw.exec("PRAGMA synchronous = OFF; DROP TRIGGER audit_is_append_only");  // what a tamperer would do first
  int changes = 0;
  for (std::int64_t seq = 1; seq <= 4; ++seq) {
    std::string where = " WHERE seq = " + std::to_string(seq);
    for (const char* column : {"actor", "action", "object", "detail", "prev_hash", "hash"}) {
      bool text = std::string(column).find("hash") == std::string::npos;
      hal::Bytes original = raw.blob(std::string("SELECT CAST(") + column + " AS BLOB) FROM audit" + where);
      std::string update = std::string("UPDATE audit SET ") + column + (text ? " = CAST(? AS TEXT)" : " = ?") + where;
      for (std::size_t i = 0; i < original.size(); ++i) {
        hal::Bytes changed = original;
        changed[i] ^= 0x01;
        raw.set_blob(update, changed);
        expect_broken_at(f, seq, "audit entry " + std::to_string(seq),
                         std::string(column) + " byte " + std::to_string(i) + " of entry " + std::to_string(seq));
        ++changes;
      }
      raw.set_blob(update, original);
    }
    std::int64_t at = raw.integer("SELECT at FROM audit" + where);
    for (int bit = 0; bit < 63; ++bit) {
      raw.exec("UPDATE audit SET at = " + std::to_string(at ^ (std::int64_t{1} << bit)) + where);
      expect_broken_at(f, seq, "was altered", "bit " + std::to_string(bit) + " of the time of entry " + std::to_string(seq));
      ++changes;
    }
    raw.exec("UPDATE audit SET at = " + std::to_string(at) + where);
    raw.exec("UPDATE audit SET seq = seq + 1000" + where);
    expect_broken_at(f, seq, "is missing", "renumbering entry " + std::to_string(seq));
    raw.exec("UPDATE audit SET seq = " + std::to_string(seq) + " WHERE seq = " + std::to_string(seq + 1000));
  }
  assert_false(verified(f).broken.has_value());
  print_message("changed %d bytes and bits of 4 audit entries; each was named\n", changes);
}

void deleted_entries_are_named(void** state) {
  auto& f = fixture(state);
  write_short_log(f);
  RawDb raw(f.db_path());
  raw.exec("DROP TRIGGER audit_keeps_unacknowledged");
  raw.exec("DELETE FROM audit WHERE seq = 2");
  expect_broken_at(f, 2, "audit entry 2 is missing: the log jumps from entry 1 to 3", "deleting entry 2");
}

void a_cut_off_end_is_caught_by_the_recorded_head_and_the_signature(void** state) {
  auto& f = fixture(state);
  write_short_log(f);
  ASSERT_OK(f.store->sign_audit_head());  // head at 4
  RawDb raw(f.db_path());
  raw.exec("DROP TRIGGER audit_keeps_unacknowledged");
  raw.exec("DELETE FROM audit WHERE seq >= 3");
  expect_broken_at(f, 3, "audit entries 3 to 4 are missing from the end of the log", "cutting entries 3-4");
  // A careful tamperer also rewinds the recorded head; the signed head remains.
  raw.exec("UPDATE audit_state SET last_seq = 2, last_hash = (SELECT hash FROM audit WHERE seq = 2)");
  expect_broken_at(f, 3, "covers entries up to 3 but the log ends at 2", "cutting entries 3-4 and rewinding the head");
}

void a_rewritten_chain_does_not_match_its_signed_head(void** state) {
  auto& f = fixture(state);
  write_short_log(f);  // head signed at 3
  RawDb raw(f.db_path());
  raw.exec("DROP TRIGGER audit_is_append_only");
  // Edit entry 2 and recompute every hash after it, as someone knowing the format would.
  raw.exec("UPDATE audit SET actor = 'someone-else' WHERE seq = 2");
  hal::Bytes prev = raw.blob("SELECT hash FROM audit WHERE seq = 1");
  for (std::int64_t seq = 2; seq <= 4; ++seq) {
    std::string where = " WHERE seq = " + std::to_string(seq);
    raw.set_blob("UPDATE audit SET prev_hash = ?" + where, prev);
    prev = documented_hash(raw, seq, prev);
    raw.set_blob("UPDATE audit SET hash = ?" + where, prev);
  }
  raw.set_blob("UPDATE audit_state SET last_hash = ?", prev);
  expect_broken_at(f, 3, "differs from the signed head at audit entry 3", "rewriting entries 2-4");
  // And the store will not sign over it.
  EXPECT_ERROR(f.store->sign_audit_head(), ErrorCode::kCorrupt, "refusing to sign the audit log's head");
}

void sql_cannot_change_or_drop_unacknowledged_entries(void** state) {
  auto& f = fixture(state);
  write_short_log(f);
  RawDb raw(f.db_path());
  assert_int_equal(raw.try_exec("UPDATE audit SET actor = 'x' WHERE seq = 1"), SQLITE_CONSTRAINT);
  assert_string_equal(sqlite3_errmsg(raw.handle()), "the audit log is append-only");
  assert_int_equal(raw.try_exec("DELETE FROM audit WHERE seq = 1"), SQLITE_CONSTRAINT);
  assert_string_equal(sqlite3_errmsg(raw.handle()), "audit entries are kept until the registry acknowledges them");
  assert_int_equal(raw.try_exec("UPDATE audit_heads SET seq = 9"), SQLITE_CONSTRAINT);
}

void acknowledged_entries_may_be_pruned_and_the_chain_still_verifies(void** state) {
  auto& f = fixture(state);
  for (int i = 0; i < 3; ++i) ASSERT_OK(f.store->record_action(kOfficer, "officer.login", kOfficer, "pin and finger"));
  ASSERT_OK(f.store->sign_audit_head());  // head at 3
  write_short_log(f);                     // 4..7: a draft created at 4, head at 6
  EXPECT_ERROR(f.store->acknowledge_audit(99), ErrorCode::kInvalidArgument, "the log ends at 7");
  EXPECT_ERROR(f.store->acknowledge_audit(5), ErrorCode::kInvalidArgument, "no signed head at audit entry 5");
  auto nothing = f.store->prune_acknowledged_audit();
  ASSERT_OK(nothing);
  assert_int_equal(*nothing, 0);
  ASSERT_OK(f.store->acknowledge_audit(6));  // entry 8 records it, signed at once
  auto pruned = f.store->prune_acknowledged_audit();
  ASSERT_OK(pruned);
  // Only up to 3: entry 4 set the draft's state, which is checked against it.
  assert_int_equal(*pruned, 3);
  auto report = verified(f);
  if (report.broken) fail_msg("%s", report.broken->reason.c_str());
  assert_int_equal(report.first_seq, 4);
  assert_int_equal(report.last_seq, 9);  // 9: the prune, signed at once
  assert_int_equal(report.acknowledged_seq, 6);
  assert_int_equal(report.last_signed_seq, 9);
  assert_int_equal(report.heads_checked, 4);
  RawDb raw(f.db_path());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit"), 6);
  assert_string_equal(raw.text("SELECT action FROM audit WHERE seq = 9").c_str(), "audit.prune");
  assert_int_equal(raw.try_exec("DELETE FROM audit WHERE seq = 7"), SQLITE_CONSTRAINT);
  assert_int_equal(raw.try_exec("DELETE FROM audit_heads WHERE seq = 3"), SQLITE_CONSTRAINT);
  // The first kept entry still has to follow the pruned one.
  raw.exec("DROP TRIGGER audit_is_append_only");
  raw.exec("UPDATE audit SET prev_hash = zeroblob(32) WHERE seq = 4");
  expect_broken_at(f, 4, "does not follow entry 3", "unlinking the first kept entry");
}

void heads_are_signed_every_n_entries(void** state) {
  auto& f = fixture(state);
  auto options = options_for(f.db_path());
  options.audit_sign_every = 5;
  f.reopen(options);
  sealed_dossier(*f.store, complete_dossier(1100, 32));  // 14 entries
  RawDb raw(f.db_path());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit"), 14);
  assert_string_equal(raw.text("SELECT group_concat(seq) FROM (SELECT seq FROM audit_heads ORDER BY seq)").c_str(), "5,10");
  auto report = verified(f);
  assert_false(report.broken.has_value());
  assert_int_equal(report.heads_checked, 2);
}

void viewing_a_dossier_is_on_the_log(void** state) {
  auto& f = fixture(state);
  auto id = write_short_log(f);
  ASSERT_OK(f.store->record_view(id, "cli:ops", "demographics"));
  RawDb raw(f.db_path());
  assert_string_equal(raw.text("SELECT actor || ' ' || action || ' ' || detail FROM audit WHERE seq = 5").c_str(),
                      "cli:ops dossier.view demographics");
  EXPECT_ERROR(f.store->record_view("nobody", "cli:ops", "demographics"), ErrorCode::kNotFound, "no dossier nobody");
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit"), 5);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(the_chain_and_heads_follow_the_documented_format, set_up, tear_down),
      cmocka_unit_test_setup_teardown(every_changed_byte_names_its_entry, set_up, tear_down),
      cmocka_unit_test_setup_teardown(deleted_entries_are_named, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_cut_off_end_is_caught_by_the_recorded_head_and_the_signature, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_rewritten_chain_does_not_match_its_signed_head, set_up, tear_down),
      cmocka_unit_test_setup_teardown(sql_cannot_change_or_drop_unacknowledged_entries, set_up, tear_down),
      cmocka_unit_test_setup_teardown(acknowledged_entries_may_be_pruned_and_the_chain_still_verifies, set_up, tear_down),
      cmocka_unit_test_setup_teardown(heads_are_signed_every_n_entries, set_up, tear_down),
      cmocka_unit_test_setup_teardown(viewing_a_dossier_is_on_the_log, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
