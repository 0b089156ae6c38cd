// The store on the station's real kind of key store: a SoftHSM2 token made by
// tests/rig/make-token, through libp11 and OpenSSL's pkcs11 engine. Data keys
// unwrap inside the token; seals and audit heads are ECDSA signatures of the
// token's key, checked here against the token's certificate by the test's own
// OpenSSL code; and the station program reads the store through the token.
#include "drivers/key_store_factory.hpp"
#include "expect_error.hpp"
#include "openssl_fixtures.hpp"
#include "store_fixture.hpp"
#include "officer_desk.hpp"
#include "subprocess.hpp"
#include "token_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;

// One token per program: the PKCS#11 engine serves one module per process,
// and SoftHSM2 reads its configuration once.
struct SharedToken {
  keys_test::Token token;
  std::unique_ptr<hal::KeyStore> keys;
};

SharedToken& shared_token() {
  static SharedToken shared;
  return shared;
}

int make_token(void**) {
  auto& shared = shared_token();
  if (!shared.token.make()) return -1;
  auto keys = drivers::keys::open_pkcs11_token({drivers::keys::kDefaultPkcs11Module, keys_test::kTokenLabel, keys_test::kUserPin});
  if (!keys) {
    print_error("%s\n", keys.error().describe().c_str());
    return -1;
  }
  shared.keys = std::move(keys).value();
  return 0;
}

int drop_token(void**) {
  shared_token().keys.reset();
  return 0;
}

struct TokenFixture {
  keys_test::TempDir dir;
  hal::KeyStore* keys = shared_token().keys.get();
  std::unique_ptr<hal::FakeClock> clock = test_clock();
  std::unique_ptr<Store> store;
  fs::path db() const { return dir.path() / "station.db"; }
};

TokenFixture& fixture(void** state) { return **reinterpret_cast<TokenFixture**>(state); }

int set_up(void** state) {
  auto f = std::make_unique<TokenFixture>();
  auto store = Store::open(options_for(f->db()), f->keys, *f->clock);
  if (!store) {
    print_error("%s\n", store.error().describe().c_str());
    return -1;
  }
  f->store = std::move(store).value();
  *state = f.release();
  return 0;
}

int tear_down(void** state) {
  delete &fixture(state);
  return 0;
}

void append_u32(hal::Bytes& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

// README.md: "station seal v1" || u32 len || dossier id || content hash.
hal::Bytes documented_seal_message(const std::string& id, const hal::Bytes& hash) {
  std::string domain = "station seal v1";
  hal::Bytes message(domain.begin(), domain.end());
  append_u32(message, static_cast<std::uint32_t>(id.size()));
  message.insert(message.end(), id.begin(), id.end());
  message.insert(message.end(), hash.begin(), hash.end());
  return message;
}

void dossiers_round_trip_through_the_token(void** state) {
  auto& f = fixture(state);
  auto d = complete_dossier(110000, 81);
  auto id = sealed_dossier(*f.store, d);
  f.store->forget_keys();  // the next read unwraps inside the token
  auto loaded = f.store->load(id);
  ASSERT_OK(loaded);
  assert_true(loaded->demographics == d.demographics);
  assert_true(loaded->fingers == d.fingers);
  RawDb raw(f.db());
  assert_int_equal(raw.blob("SELECT wrapped_key FROM dossiers").size(), 256);  // RSA-2048 OAEP
  auto certificate = f.keys->certificate("station-ec");
  ASSERT_OK(certificate);
  assert_true(keys_test::verifies(*certificate,
                                  documented_seal_message(id, raw.blob("SELECT content_hash FROM dossiers")),
                                  raw.blob("SELECT seal_signature FROM dossiers"), hal::SignatureScheme::kEcdsaSha256));
}

void a_changed_wrapped_key_fails_in_the_token(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(2200, 82));
  RawDb raw(f.db());
  const hal::Bytes original = raw.blob("SELECT wrapped_key FROM dossiers");
  for (std::size_t i = 0; i < original.size(); i += 17) {
    hal::Bytes changed = original;
    changed[i] ^= 0x80;
    raw.set_blob("UPDATE dossiers SET wrapped_key = ?", changed);
    f.store->forget_keys();
    EXPECT_ERROR(f.store->load(id), ErrorCode::kCorrupt, "the data key of dossier " + id + " does not unwrap with key 'station-rsa'");
  }
  raw.set_blob("UPDATE dossiers SET wrapped_key = ?", original);
  f.store->forget_keys();
  ASSERT_OK(f.store->load(id));
}

void audit_heads_carry_the_token_signature(void** state) {
  auto& f = fixture(state);
  sealed_dossier(*f.store, complete_dossier(2200, 83));
  auto head = f.store->sign_audit_head();
  ASSERT_OK(head);
  assert_int_equal(head->seq, 14);
  // The first head (format 2, store/README.md): nothing acknowledged,
  // nothing pruned, no head before it; "none" is 32 zero bytes.
  std::string domain = "station audit head v2";
  hal::Bytes message(domain.begin(), domain.end());
  const hal::Bytes none(32, 0);
  append_u32(message, 0);
  append_u32(message, 14);
  message.insert(message.end(), head->hash.begin(), head->hash.end());
  for (int field = 0; field < 3; ++field) {
    append_u32(message, 0);
    append_u32(message, 0);
    message.insert(message.end(), none.begin(), none.end());
  }
  auto certificate = f.keys->certificate("station-ec");
  ASSERT_OK(certificate);
  assert_true(keys_test::verifies(*certificate, message, head->signature, hal::SignatureScheme::kEcdsaSha256));
  auto report = f.store->verify_audit();
  ASSERT_OK(report);
  assert_false(report->broken.has_value());
  assert_int_equal(report->heads_checked, 1);
}

std::string write_config(const TokenFixture& f) {
  fs::path path = f.dir.path() / "station.toml";
  std::ofstream(path) << "[keys]\nbackend = \"pkcs11\"\ntoken = \"station\"\n[store]\npath = \"" << f.db().string()
                      << "\"\nstation_id = \"" << kStation
                      << "\"\n[officers]\npin_hash_passes = 1\npin_hash_memory_kib = 1024\n";
  return path.string();
}

void the_station_program_reads_through_the_token(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(2200, 84));
  ASSERT_OK(f.store->sign_audit_head());
  auto config = write_config(f);
  testing_support::OfficerDesk desk(STATION_BINARY, config, f.dir.path());
  desk.set_env("STATION_TOKEN_PIN", keys_test::kUserPin);
  desk.add("TECH-01", "technician", "135790", 11);
  desk.add("SUP-01", "supervisor", "555555", 55, "TECH-01", "135790", 11);
  desk.add("CA-0412", "officer", "246802", 22, "TECH-01", "135790", 11);
  desk.activate("CA-0412", "SUP-01", "555555", 55);
  auto show = desk.run({"dossier", "show", id.substr(0, 8), "--as", "CA-0412"}, "246802\n", {22});
  assert_int_equal(show.exit_code, 0);
  assert_true(testing_support::contains(show.out, "Full name:          Nguyễn Thị Minh Khai"));
  auto verify = testing_support::run({STATION_BINARY, "--config", config, "audit", "verify"},
                                     {{"STATION_TOKEN_PIN", keys_test::kUserPin}});
  assert_int_equal(verify.exit_code, 0);
  assert_true(testing_support::contains(verify.out, "1 signed heads verified"));
  desk.set_env("STATION_TOKEN_PIN", "999999");
  auto wrong_pin = desk.run({"dossier", "show", id, "--as", "CA-0412"}, "246802\n", {22});
  assert_int_equal(wrong_pin.exit_code, 7);
  assert_true(testing_support::contains(wrong_pin.err, "PIN"));
  desk.set_env("STATION_TOKEN_PIN", keys_test::kUserPin);
  auto deep = desk.run({"store", "check", "--decrypt", "--as", "CA-0412"}, "246802\n", {22});
  assert_int_equal(deep.exit_code, 0);
  assert_true(testing_support::contains(deep.out, "12 decrypted and authenticated"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(dossiers_round_trip_through_the_token, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_changed_wrapped_key_fails_in_the_token, set_up, tear_down),
      cmocka_unit_test_setup_teardown(audit_heads_carry_the_token_signature, set_up, tear_down),
      cmocka_unit_test_setup_teardown(the_station_program_reads_through_the_token, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_token, drop_token);
}
