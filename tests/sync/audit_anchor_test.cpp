// The station's audit log anchored at the registry (issue 14, point 6):
// each batch's manifest carries the newest signed audit head, the
// registry's receipt echoes it (a CMS that `openssl cms -verify` accepts)
// and the station records it as acknowledged; a station whose log was cut
// back below a head it already sent is refused by the registry, and its own
// `verify_audit` names the head the cut removed.
#include <nlohmann/json.hpp>

#include "store_fixture.hpp"
#include "sync_fixture.hpp"
#include "cmocka.hpp"
#include "station/sync/batch.hpp"
#include "station/sync/receipt.hpp"

namespace {

using namespace sync_test;
namespace sync = station::sync;

constexpr std::size_t kImageBytes = 40 * 1000;

struct World {
  std::unique_ptr<Station> station;
  RegistrySim registry;
};

int set_up(void** state) {
  auto w = std::make_unique<World>();
  w->station = make_station("field-01");
  w->registry.start();
  *state = w.release();
  return 0;
}

int tear_down(void** state) {
  delete static_cast<World*>(*state);
  return 0;
}

sync::UploadOutcome upload(World& w) {
  auto uploader = sync::Uploader::create(w.station->endpoint(w.registry.port()), test_policy(), *w.station->clock, 3);
  ASSERT_OK(uploader);
  auto outcome = w.station->sync->upload_waiting(**uploader, nullptr);
  ASSERT_OK(outcome);
  return *outcome;
}

std::string batch_of(World& w, int count, std::uint64_t seed) {
  w.station->seal(count, kImageBytes, seed);
  auto made = w.station->sync->make_batches();
  ASSERT_OK(made);
  assert_int_equal(made->size(), 1);
  return made->front();
}

void the_receipt_echoes_the_head_the_batch_carried(void** state) {
  auto& w = *static_cast<World*>(*state);
  const std::string batch = batch_of(w, 2, 31);
  auto content = w.station->store->batch_content(batch);
  ASSERT_OK(content);
  auto opened = sync::open_batch(*content, w.station->sync->station_trust());
  ASSERT_OK(opened);
  const auto carried = opened->manifest.audit_head;
  assert_true(carried.seq > 0);
  auto report = w.station->store->verify_audit();
  ASSERT_OK(report);
  assert_true(report->last_signed_seq >= carried.seq);

  auto outcome = upload(w);
  assert_int_equal(outcome.uploaded, 1);
  auto receipt = w.station->store->receipt_content(batch);
  ASSERT_OK(receipt);
  // Judged by openssl, not by our code: a valid CMS from the registry's receipt key.
  const fs::path cms = w.station->dir.path() / "receipt.cms", out = w.station->dir.path() / "receipt.json";
  write_bytes(cms, *receipt);
  std::string err;
  if (!openssl({"cms", "-verify", "-binary", "-inform", "DER", "-in", cms.string(), "-CAfile",
                (pki() / "registry" / "ca.cert.pem").string(), "-purpose", "any", "-out", out.string()},
               &err))
    fail_msg("openssl cms -verify refused the receipt: %s", err.c_str());
  auto bytes = read_bytes(out);
  auto json = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (!json.is_object() || !json.contains("audit_head") || !json["audit_head"].is_object())
    fail_msg("the receipt echoes no audit head: %s", std::string(bytes.begin(), bytes.end()).c_str());
  assert_int_equal(json["audit_head"]["seq"].get<std::int64_t>(), carried.seq);
  assert_string_equal(json["audit_head"]["sha256"].get<std::string>().c_str(), hal::to_hex(carried.digest).c_str());
  report = w.station->store->verify_audit();
  ASSERT_OK(report);
  if (report->broken) fail_msg("%s", report->broken->reason.c_str());
  assert_int_equal(report->acknowledged_seq, carried.seq);
}

void a_log_cut_back_below_a_sent_head_is_refused_by_the_registry(void** state) {
  auto& w = *static_cast<World*>(*state);
  const std::string first = batch_of(w, 2, 41);
  assert_int_equal(upload(w).uploaded, 1);
  auto before = w.station->store->verify_audit();
  ASSERT_OK(before);
  const std::int64_t sent = before->acknowledged_seq;
  assert_true(sent > 3);
  {
    // Someone with the disk cuts the log back to entry 3, heads and
    // acknowledgement included, so that it looks whole again.
    store_test::RawDb raw(w.station->db_path());
    raw.exec("DROP TRIGGER audit_keeps_unacknowledged; DROP TRIGGER audit_heads_are_kept;"
             "DELETE FROM audit WHERE seq > 3; DELETE FROM audit_heads;"
             "UPDATE audit_state SET last_seq = 3, last_hash = (SELECT hash FROM audit WHERE seq = 3), "
             "acknowledged_seq = 0, acknowledged_head = zeroblob(32)");
  }
  auto report = w.station->store->verify_audit();
  ASSERT_OK(report);
  if (!report->broken) fail_msg("the cut went unnoticed by audit verify");
  assert_non_null(strstr(report->broken->reason.c_str(), ("batch " + first).c_str()));

  // The station goes on; its next batch carries a head behind the one sent.
  const std::string second = batch_of(w, 1, 42);
  auto outcome = upload(w);
  assert_int_equal(outcome.uploaded, 0);
  assert_int_equal(outcome.failed, 1);
  if (outcome.errors.front().find("its audit log was rolled back") == std::string::npos)
    fail_msg("expected the registry to name the rollback, got: %s", outcome.errors.front().c_str());
  assert_int_equal(w.registry.count("SELECT COUNT(*) FROM batches"), 1);
  print_message("batch %s after the cut: %s\n", second.c_str(), outcome.errors.front().c_str());
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(the_receipt_echoes_the_head_the_batch_carried, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_log_cut_back_below_a_sent_head_is_refused_by_the_registry, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
