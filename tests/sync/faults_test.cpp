// Upload against a registry simulator that misbehaves, one switch at a time
// (tests/rig/registry/README.md): a real HTTPS server on loopback with mutual
// TLS, its own SQLite file. Each test checks what the officer would see (the
// store's states and last error) and what the registry holds (its database),
// never the uploader's internals alone.
#include <cstring>

#include "sync_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace sync_test;
using station::store::DossierState;
namespace sync = station::sync;

constexpr std::size_t kImageBytes = 150 * 1000;  // a batch of 4 is about 640 KB: ten 64 KiB chunks

struct World {
  std::unique_ptr<Station> station;
  RegistrySim registry;
  std::vector<std::string> dossiers;
  std::string batch;
};

int set_up(void** state) {
  auto w = std::make_unique<World>();
  w->station = make_station("field-01");
  w->dossiers = w->station->seal(4, kImageBytes, 11);
  auto made = w->station->sync->make_batches();
  ASSERT_OK(made);
  assert_int_equal(made->size(), 1);
  w->batch = made->front();
  *state = w.release();
  return 0;
}

int tear_down(void** state) {
  delete static_cast<World*>(*state);
  return 0;
}

World& world(void** state) { return *static_cast<World*>(*state); }

sync::UploadOutcome upload(World& w, sync::UploadPolicy policy = test_policy()) {
  auto uploader = sync::Uploader::create(w.station->endpoint(w.registry.port()), policy, *w.station->clock, 7);
  ASSERT_OK(uploader);
  auto outcome = w.station->sync->upload_waiting(**uploader, nullptr);
  ASSERT_OK(outcome);
  return *outcome;
}

std::int64_t registry_count(World& w, const std::string& table) {
  return w.registry.count("SELECT COUNT(*) FROM " + table);
}

int state_of(World& w, const std::string& id) {
  auto s = w.station->store->summary(id);
  ASSERT_OK(s);
  return static_cast<int>(s->state);
}

void assert_all(World& w, DossierState expected) {
  for (const auto& id : w.dossiers) assert_int_equal(state_of(w, id), static_cast<int>(expected));
}

// Delivered exactly once: every dossier once in the registry, each in the
// station's own state delivered, the batch receipted.
void assert_delivered_once(World& w) {
  assert_int_equal(registry_count(w, "dossiers"), static_cast<std::int64_t>(w.dossiers.size()));
  assert_int_equal(registry_count(w, "batches"), 1);
  assert_all(w, DossierState::kDelivered);
  auto info = w.station->store->batch_info(w.batch);
  ASSERT_OK(info);
  assert_true(info->receipted);
  assert_string_equal(info->last_error.c_str(), "");
}

std::string last_error(World& w) {
  auto info = w.station->store->batch_info(w.batch);
  ASSERT_OK(info);
  return info->last_error;
}

std::int64_t batch_bytes(World& w) {
  auto info = w.station->store->batch_info(w.batch);
  ASSERT_OK(info);
  return info->bytes;
}

void dropped_connections_resume_by_offset(void** state) {
  auto& w = world(state);
  w.registry.start({"--drop-after", "30000", "--drop-times", "3"});
  auto outcome = upload(w);
  assert_int_equal(outcome.uploaded, 1);
  assert_int_equal(outcome.totals.failures, 3);
  // Each drop costs at most the rest of its chunk, never the whole batch.
  const auto chunk = static_cast<std::uint64_t>(test_policy().chunk_bytes);
  assert_true(outcome.totals.bytes_resent <= 3 * chunk);
  assert_true(outcome.totals.bytes_sent < static_cast<std::uint64_t>(batch_bytes(w)) + 3 * chunk);
  print_message("3 drops after 30000 bytes: %llu of %lld bytes sent again\n",
                static_cast<unsigned long long>(outcome.totals.bytes_resent), static_cast<long long>(batch_bytes(w)));
  assert_delivered_once(w);
}

void server_errors_are_retried(void** state) {
  auto& w = world(state);
  w.registry.start({"--fail-status", "500", "--fail-times", "3"});
  auto outcome = upload(w);
  assert_int_equal(outcome.uploaded, 1);
  assert_int_equal(outcome.totals.failures, 3);
  assert_delivered_once(w);
  // 503 (overloaded) on a second batch.
  w.registry.stop();
  auto more = w.station->seal(1, 5000, 99);
  ASSERT_OK(w.station->sync->make_batches());
  w.registry.start({"--fail-status", "503", "--fail-times", "2"});
  outcome = upload(w);
  assert_int_equal(outcome.uploaded, 1);
  assert_int_equal(outcome.totals.failures, 2);
  assert_int_equal(registry_count(w, "dossiers"), static_cast<std::int64_t>(w.dossiers.size() + 1));
  assert_int_equal(state_of(w, more.front()), static_cast<int>(DossierState::kDelivered));
}

void errors_past_the_budget_keep_the_batch_queued(void** state) {
  auto& w = world(state);
  w.registry.start({"--fail-status", "503", "--fail-times", "0"});
  auto policy = test_policy();
  policy.max_attempts = 4;
  auto outcome = upload(w, policy);
  assert_int_equal(outcome.uploaded, 0);
  assert_int_equal(outcome.failed, 1);
  assert_int_equal(outcome.totals.failures, 4);
  assert_non_null(strstr(last_error(w).c_str(), "could not be reached"));
  assert_non_null(strstr(last_error(w).c_str(), "503"));
  assert_all(w, DossierState::kBatched);
  assert_int_equal(registry_count(w, "dossiers"), 0);
  w.registry.stop();
  w.registry.start();
  assert_int_equal(upload(w).uploaded, 1);
  assert_delivered_once(w);
}

void a_stalled_link_times_out_and_resumes(void** state) {
  auto& w = world(state);
  // libcurl averages speed over its last 5 s, so a stall is noticed after
  // up to 5 s + the 2 s stall timeout. The registry stalls for two minutes,
  // far beyond what a loaded client needs to notice (it stalled 15 s before,
  // close enough to race); a client that never notices still fails the
  // assertions, once the stall ends, rather than hanging the test.
  w.registry.start({"--stall-seconds", "120", "--stall-times", "1"});
  auto outcome = upload(w);
  assert_int_equal(outcome.uploaded, 1);
  assert_int_equal(outcome.totals.failures, 1);
  assert_delivered_once(w);
}

void bad_receipts_change_nothing(void** state) {
  auto& w = world(state);
  // tls-key, encryption-key: keys the registry CA certified for other work.
  for (const char* kind : {"bad-signature", "foreign", "rogue", "tls-key", "encryption-key"}) {
    w.registry.start({"--receipt", kind});
    auto outcome = upload(w);
    assert_int_equal(outcome.failed, 1);
    assert_int_equal(outcome.uploaded, 0);
    assert_non_null(strstr(last_error(w).c_str(), "receipt"));
    assert_all(w, DossierState::kBatched);
    auto info = w.station->store->batch_info(w.batch);
    ASSERT_OK(info);
    assert_false(info->receipted);
    w.registry.stop();
  }
  // The registry took the batch once; its genuine receipt then applies.
  w.registry.start();
  assert_int_equal(upload(w).uploaded, 1);
  assert_delivered_once(w);
}

void a_registry_crash_mid_upload_resumes_after_restart(void** state) {
  auto& w = world(state);
  w.registry.start({"--exit-after-bytes", "200000"});
  auto policy = test_policy();
  policy.max_attempts = 3;
  auto first = upload(w, policy);
  assert_int_equal(first.failed, 1);
  assert_false(w.registry.running());
  assert_non_null(strstr(last_error(w).c_str(), "could not be reached"));
  assert_all(w, DossierState::kBatched);
  w.registry.start();  // same port, same database
  auto second = upload(w);
  assert_int_equal(second.uploaded, 1);
  // Resumed where the registry's database stopped, not from the start.
  const auto total = static_cast<std::uint64_t>(batch_bytes(w));
  assert_true(second.totals.bytes_sent < total - 150000);
  print_message("after the crash: %llu of %llu bytes sent\n", static_cast<unsigned long long>(second.totals.bytes_sent),
                static_cast<unsigned long long>(total));
  assert_delivered_once(w);
}

void the_same_batch_twice_is_taken_once(void** state) {
  auto& w = world(state);
  w.registry.start();
  auto content = w.station->store->batch_content(w.batch);
  ASSERT_OK(content);
  auto info = w.station->store->batch_info(w.batch);
  ASSERT_OK(info);
  auto uploader = sync::Uploader::create(w.station->endpoint(w.registry.port()), test_policy(), *w.station->clock, 1);
  ASSERT_OK(uploader);
  sync::UploadReport first_report, second_report;
  auto first = (*uploader)->upload(w.batch, *content, info->hash, nullptr, &first_report);
  ASSERT_OK(first);
  auto second = (*uploader)->upload(w.batch, *content, info->hash, nullptr, &second_report);
  ASSERT_OK(second);
  assert_true(*first == *second);
  assert_int_equal(second_report.bytes_sent, 0);
  assert_int_equal(registry_count(w, "dossiers"), static_cast<std::int64_t>(w.dossiers.size()));
  // Another content under the same id is refused, not merged.
  hal::Bytes changed = *content;
  changed[changed.size() / 2] ^= 1;
  auto other = (*uploader)->upload(w.batch, changed, hal::Bytes(32, 0x11), nullptr, nullptr);
  assert_false(other.ok());
  assert_int_equal(static_cast<int>(other.error().code), static_cast<int>(hal::ErrorCode::kAlreadyExists));
  ASSERT_OK(w.station->sync->apply_receipt(*first, "upload"));
  ASSERT_OK(w.station->sync->apply_receipt(*second, "upload"));
  assert_delivered_once(w);
}

void a_skewed_station_clock_is_named(void** state) {
  auto& w = world(state);
  w.registry.start();
  const auto real = std::chrono::system_clock::now();
  w.station->clock->set_wall(real + std::chrono::hours(2));
  auto outcome = upload(w);
  assert_int_equal(outcome.failed, 1);
  assert_int_equal(outcome.totals.failures, 0);  // not retried: waiting does not set a clock
  const std::string error = last_error(w);
  assert_non_null(strstr(error.c_str(), "date and time are wrong"));
  assert_non_null(strstr(error.c_str(), "2 h 0 min ahead of the registry's"));
  assert_int_equal(registry_count(w, "uploads"), 0);
  assert_all(w, DossierState::kBatched);
  w.station->clock->set_wall(real - std::chrono::minutes(20));
  upload(w);
  assert_non_null(strstr(last_error(w).c_str(), "20 min behind"));
  w.station->clock->set_wall(std::chrono::system_clock::now() + std::chrono::seconds(90));  // within 5 min
  assert_int_equal(upload(w).uploaded, 1);
  assert_delivered_once(w);
}

void an_unknown_station_is_refused_at_once(void** state) {
  auto& w = world(state);
  w.registry.start();
  auto rogue = make_station("rogue");
  rogue->seal(1, 5000, 3);
  ASSERT_OK(rogue->sync->make_batches());
  auto uploader = sync::Uploader::create(rogue->endpoint(w.registry.port()), test_policy(), *rogue->clock, 1);
  ASSERT_OK(uploader);
  auto outcome = rogue->sync->upload_waiting(**uploader, nullptr);
  ASSERT_OK(outcome);
  // TLS 1.3 refuses a client certificate after the client's handshake is
  // done, so libcurl sometimes meets the refusal as a dropped connection
  // and retries it; either way nothing reaches the registry.
  assert_int_equal(outcome->failed, 1);
  assert_int_equal(registry_count(w, "uploads"), 0);
}

// The station judges its own certificate's dates before it connects: the
// registry's TLS 1.3 refusal comes after the handshake and is often lost to
// the reset that follows, which would read as a network fault and be retried.
void an_expired_station_certificate_is_named_before_connecting(void** state) {
  auto& w = world(state);
  w.registry.start();
  auto expired = make_station("expired-01");
  expired->seal(1, 5000, 5);
  auto made = expired->sync->make_batches();
  ASSERT_OK(made);
  auto uploader = sync::Uploader::create(expired->endpoint(w.registry.port()), test_policy(), *expired->clock, 1);
  ASSERT_OK(uploader);
  auto outcome = expired->sync->upload_waiting(**uploader, nullptr);
  ASSERT_OK(outcome);
  assert_int_equal(outcome->failed, 1);
  assert_int_equal(outcome->totals.failures, 0);  // not retried
  assert_int_equal(outcome->totals.requests, 0);  // nothing was sent
  auto info = expired->store->batch_info(made->front());
  ASSERT_OK(info);
  assert_non_null(strstr(info->last_error.c_str(), "TLS certificate"));
  assert_non_null(strstr(info->last_error.c_str(), "expired on 2021-01-01"));
  assert_non_null(strstr(info->last_error.c_str(), "call a technician"));
  assert_int_equal(registry_count(w, "uploads"), 0);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(dropped_connections_resume_by_offset, set_up, tear_down),
      cmocka_unit_test_setup_teardown(server_errors_are_retried, set_up, tear_down),
      cmocka_unit_test_setup_teardown(errors_past_the_budget_keep_the_batch_queued, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_stalled_link_times_out_and_resumes, set_up, tear_down),
      cmocka_unit_test_setup_teardown(bad_receipts_change_nothing, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_registry_crash_mid_upload_resumes_after_restart, set_up, tear_down),
      cmocka_unit_test_setup_teardown(the_same_batch_twice_is_taken_once, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_skewed_station_clock_is_named, set_up, tear_down),
      cmocka_unit_test_setup_teardown(an_unknown_station_is_refused_at_once, set_up, tear_down),
      cmocka_unit_test_setup_teardown(an_expired_station_certificate_is_named_before_connecting, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
