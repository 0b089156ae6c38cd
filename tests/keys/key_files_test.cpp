// The key-file backend against keys the test makes with OpenSSL itself; every
// signature, decryption and shared secret is checked by OpenSSL, not by the
// driver.
#include <sys/stat.h>

#include "drivers/key_store_factory.hpp"
#include "expect_error.hpp"
#include "openssl_fixtures.hpp"
#include "temp_dir.hpp"
#include "cmocka.hpp"

namespace {

namespace fs = std::filesystem;
using hal::ErrorCode;
using hal::KeyType;
using hal::SignatureScheme;
using keys_test::bytes_of;

struct Fixture {
  keys_test::TempDir dir;
  keys_test::Key ec = keys_test::generate_ec("P-256");
  keys_test::Key rsa = keys_test::generate_rsa(2048);
  hal::Bytes ec_certificate;
  hal::Bytes rsa_certificate;
  std::unique_ptr<hal::KeyStore> store;      // over good/
  std::unique_ptr<hal::KeyStore> bad_store;  // over bad/
};

Fixture& fixture(void** state) { return **reinterpret_cast<Fixture**>(state); }

// good/: ec, rsa (each with its certificate), nocert (EC, no certificate),
// p384 (a curve the station does not use), mismatch (certificate of another key).
void write_good_keys(Fixture& f, const fs::path& dir) {
  fs::create_directories(dir);
  keys_test::write_key_pem(dir / "ec.key.pem", f.ec.get());
  auto ec_certificate = keys_test::self_signed(f.ec.get(), "ec");
  keys_test::write_certificate_pem(dir / "ec.cert.pem", ec_certificate.get());
  f.ec_certificate = keys_test::certificate_der(ec_certificate.get());

  keys_test::write_key_pem(dir / "rsa.key.pem", f.rsa.get());
  auto rsa_certificate = keys_test::self_signed(f.rsa.get(), "rsa");
  keys_test::write_certificate_pem(dir / "rsa.cert.pem", rsa_certificate.get());
  f.rsa_certificate = keys_test::certificate_der(rsa_certificate.get());

  keys_test::write_key_pem(dir / "nocert.key.pem", keys_test::generate_ec("P-256").get());
  auto p384 = keys_test::generate_ec("P-384");
  keys_test::write_key_pem(dir / "p384.key.pem", p384.get());
  keys_test::write_certificate_pem(dir / "p384.cert.pem", keys_test::self_signed(p384.get(), "p384").get());
  keys_test::write_key_pem(dir / "mismatch.key.pem", keys_test::generate_ec("P-256").get());
  keys_test::write_certificate_pem(dir / "mismatch.cert.pem", ec_certificate.get());
  keys_test::write_file(dir / "README", "not a key");
}

// bad/: files a developer could get wrong.
void write_bad_keys(Fixture& f, const fs::path& dir) {
  fs::create_directories(dir);
  keys_test::write_file(dir / "corrupt.key.pem", "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n");
  keys_test::write_key_pem(dir / "encrypted.key.pem", keys_test::generate_ec("P-256").get(), "passphrase");
  keys_test::write_key_pem(dir / "badcert.key.pem", f.ec.get());
  keys_test::write_file(dir / "badcert.cert.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
}

int set_up(void** state) {
  auto f = std::make_unique<Fixture>();
  if (f->dir.path().empty()) return -1;
  write_good_keys(*f, f->dir.path() / "good");
  write_bad_keys(*f, f->dir.path() / "bad");
  auto store = drivers::keys::open_key_files({f->dir.path() / "good"});
  auto bad_store = drivers::keys::open_key_files({f->dir.path() / "bad"});
  if (!store || !bad_store) return -1;
  f->store = std::move(*store);
  f->bad_store = std::move(*bad_store);
  *state = f.release();
  return 0;
}

int tear_down(void** state) {
  delete &fixture(state);
  return 0;
}

void list_keys_names_each_usable_key_file(void** state) {
  auto keys = fixture(state).store->list_keys();
  ASSERT_OK(keys);
  // Sorted by id; p384 is left out as a kind the station cannot use.
  assert_int_equal(keys->size(), 4);
  const char* ids[] = {"ec", "mismatch", "nocert", "rsa"};
  KeyType types[] = {KeyType::kEcP256, KeyType::kEcP256, KeyType::kEcP256, KeyType::kRsa};
  bool certificates[] = {true, true, false, true};
  for (std::size_t i = 0; i < keys->size(); ++i) {
    const hal::KeyInfo& key = (*keys)[i];
    assert_string_equal(key.id.c_str(), ids[i]);
    assert_string_equal(key.label.c_str(), ids[i]);
    assert_int_equal(static_cast<int>(key.type), static_cast<int>(types[i]));
    assert_int_equal(key.has_certificate, certificates[i]);
    assert_string_equal(key.token.c_str(), "file");
  }
}

void ecdsa_signature_verifies_under_the_certificate(void** state) {
  Fixture& f = fixture(state);
  hal::Bytes message = bytes_of("dossier 42 sealed");
  auto signature = f.store->sign("ec", message, SignatureScheme::kEcdsaSha256);
  ASSERT_OK(signature);
  assert_int_equal((*signature)[0], 0x30);  // a DER SEQUENCE, as ECDSA-Sig-Value is
  assert_true(keys_test::verifies(f.ec_certificate, message, *signature, SignatureScheme::kEcdsaSha256));
  assert_false(keys_test::verifies(f.ec_certificate, bytes_of("dossier 43 sealed"), *signature,
                                   SignatureScheme::kEcdsaSha256));
}

void rsa_signatures_verify_only_as_their_own_scheme(void** state) {
  Fixture& f = fixture(state);
  hal::Bytes message = bytes_of("batch 7");
  auto pkcs1 = f.store->sign("rsa", message, SignatureScheme::kRsaPkcs1Sha256);
  auto pss = f.store->sign("rsa", message, SignatureScheme::kRsaPssSha256);
  ASSERT_OK(pkcs1);
  ASSERT_OK(pss);
  assert_int_equal(pkcs1->size(), 256);
  assert_true(keys_test::verifies(f.rsa_certificate, message, *pkcs1, SignatureScheme::kRsaPkcs1Sha256));
  assert_false(keys_test::verifies(f.rsa_certificate, message, *pkcs1, SignatureScheme::kRsaPssSha256));
  assert_true(keys_test::verifies(f.rsa_certificate, message, *pss, SignatureScheme::kRsaPssSha256));
  assert_false(keys_test::verifies(f.rsa_certificate, message, *pss, SignatureScheme::kRsaPkcs1Sha256));
}

void oaep_decrypt_recovers_what_openssl_encrypted(void** state) {
  Fixture& f = fixture(state);
  hal::Bytes wrapped_key = bytes_of("0123456789abcdef0123456789abcdef");
  hal::Bytes ciphertext = keys_test::encrypt_oaep(f.rsa_certificate, wrapped_key);
  auto plain = f.store->decrypt("rsa", ciphertext);
  ASSERT_OK(plain);
  assert_true(*plain == wrapped_key);

  ciphertext[17] ^= 0x01;
  EXPECT_ERROR(f.store->decrypt("rsa", ciphertext), ErrorCode::kCorrupt, "rsa.key.pem");
  ciphertext.resize(100);
  EXPECT_ERROR(f.store->decrypt("rsa", ciphertext), ErrorCode::kCorrupt, "100-byte ciphertext");
}

void ecdh_agrees_with_the_peer_side(void** state) {
  Fixture& f = fixture(state);
  keys_test::Key peer = keys_test::generate_ec("P-256");
  auto ours = f.store->derive("ec", keys_test::spki_der(peer.get()));
  ASSERT_OK(ours);
  hal::Bytes theirs = keys_test::derive(peer.get(), keys_test::spki_der(f.ec.get()));
  assert_int_equal(ours->size(), 32);
  assert_true(*ours == theirs);
}

void public_key_and_certificate_come_from_the_files(void** state) {
  Fixture& f = fixture(state);
  auto public_key = f.store->public_key("rsa");
  ASSERT_OK(public_key);
  assert_true(*public_key == keys_test::spki_der(f.rsa.get()));
  auto certificate = f.store->certificate("ec");
  ASSERT_OK(certificate);
  assert_true(*certificate == f.ec_certificate);
}

void a_scheme_or_operation_the_key_cannot_do_is_unsupported(void** state) {
  Fixture& f = fixture(state);
  hal::Bytes message = bytes_of("m");
  EXPECT_ERROR(f.store->sign("rsa", message, SignatureScheme::kEcdsaSha256), ErrorCode::kUnsupported, "rsa.key.pem");
  EXPECT_ERROR(f.store->sign("ec", message, SignatureScheme::kRsaPssSha256), ErrorCode::kUnsupported, "ec.key.pem");
  EXPECT_ERROR(f.store->sign("ec", message, SignatureScheme::kRsaPkcs1Sha256), ErrorCode::kUnsupported, "EC P-256");
  EXPECT_ERROR(f.store->decrypt("ec", hal::Bytes(256, 1)), ErrorCode::kUnsupported, "RSA-OAEP");
  keys_test::Key peer = keys_test::generate_ec("P-256");
  EXPECT_ERROR(f.store->derive("rsa", keys_test::spki_der(peer.get())), ErrorCode::kUnsupported, "ECDH");
  EXPECT_ERROR(f.store->sign("p384", message, SignatureScheme::kEcdsaSha256), ErrorCode::kUnsupported, "secp384r1");
}

void missing_keys_and_certificates_are_not_found(void** state) {
  Fixture& f = fixture(state);
  EXPECT_ERROR(f.store->sign("absent", bytes_of("m"), SignatureScheme::kEcdsaSha256), ErrorCode::kNotFound,
               "absent.key.pem");
  EXPECT_ERROR(f.store->public_key("absent"), ErrorCode::kNotFound, "no key 'absent'");
  EXPECT_ERROR(f.store->certificate("nocert"), ErrorCode::kNotFound, "nocert.cert.pem");
}

void malformed_peer_keys_are_invalid_arguments(void** state) {
  Fixture& f = fixture(state);
  EXPECT_ERROR(f.store->derive("ec", hal::Bytes{1, 2, 3}), ErrorCode::kInvalidArgument, "SubjectPublicKeyInfo");
  keys_test::Key p384 = keys_test::generate_ec("P-384");
  EXPECT_ERROR(f.store->derive("ec", keys_test::spki_der(p384.get())), ErrorCode::kInvalidArgument, "secp384r1");
  EXPECT_ERROR(f.store->derive("ec", keys_test::spki_der(f.rsa.get())), ErrorCode::kInvalidArgument, "RSA");
  hal::Bytes trailing = keys_test::spki_der(keys_test::generate_ec("P-256").get());
  trailing.push_back(0);
  EXPECT_ERROR(f.store->derive("ec", trailing), ErrorCode::kInvalidArgument, "bytes after");
}

void unreadable_files_are_named_in_the_error(void** state) {
  Fixture& f = fixture(state);
  hal::Bytes message = bytes_of("m");
  EXPECT_ERROR(f.bad_store->sign("corrupt", message, SignatureScheme::kEcdsaSha256), ErrorCode::kCorrupt,
               "corrupt.key.pem");
  EXPECT_ERROR(f.bad_store->sign("encrypted", message, SignatureScheme::kEcdsaSha256), ErrorCode::kUnsupported,
               "encrypted.key.pem' is encrypted");
  EXPECT_ERROR(f.bad_store->list_keys(), ErrorCode::kCorrupt, "corrupt.key.pem");
  EXPECT_ERROR(f.bad_store->certificate("badcert"), ErrorCode::kCorrupt, "badcert.cert.pem");
  EXPECT_ERROR(f.store->certificate("mismatch"), ErrorCode::kCorrupt, "mismatch.key.pem");
}

// A FIFO, folder or link where a key file belongs is refused by name and
// never read (a FIFO would block OpenSSL's file reader for ever).
void key_files_that_are_not_regular_files_are_refused(void** state) {
  Fixture& f = fixture(state);
  const fs::path dir = f.dir.path() / "odd";
  fs::create_directories(dir);
  assert_int_equal(::mkfifo((dir / "fifo.key.pem").c_str(), 0600), 0);
  fs::create_directory(dir / "folder.key.pem");
  fs::create_symlink(f.dir.path() / "good" / "ec.key.pem", dir / "link.key.pem");
  fs::copy_file(f.dir.path() / "good" / "ec.key.pem", dir / "ec.key.pem");
  assert_int_equal(::mkfifo((dir / "ec.cert.pem").c_str(), 0600), 0);
  auto store = drivers::keys::open_key_files({dir});
  ASSERT_OK(store);
  const hal::Bytes message = bytes_of("m");
  EXPECT_ERROR((*store)->sign("fifo", message, SignatureScheme::kEcdsaSha256), ErrorCode::kInvalidArgument,
               "fifo.key.pem is a FIFO");
  EXPECT_ERROR((*store)->sign("folder", message, SignatureScheme::kEcdsaSha256), ErrorCode::kInvalidArgument,
               "folder.key.pem is a folder");
  EXPECT_ERROR((*store)->sign("link", message, SignatureScheme::kEcdsaSha256), ErrorCode::kInvalidArgument,
               "link.key.pem is a symbolic link");
  EXPECT_ERROR((*store)->certificate("ec"), ErrorCode::kInvalidArgument, "ec.cert.pem is a FIFO");
  ASSERT_OK((*store)->sign("ec", message, SignatureScheme::kEcdsaSha256));
}

void ids_cannot_reach_outside_the_directory(void** state) {
  Fixture& f = fixture(state);
  hal::Bytes message = bytes_of("m");
  EXPECT_ERROR(f.store->sign("../good/ec", message, SignatureScheme::kEcdsaSha256), ErrorCode::kInvalidArgument,
               "../good/ec");
  EXPECT_ERROR(f.store->sign("", message, SignatureScheme::kEcdsaSha256), ErrorCode::kInvalidArgument, "file stem");
  EXPECT_ERROR(f.store->public_key(".ec"), ErrorCode::kInvalidArgument, ".ec");
}

void opening_needs_an_existing_directory(void** state) {
  Fixture& f = fixture(state);
  EXPECT_ERROR(drivers::keys::open_key_files({f.dir.path() / "nowhere"}), ErrorCode::kUnavailable, "nowhere");
  EXPECT_ERROR(drivers::keys::open_key_files({f.dir.path() / "good" / "ec.key.pem"}), ErrorCode::kUnavailable,
               "not a directory");
  EXPECT_ERROR(drivers::keys::open_key_files({}), ErrorCode::kInvalidArgument, "no key directory");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(list_keys_names_each_usable_key_file),
      cmocka_unit_test(ecdsa_signature_verifies_under_the_certificate),
      cmocka_unit_test(rsa_signatures_verify_only_as_their_own_scheme),
      cmocka_unit_test(oaep_decrypt_recovers_what_openssl_encrypted),
      cmocka_unit_test(ecdh_agrees_with_the_peer_side),
      cmocka_unit_test(public_key_and_certificate_come_from_the_files),
      cmocka_unit_test(a_scheme_or_operation_the_key_cannot_do_is_unsupported),
      cmocka_unit_test(missing_keys_and_certificates_are_not_found),
      cmocka_unit_test(malformed_peer_keys_are_invalid_arguments),
      cmocka_unit_test(unreadable_files_are_named_in_the_error),
      cmocka_unit_test(key_files_that_are_not_regular_files_are_refused),
      cmocka_unit_test(ids_cannot_reach_outside_the_directory),
      cmocka_unit_test(opening_needs_an_existing_directory),
  };
  return cmocka_run_group_tests(tests, set_up, tear_down);
}
