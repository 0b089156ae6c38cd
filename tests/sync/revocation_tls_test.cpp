// The registry's TLS certificate against the registry CA's revocation list
// (`openssl ca -revoke/-gencrl`), through the real uploader and the registry
// simulator on loopback: listed, the connection is refused before any byte of
// a batch leaves, with a message naming the list; not listed, the upload goes
// through with the list in force.
#include <cstring>

#include "sync_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace sync_test;
using station::store::DossierState;
namespace sync = station::sync;

sync::UploadOutcome upload_with(Station& station, int port, const fs::path& crl) {
  auto endpoint = station.endpoint(port);
  endpoint.crl_file = crl.string();
  auto uploader = sync::Uploader::create(endpoint, test_policy(), *station.clock, 3);
  ASSERT_OK(uploader);
  auto outcome = station.sync->upload_waiting(**uploader, nullptr);
  ASSERT_OK(outcome);
  return *outcome;
}

void a_revoked_registry_tls_certificate_is_refused(void**) {
  auto station = make_station("field-01");
  const auto ids = station->seal(2, 5000, 31);
  ASSERT_OK(station->sync->make_batches());
  RegistrySim registry;
  registry.start();
  keys_test::TempDir work;

  const fs::path revoking =
      make_crl(work.path(), pki() / "registry", "tls", {.revoke = {pki() / "registry" / "tls.cert.pem"}});
  auto refused = upload_with(*station, registry.port(), revoking);
  assert_int_equal(refused.failed, 1);
  assert_int_equal(refused.totals.failures, 0);  // a trust failure is not retried
  const std::string& why = refused.errors.front();
  if (why.find("revocation list " + revoking.string() + " revokes") == std::string::npos)
    fail_msg("the refusal does not name the list: %s", why.c_str());
  assert_int_equal(registry.count("SELECT COUNT(*) FROM uploads"), 0);

  const fs::path clean = make_crl(work.path(), pki() / "registry", "clean", {});
  auto outcome = upload_with(*station, registry.port(), clean);
  if (outcome.uploaded != 1) fail_msg("upload with a clean list failed: %s", outcome.errors.front().c_str());
  for (const auto& id : ids)
    assert_int_equal(static_cast<int>(station->store->summary(id)->state), static_cast<int>(DossierState::kDelivered));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {cmocka_unit_test(a_revoked_registry_tls_certificate_is_refused)};
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
