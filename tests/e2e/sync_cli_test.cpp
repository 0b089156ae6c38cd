// `station sync | export | import | receipts` as officers run them, against
// the registry simulator (real HTTPS, mutual TLS) and folders standing for
// removable media: the field station's batches travel on media to a
// district relay, which uploads them; the receipts travel back and the
// field station marks its dossiers delivered and purges them. Also: an
// expired certificate, a full medium, and `sync status` saying what waits.
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "cmocka.hpp"
#include "subprocess.hpp"
#include "station/sync/batch.hpp"
#include "sync_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using station::store::DossierState;
using testing_support::contains;

struct Cli {
  fs::path config;

  testing_support::RunResult operator()(std::vector<std::string> args) const {
    args.insert(args.begin(), {STATION_BINARY, "--config", config.string()});
    return testing_support::run(args, {}, std::chrono::seconds(120));
  }
};

void expect_exit(const testing_support::RunResult& r, int code) {
  if (r.exit_code != code) fail_msg("exit %d, wanted %d\nstdout: %s\nstderr: %s", r.exit_code, code, r.out.c_str(), r.err.c_str());
}

void expect_in(const std::string& text, const std::string& words) {
  if (!contains(text, words)) fail_msg("'%s' not in:\n%s", words.c_str(), text.c_str());
}

Cli configure(const sync_test::Station& s, int port, int retention_days = 0) {
  return {sync_test::write_config(s, port, retention_days)};
}

// Seals dossiers in the station's store, then lets go of it for the CLI.
std::vector<std::string> seal_and_close(sync_test::Station& s, int count, std::uint64_t seed) {
  auto ids = s.seal(count, 30000, seed);
  s.sync.reset();
  s.store.reset();
  return ids;
}

DossierState state_of(sync_test::Station& s, const std::string& id) {
  s.reopen();
  auto summary = s.store->summary(id);
  ASSERT_OK(summary);
  DossierState state = summary->state;
  s.sync.reset();
  s.store.reset();
  return state;
}

void field_to_relay_to_registry_and_back(void**) {
  sync_test::RegistrySim registry;
  registry.start();
  auto field = sync_test::make_station("field-01");
  auto relay = sync_test::make_station("district-01");
  const auto ids = seal_and_close(*field, 3, 100);
  relay->sync.reset();
  relay->store.reset();
  const Cli field_cli = configure(*field, 0);
  const Cli relay_cli = configure(*relay, registry.port());
  keys_test::TempDir media;

  auto r = field_cli({"sync", "status"});
  expect_exit(r, 0);
  expect_in(r.out, "3 sealed dossiers wait to be batched");
  r = field_cli({"export", "--to", (media.path() / "out").string()});
  expect_exit(r, 0);
  expect_in(r.out, "Wrote 1 batch(es) to");
  expect_in(r.out, "field-01-000001");
  assert_true(fs::exists(media.path() / "out" / "field-01-000001.batch"));
  r = field_cli({"--json", "sync", "status"});
  expect_exit(r, 0);
  expect_in(r.out, "\"id\": \"field-01-000001\"");

  r = relay_cli({"import", "--from", (media.path() / "out").string()});
  expect_exit(r, 0);
  expect_in(r.out, "Took in 1 batch(es)");
  r = relay_cli({"sync", "--once"});
  expect_exit(r, 0);
  expect_in(r.out, "Receipt for batch field-01-000001");
  expect_in(r.out, "3 dossiers accepted, 0 rejected");
  for (const auto& id : ids) expect_in(r.out, "accepted  " + id);
  assert_int_equal(registry.count("SELECT count(*) FROM dossiers"), 3);
  r = relay_cli({"receipts", "export", "--to", (media.path() / "back").string()});
  expect_exit(r, 0);
  expect_in(r.out, "Wrote 1 receipt(s)");

  assert_int_equal(static_cast<int>(state_of(*field, ids[0])), static_cast<int>(DossierState::kBatched));
  r = field_cli({"receipts", "import", "--from", (media.path() / "back").string()});
  expect_exit(r, 0);
  expect_in(r.out, "Applied 1 receipt(s)");
  expect_in(r.out, "Biometrics purged from 3 delivered dossiers");
  for (const auto& id : ids) assert_int_equal(static_cast<int>(state_of(*field, id)), static_cast<int>(DossierState::kPurged));
  // The same receipts again change nothing and say why.
  r = field_cli({"receipts", "import", "--from", (media.path() / "back").string()});
  expect_in(r.out + r.err, "field-01-000001");
  r = field_cli({"sync", "status"});
  expect_exit(r, 0);
  expect_in(r.out, "No batch waits for the registry");
}

void direct_upload_and_refusals(void**) {
  sync_test::RegistrySim registry;
  registry.start();
  auto expired = sync_test::make_station("expired-01");
  seal_and_close(*expired, 2, 200);
  const Cli cli = configure(*expired, registry.port());
  auto r = cli({"sync", "--once"});
  assert_int_not_equal(r.exit_code, 0);
  // Said the same way every time, not as a lost connection: the station
  // reads its own certificate's dates before it connects.
  expect_in(r.out + r.err, "TLS certificate");
  expect_in(r.out + r.err, "expired on 2021-01-01");
  r = cli({"sync", "status"});
  expect_exit(r, 0);
  expect_in(r.out, "expired-01-000001");
  expect_in(r.out, "call a technician");
  assert_int_equal(registry.count("SELECT count(*) FROM dossiers"), 0);

  auto offline = sync_test::make_station("field-01");
  seal_and_close(*offline, 1, 300);
  const Cli no_network = configure(*offline, 0);
  r = no_network({"sync", "--once"});
  assert_int_not_equal(r.exit_code, 0);
  expect_in(r.err, "registry_url is not set");
  r = no_network({"import", "--from", "/nonexistent/media"});
  assert_int_not_equal(r.exit_code, 0);
  expect_in(r.err, "/nonexistent/media");
}

// A medium too small for the batch: a clear error, the batch still queued,
// no partial file left, and a later export to a bigger medium works.
void a_full_medium_loses_nothing(void**) {
  auto field = sync_test::make_station("field-01");
  seal_and_close(*field, 4, 400);
  const Cli cli = configure(*field, 0);
  keys_test::TempDir media;
  const fs::path small = media.path() / "small";
  fs::create_directories(small);
  if (mount("tmpfs", small.c_str(), "tmpfs", 0, "size=64k") != 0)
    fail_msg("cannot mount a 64 KiB tmpfs (the test needs root, as toolchain/check runs): %s", std::strerror(errno));
  auto r = cli({"export", "--to", small.string()});
  umount(small.c_str());
  expect_exit(r, 9);
  expect_in(r.err, "full");
  r = cli({"sync", "status"});
  expect_in(r.out, "field-01-000001");
  expect_in(r.out, "not sent yet");
  r = cli({"export", "--to", (media.path() / "big").string()});
  expect_exit(r, 0);
  expect_in(r.out, "Wrote 1 batch(es)");
}

// Station and batch ids from a medium become file names at the relay: a
// manifest naming station "../../../x" (validly signed) is refused at import
// with the reason, and nothing is then written outside the export folder.
void a_hostile_station_id_on_a_medium_writes_nothing_outside(void**) {
  auto field = sync_test::make_station("field-01");
  auto relay = sync_test::make_station("district-01");
  keys_test::TempDir work;
  const std::string hostile = "../../../x";
  const std::string id = station::sync::batch_id_for(hostile, 1);
  station::sync::Manifest header{id, hostile, 1, hal::Bytes(32, 0), "2026-01-01T00:00:00Z", {}, {}};
  auto batch = station::sync::build_batch(header, {{"d-1", hal::Bytes(100, 1)}},
                                          sync_test::certificate_der(sync_test::pki() / "registry" / "encryption.cert.pem"),
                                          {field->keys.get(), "station-ec", std::chrono::system_clock::now()});
  ASSERT_OK(batch);
  // The index names the file by the same id, which climbs out of the medium.
  const fs::path medium = work.path() / "a" / "b" / "c" / "medium";
  sync_test::write_medium(*field, medium, {{id, batch->bytes}});
  // A second medium names the file plainly; only the manifest inside is hostile.
  const fs::path plain = work.path() / "plain";
  sync_test::write_medium(*field, plain, {{"x-000001", batch->bytes}});
  relay->sync.reset();
  relay->store.reset();
  const Cli relay_cli = configure(*relay, 0);

  auto r = relay_cli({"import", "--from", medium.string()});
  assert_int_not_equal(r.exit_code, 0);
  expect_in(r.out + r.err, "'../../../x-000001' is not a batch id");
  r = relay_cli({"import", "--from", plain.string()});
  assert_int_not_equal(r.exit_code, 0);
  expect_in(r.out + r.err, "the manifest's station '../../../x' is not a station id");
  const fs::path out = work.path() / "p" / "q" / "r" / "export";
  r = relay_cli({"export", "--to", out.string()});
  expect_exit(r, 0);
  // The test itself put the hostile file where the medium's index points.
  const fs::path planted = (medium / (id + ".batch")).lexically_normal();
  std::vector<std::string> written;
  for (const auto& entry : fs::recursive_directory_iterator(work.path())) {
    const auto path = entry.path().lexically_normal();
    if (path.extension() == ".batch" && path != planted && !path.string().starts_with(plain.string()))
      written.push_back(path.string());
  }
  if (!written.empty()) fail_msg("a batch file was written at %s", written.front().c_str());
  assert_true(fs::exists(out / "INDEX.cms"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(field_to_relay_to_registry_and_back),
      cmocka_unit_test(direct_upload_and_refusals),
      cmocka_unit_test(a_full_medium_loses_nothing),
      cmocka_unit_test(a_hostile_station_id_on_a_medium_writes_nothing_outside),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
