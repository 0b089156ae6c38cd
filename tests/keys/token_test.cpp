// The PKCS#11 backend on a real SoftHSM2 token made by make-token, through
// libp11 and OpenSSL's pkcs11 engine. The `openssl` tool, in its own process,
// checks every signature, encrypts what the token decrypts, and computes the
// other side of each ECDH.
#include "drivers/key_store_factory.hpp"
#include "drivers/pkcs11_tokens.hpp"
#include "expect_error.hpp"
#include "token_fixture.hpp"
#include "cmocka.hpp"

namespace {

namespace fs = std::filesystem;
using hal::ErrorCode;
using hal::KeyType;
using hal::SignatureScheme;
using keys_test::openssl;

struct Fixture {
  keys_test::Token token;
  std::unique_ptr<hal::KeyStore> store;
  fs::path work;
  std::string at(const char* name) const { return (work / name).string(); }
};

Fixture& fixture(void** state) { return **reinterpret_cast<Fixture**>(state); }

hal::Result<std::unique_ptr<hal::KeyStore>> open_token(std::string label, std::string pin = keys_test::kUserPin) {
  drivers::keys::Pkcs11Options options;
  options.token_label = std::move(label);
  options.pin = std::move(pin);
  return drivers::keys::open_pkcs11_token(options);
}

int set_up(void** state) {
  auto f = std::make_unique<Fixture>();
  if (!f->token.make()) return -1;
  auto store = open_token(keys_test::kTokenLabel);
  if (!store) {
    print_message("%s\n", store.error().describe().c_str());
    return -1;
  }
  f->store = std::move(*store);
  f->work = f->token.dir() / "work";
  fs::create_directories(f->work);
  *state = f.release();
  return 0;
}

int tear_down(void** state) {
  delete &fixture(state);
  return 0;
}

// Signs `message` with the token and has `openssl dgst` verify it against the
// token's certificate, after `openssl verify` has checked that certificate
// against make-token's CA.
bool openssl_verifies(Fixture& f, const char* key, const std::string& message, SignatureScheme scheme) {
  auto certificate = f.store->certificate(key);
  ASSERT_OK(certificate);
  keys_test::write_certificate_files(f.work, *certificate);
  assert_true(openssl({"verify", "-CAfile", (f.token.dir() / "ca.cert.pem").string(), f.at("cert.pem")}));
  auto signature = f.store->sign(key, hal::Bytes(message.begin(), message.end()), scheme);
  ASSERT_OK(signature);
  keys_test::write_bytes(f.work / "signature.bin", *signature);
  keys_test::write_bytes(f.work / "message.bin", hal::Bytes(message.begin(), message.end()));
  std::vector<std::string> arguments{"dgst", "-sha256", "-verify", f.at("pub.pem"), "-signature", f.at("signature.bin")};
  if (scheme == SignatureScheme::kRsaPssSha256) {
    arguments.insert(arguments.end(), {"-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sigopt",
                                       "rsa_mgf1_md:sha256"});
  }
  arguments.push_back(f.at("message.bin"));
  bool verified = openssl(arguments);
  // The same signature must not verify for another message.
  keys_test::write_bytes(f.work / "message.bin", hal::Bytes{'x'});
  assert_false(openssl(arguments));
  return verified;
}

const hal::KeyInfo* find_key(const std::vector<hal::KeyInfo>& keys, const char* id) {
  for (const auto& key : keys) {
    if (key.id == id) return &key;
  }
  return nullptr;
}

void list_tokens_shows_the_station_token(void**) {
  auto slots = drivers::keys::list_tokens(drivers::keys::kDefaultPkcs11Module);
  ASSERT_OK(slots);
  const drivers::keys::TokenInfo* station = nullptr;
  bool free_slot = false;
  for (const auto& slot : *slots) {
    if (slot.token_present && slot.label == keys_test::kTokenLabel) station = &slot;
    if (slot.token_present && !slot.initialized) free_slot = true;  // SoftHSM2 always offers one
  }
  assert_non_null(station);
  assert_true(station->initialized);
  assert_true(station->login_required);
  assert_false(station->user_pin_locked);
  assert_string_equal(station->manufacturer.c_str(), "SoftHSM project");
  assert_false(station->serial.empty());
  assert_true(free_slot);
}

void list_keys_shows_both_keys_with_their_certificates(void** state) {
  auto keys = fixture(state).store->list_keys();
  ASSERT_OK(keys);
  assert_int_equal(keys->size(), 2);
  const hal::KeyInfo* ec = find_key(*keys, "station-ec");
  const hal::KeyInfo* rsa = find_key(*keys, "station-rsa");
  assert_non_null(ec);
  assert_non_null(rsa);
  assert_int_equal(static_cast<int>(ec->type), static_cast<int>(KeyType::kEcP256));
  assert_int_equal(static_cast<int>(rsa->type), static_cast<int>(KeyType::kRsa));
  assert_true(ec->has_certificate && rsa->has_certificate);
  assert_string_equal(ec->token.c_str(), keys_test::kTokenLabel);
}

void ec_signature_verifies_with_openssl(void** state) {
  assert_true(openssl_verifies(fixture(state), "station-ec", "dossier 42 sealed", SignatureScheme::kEcdsaSha256));
}

void rsa_pkcs1_signature_verifies_with_openssl(void** state) {
  assert_true(openssl_verifies(fixture(state), "station-rsa", "batch 7", SignatureScheme::kRsaPkcs1Sha256));
}

void rsa_pss_signature_verifies_with_openssl(void** state) {
  assert_true(openssl_verifies(fixture(state), "station-rsa", "batch 8", SignatureScheme::kRsaPssSha256));
}

void token_decrypts_what_openssl_encrypted(void** state) {
  Fixture& f = fixture(state);
  auto certificate = f.store->certificate("station-rsa");
  ASSERT_OK(certificate);
  keys_test::write_certificate_files(f.work, *certificate);
  hal::Bytes content_key{0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};
  keys_test::write_bytes(f.work / "plain.bin", content_key);
  assert_true(openssl({"pkeyutl", "-encrypt", "-pubin", "-inkey", f.at("pub.pem"), "-pkeyopt", "rsa_padding_mode:oaep",
                       "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt", "rsa_mgf1_md:sha256", "-in", f.at("plain.bin"),
                       "-out", f.at("wrapped.bin")}));
  hal::Bytes wrapped = keys_test::read_bytes(f.work / "wrapped.bin");
  auto unwrapped = f.store->decrypt("station-rsa", wrapped);
  ASSERT_OK(unwrapped);
  assert_true(*unwrapped == content_key);

  wrapped[40] ^= 0x80;
  EXPECT_ERROR(f.store->decrypt("station-rsa", wrapped), ErrorCode::kCorrupt, "station-rsa");
}

void ecdh_agrees_with_openssl(void** state) {
  Fixture& f = fixture(state);
  auto certificate = f.store->certificate("station-ec");
  ASSERT_OK(certificate);
  keys_test::write_certificate_files(f.work, *certificate);
  assert_true(openssl({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", f.at("peer.pem")}));
  assert_true(openssl({"pkey", "-in", f.at("peer.pem"), "-pubout", "-outform", "DER", "-out", f.at("peer.der")}));
  assert_true(openssl({"pkeyutl", "-derive", "-inkey", f.at("peer.pem"), "-peerkey", f.at("pub.pem"), "-out",
                       f.at("secret.bin")}));
  auto ours = f.store->derive("station-ec", keys_test::read_bytes(f.work / "peer.der"));
  ASSERT_OK(ours);
  assert_int_equal(ours->size(), 32);
  assert_true(*ours == keys_test::read_bytes(f.work / "secret.bin"));
}

void public_key_is_the_one_certified(void** state) {
  Fixture& f = fixture(state);
  for (const char* key : {"station-ec", "station-rsa"}) {
    auto certificate = f.store->certificate(key);
    ASSERT_OK(certificate);
    keys_test::write_certificate_files(f.work, *certificate);
    assert_true(openssl({"pkey", "-pubin", "-in", f.at("pub.pem"), "-outform", "DER", "-out", f.at("spki.der")}));
    auto public_key = f.store->public_key(key);
    ASSERT_OK(public_key);
    assert_true(*public_key == keys_test::read_bytes(f.work / "spki.der"));
  }
}

void wrong_key_or_scheme_is_a_typed_error(void** state) {
  Fixture& f = fixture(state);
  hal::Bytes message{'m'};
  EXPECT_ERROR(f.store->sign("absent", message, SignatureScheme::kEcdsaSha256), ErrorCode::kNotFound,
               "no private key labelled 'absent' on token 'station' (keys: ");
  EXPECT_ERROR(f.store->certificate("absent"), ErrorCode::kNotFound, "absent");
  EXPECT_ERROR(f.store->sign("station-rsa", message, SignatureScheme::kEcdsaSha256), ErrorCode::kUnsupported,
               "key 'station-rsa' on token 'station'");
  EXPECT_ERROR(f.store->sign("station-ec", message, SignatureScheme::kRsaPssSha256), ErrorCode::kUnsupported,
               "station-ec");
  EXPECT_ERROR(f.store->decrypt("station-ec", hal::Bytes(256, 1)), ErrorCode::kUnsupported, "RSA-OAEP");
  EXPECT_ERROR(f.store->derive("station-rsa", hal::Bytes{1}), ErrorCode::kUnsupported, "ECDH");
  EXPECT_ERROR(f.store->derive("station-ec", hal::Bytes{1, 2, 3}), ErrorCode::kInvalidArgument,
               "SubjectPublicKeyInfo");
}

void a_missing_token_is_unavailable(void**) {
  auto store = open_token("no-such-token");
  ASSERT_OK(store);  // the token may be plugged in later
  EXPECT_ERROR((*store)->list_keys(), ErrorCode::kUnavailable, "no token labelled 'no-such-token'");
  EXPECT_ERROR((*store)->sign("station-ec", hal::Bytes{'m'}, SignatureScheme::kEcdsaSha256), ErrorCode::kUnavailable,
               "tokens present: 'station'");
}

void a_missing_module_is_unavailable(void** state) {
  drivers::keys::Pkcs11Options options;
  options.module_path = "/usr/lib/no-such-pkcs11-module.so";
  options.token_label = keys_test::kTokenLabel;
  EXPECT_ERROR(drivers::keys::open_pkcs11_token(options), ErrorCode::kUnavailable, "no-such-pkcs11-module.so");
  EXPECT_ERROR(drivers::keys::list_tokens("/usr/lib/no-such-pkcs11-module.so"), ErrorCode::kUnavailable,
               "no-such-pkcs11-module.so");
  options.module_path = (fixture(state).token.dir() / "softhsm2.conf").string();  // a file, but no library
  EXPECT_ERROR(drivers::keys::open_pkcs11_token(options), ErrorCode::kUnavailable, "does not load: ");
  options.module_path = "/usr/lib/x86_64-linux-gnu/libcrypto.so.3";  // a library, but no PKCS#11 module
  EXPECT_ERROR(drivers::keys::open_pkcs11_token(options), ErrorCode::kUnavailable, "not a PKCS#11 module");
  options.module_path = drivers::keys::kDefaultPkcs11Module;
  options.token_label.clear();
  EXPECT_ERROR(drivers::keys::open_pkcs11_token(options), ErrorCode::kInvalidArgument, "token label");
}

// PKCS#11 initialisation is per process: a second user of the module (here
// `station devices` listing tokens, then a second store) must not end the
// first store's sessions when it finishes.
void other_users_of_the_module_leave_an_open_store_working(void** state) {
  Fixture& f = fixture(state);
  hal::Bytes message{'m'};
  ASSERT_OK(f.store->sign("station-ec", message, SignatureScheme::kEcdsaSha256));
  ASSERT_OK(drivers::keys::list_tokens(drivers::keys::kDefaultPkcs11Module));
  {
    auto second = open_token(keys_test::kTokenLabel);
    ASSERT_OK(second);
    ASSERT_OK((*second)->sign("station-rsa", message, SignatureScheme::kRsaPkcs1Sha256));
  }
  ASSERT_OK(f.store->sign("station-ec", message, SignatureScheme::kEcdsaSha256));
  ASSERT_OK(f.store->sign("station-rsa", message, SignatureScheme::kRsaPssSha256));
}

// The default path is a symlink; through its target it is the same module,
// sharing the store's session and OpenSSL's one pkcs11 engine.
void a_module_named_through_its_symlink_target_is_the_same_module(void** state) {
  Fixture& f = fixture(state);
  drivers::keys::Pkcs11Options options;
  options.module_path = fs::canonical(drivers::keys::kDefaultPkcs11Module).string();
  options.token_label = keys_test::kTokenLabel;
  options.pin = keys_test::kUserPin;
  {
    auto same = drivers::keys::open_pkcs11_token(options);
    ASSERT_OK(same);
    ASSERT_OK((*same)->sign("station-ec", hal::Bytes{'m'}, SignatureScheme::kEcdsaSha256));
  }
  ASSERT_OK(f.store->sign("station-ec", hal::Bytes{'m'}, SignatureScheme::kEcdsaSha256));
}

// A second library (here a copy of SoftHSM2) can be listed, but OpenSSL's one
// pkcs11 engine is taken: opening it is refused, and refusing it must leave
// the first store working.
void a_second_module_cannot_use_the_engine_at_the_same_time(void** state) {
  Fixture& f = fixture(state);
  fs::path copy = f.work / "libsofthsm2-copy.so";
  fs::copy_file(fs::canonical(drivers::keys::kDefaultPkcs11Module), copy, fs::copy_options::overwrite_existing);
  auto slots = drivers::keys::list_tokens(copy.string());
  ASSERT_OK(slots);
  assert_true(slots->size() >= 2);
  drivers::keys::Pkcs11Options options;
  options.module_path = copy.string();
  options.token_label = keys_test::kTokenLabel;
  options.pin = keys_test::kUserPin;
  EXPECT_ERROR(drivers::keys::open_pkcs11_token(options), ErrorCode::kFailedPrecondition, "one module per process");
  ASSERT_OK(f.store->sign("station-rsa", hal::Bytes{'m'}, SignatureScheme::kRsaPkcs1Sha256));
}

void make_token_again_changes_nothing(void** state) {
  Fixture& f = fixture(state);
  auto before = f.store->certificate("station-ec");
  ASSERT_OK(before);
  assert_int_equal(keys_test::run_make_token({f.token.dir().string()}), 0);
  auto after = f.store->certificate("station-ec");
  ASSERT_OK(after);
  assert_true(*before == *after);
  std::string err;
  assert_int_equal(keys_test::run_make_token({}, nullptr, &err), 2);
  assert_non_null(std::strstr(err.c_str(), "usage: make-token"));
  assert_int_equal(keys_test::run_make_token({"--bogus", f.token.dir().string()}, nullptr, &err), 2);
  assert_non_null(std::strstr(err.c_str(), "unknown option '--bogus'"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(list_tokens_shows_the_station_token),
      cmocka_unit_test(list_keys_shows_both_keys_with_their_certificates),
      cmocka_unit_test(ec_signature_verifies_with_openssl),
      cmocka_unit_test(rsa_pkcs1_signature_verifies_with_openssl),
      cmocka_unit_test(rsa_pss_signature_verifies_with_openssl),
      cmocka_unit_test(token_decrypts_what_openssl_encrypted),
      cmocka_unit_test(ecdh_agrees_with_openssl),
      cmocka_unit_test(public_key_is_the_one_certified),
      cmocka_unit_test(wrong_key_or_scheme_is_a_typed_error),
      cmocka_unit_test(a_missing_token_is_unavailable),
      cmocka_unit_test(a_missing_module_is_unavailable),
      cmocka_unit_test(other_users_of_the_module_leave_an_open_store_working),
      cmocka_unit_test(a_module_named_through_its_symlink_target_is_the_same_module),
      cmocka_unit_test(a_second_module_cannot_use_the_engine_at_the_same_time),
      cmocka_unit_test(make_token_again_changes_nothing),
  };
  return cmocka_run_group_tests(tests, set_up, tear_down);
}
