// The station's TLS key inside a PKCS#11 token (SoftHSM2), as on a real
// station: the key is imported into the token with softhsm2-util, the file
// deleted, and libcurl signs the TLS 1.3 handshake through OpenSSL's pkcs11
// engine. A wrong PIN is refused at once with words that name the key.
#include <cstring>

#include "subprocess.hpp"
#include "sync_fixture.hpp"
#include "token_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace sync_test;
using station::store::DossierState;
namespace sync = station::sync;

constexpr const char* kKeyUri = "pkcs11:token=station;object=station-tls;type=private";

// Puts a TLS key into the token that Token::make pointed SOFTHSM2_CONF at.
void import_tls_key(const fs::path& key_file) {
  auto r = testing_support::run({"/usr/bin/softhsm2-util", "--import", key_file.string(), "--token", "station",
                                 "--label", "station-tls", "--id", "07", "--pin", keys_test::kUserPin},
                                {}, std::chrono::seconds(60));
  if (r.exit_code != 0) fail_msg("softhsm2-util --import failed: %s%s", r.out.c_str(), r.err.c_str());
}

void the_tls_key_signs_inside_the_token(void**) {
  keys_test::Token token;
  assert_true(token.make());
  auto station = make_station("field-01");
  const fs::path key_copy = station->dir.path() / "tls.key.pem";
  fs::copy_file(station->pki_dir() / "tls.key.pem", key_copy);
  import_tls_key(key_copy);
  fs::remove(key_copy);
  const auto ids = station->seal(2, 5000, 21);
  ASSERT_OK(station->sync->make_batches());
  RegistrySim registry;
  registry.start();

  auto endpoint = station->endpoint(registry.port());
  endpoint.key_engine = "pkcs11";
  endpoint.client_key = kKeyUri;
  endpoint.key_pin = std::make_shared<const hal::SecretString>("654321");
  auto wrong = sync::Uploader::create(endpoint, test_policy(), *station->clock, 1);
  ASSERT_OK(wrong);
  auto refused = station->sync->upload_waiting(**wrong, nullptr);
  ASSERT_OK(refused);
  assert_int_equal(refused->failed, 1);
  assert_int_equal(refused->totals.failures, 0);  // a wrong PIN is not retried
  assert_non_null(strstr(refused->errors.front().c_str(), "key"));
  assert_int_equal(registry.count("SELECT COUNT(*) FROM uploads"), 0);

  // The PIN travels beside the URI, never in it.
  auto with_pin_in_uri = endpoint;
  with_pin_in_uri.client_key = std::string(kKeyUri) + ";pin-value=" + keys_test::kUserPin;
  auto refused_uri = sync::Uploader::create(with_pin_in_uri, test_policy(), *station->clock, 1);
  assert_false(refused_uri.ok());
  assert_non_null(strstr(refused_uri.error().message.c_str(), "carries a PIN"));
  endpoint.key_pin = std::make_shared<const hal::SecretString>(keys_test::kUserPin);
  auto uploader = sync::Uploader::create(endpoint, test_policy(), *station->clock, 1);
  ASSERT_OK(uploader);
  auto outcome = station->sync->upload_waiting(**uploader, nullptr);
  ASSERT_OK(outcome);
  if (outcome->uploaded != 1) fail_msg("upload through the token failed: %s", outcome->errors.front().c_str());
  assert_int_equal(registry.count("SELECT COUNT(*) FROM dossiers"), 2);
  for (const auto& id : ids)
    assert_int_equal(static_cast<int>(station->store->summary(id)->state), static_cast<int>(DossierState::kDelivered));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {cmocka_unit_test(the_tls_key_signs_inside_the_token)};
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
