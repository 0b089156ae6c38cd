// Encryption at rest, judged by the test's own OpenSSL code: the private key
// file unwraps the stored data key (RSA-OAEP/SHA-256), AES-256-GCM with the
// associated data documented in station-app/store/README.md opens the record,
// and no clear citizen data or key is anywhere in the database files.
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <nlohmann/json.hpp>

#include "store_test_main.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;

hal::Bytes oaep_decrypt(EVP_PKEY* key, const hal::Bytes& wrapped) {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(key, nullptr), EVP_PKEY_CTX_free);
  std::size_t length = 0;
  if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256()) != 1 || EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256()) != 1 ||
      EVP_PKEY_decrypt(ctx.get(), nullptr, &length, wrapped.data(), wrapped.size()) != 1) {
    fail_msg("the test cannot set up RSA-OAEP");
  }
  hal::Bytes out(length);
  if (EVP_PKEY_decrypt(ctx.get(), out.data(), &length, wrapped.data(), wrapped.size()) != 1) {
    fail_msg("the stored data key does not unwrap with the station's RSA private key");
  }
  out.resize(length);
  return out;
}

void append_u32(hal::Bytes& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

// "station record v1" || u32 len || id || u32 len || kind || u64 version (README).
hal::Bytes documented_aad(const std::string& id, const std::string& kind, std::uint64_t version) {
  std::string domain = "station record v1";
  hal::Bytes aad(domain.begin(), domain.end());
  append_u32(aad, static_cast<std::uint32_t>(id.size()));
  aad.insert(aad.end(), id.begin(), id.end());
  append_u32(aad, static_cast<std::uint32_t>(kind.size()));
  aad.insert(aad.end(), kind.begin(), kind.end());
  append_u32(aad, static_cast<std::uint32_t>(version >> 32));
  append_u32(aad, static_cast<std::uint32_t>(version));
  return aad;
}

// nonce (12) || ciphertext || tag (16), as README.md describes.
std::optional<hal::Bytes> gcm_open(const hal::Bytes& key, const hal::Bytes& aad, const hal::Bytes& sealed) {
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::size_t body = sealed.size() - 12 - 16;
  hal::Bytes plain(body);
  hal::Bytes tag(sealed.end() - 16, sealed.end());
  int length = 0;
  EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), sealed.data());
  EVP_DecryptUpdate(ctx.get(), nullptr, &length, aad.data(), static_cast<int>(aad.size()));
  EVP_DecryptUpdate(ctx.get(), plain.data(), &length, sealed.data() + 12, static_cast<int>(body));
  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data());
  if (EVP_DecryptFinal_ex(ctx.get(), plain.data() + length, &length) != 1) return std::nullopt;
  return plain;
}

bool contains(const hal::Bytes& haystack, const hal::Bytes& needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

hal::Bytes bytes_of(const std::string& text) { return hal::Bytes(text.begin(), text.end()); }

void openssl_alone_decrypts_what_the_store_wrote(void** state) {
  auto& f = fixture(state);
  auto d = complete_dossier(22000, 11);
  auto id = sealed_dossier(*f.store, d);
  RawDb raw(f.db_path());
  assert_string_equal(raw.text("SELECT wrap_key_id FROM dossiers").c_str(), "station-rsa");
  hal::Bytes data_key = oaep_decrypt(shared_keys().rsa.get(), raw.blob("SELECT wrapped_key FROM dossiers"));
  assert_int_equal(data_key.size(), 32);

  auto demographics = gcm_open(data_key, documented_aad(id, "demographics", 1),
                               raw.blob("SELECT sealed_payload FROM records WHERE kind = 'demographics'"));
  assert_true(demographics.has_value());
  auto parsed = nlohmann::json::from_cbor(*demographics);
  assert_string_equal(parsed["full_name"].get<std::string>().c_str(), "Nguyễn Thị Minh Khai");
  assert_string_equal(parsed["personal_id"].get<std::string>().c_str(), d.demographics.personal_id.c_str());

  auto finger = gcm_open(data_key, documented_aad(id, "finger.07", 1),
                         raw.blob("SELECT sealed_payload FROM records WHERE kind = 'finger.07'"));
  assert_true(finger.has_value());
  auto image = nlohmann::json::from_cbor(*finger)["capture"]["image"].get_binary();
  assert_true(hal::Bytes(image.begin(), image.end()) == d.fingers[6].capture->image);

  // The same record under another kind or version does not open.
  assert_false(gcm_open(data_key, documented_aad(id, "finger.08", 1),
                        raw.blob("SELECT sealed_payload FROM records WHERE kind = 'finger.07'")).has_value());
  assert_false(gcm_open(data_key, documented_aad(id, "finger.07", 2),
                        raw.blob("SELECT sealed_payload FROM records WHERE kind = 'finger.07'")).has_value());
}

void nothing_clear_reaches_the_disk(void** state) {
  auto& f = fixture(state);
  auto d = complete_dossier(22000, 12);
  auto id = sealed_dossier(*f.store, d);
  hal::Bytes data_key;
  {
    RawDb raw(f.db_path());
    data_key = oaep_decrypt(shared_keys().rsa.get(), raw.blob("SELECT wrapped_key FROM dossiers"));
  }
  hal::Bytes everything = read_bytes(f.db_path());
  hal::Bytes wal = read_bytes(f.db_path().string() + "-wal");
  everything.insert(everything.end(), wal.begin(), wal.end());
  assert_true(everything.size() > 22000);
  assert_false(contains(everything, data_key));
  assert_false(contains(everything, bytes_of("Nguyễn Thị Minh Khai")));
  assert_false(contains(everything, bytes_of(d.demographics.personal_id)));
  assert_false(contains(everything, bytes_of("Phú Vang")));
  const auto& image = d.fingers[3].capture->image;
  assert_false(contains(everything, hal::Bytes(image.begin() + 100, image.begin() + 132)));
  // What is clear is what the queue needs: ids, states, staff ids.
  assert_true(contains(everything, bytes_of(id)));
}

void every_dossier_has_its_own_key(void** state) {
  auto& f = fixture(state);
  sealed_dossier(*f.store, complete_dossier(2200, 13));
  sealed_dossier(*f.store, complete_dossier(2200, 14));
  RawDb raw(f.db_path());
  auto first = oaep_decrypt(shared_keys().rsa.get(), raw.blob("SELECT wrapped_key FROM dossiers ORDER BY rowid LIMIT 1"));
  auto second = oaep_decrypt(shared_keys().rsa.get(),
                             raw.blob("SELECT wrapped_key FROM dossiers ORDER BY rowid LIMIT 1 OFFSET 1"));
  assert_false(first == second);
}

void the_wrap_key_must_be_an_rsa_key_in_the_store(void** state) {
  auto& f = fixture(state);
  auto options = options_for(f.db_path());
  options.wrap_key = "station-ec";
  f.reopen(options);
  EXPECT_ERROR(f.store->create_draft(kOfficer), ErrorCode::kUnsupported, "key 'station-ec' is not an RSA key");
  options.wrap_key = "absent";
  f.reopen(options);
  EXPECT_ERROR(f.store->create_draft(kOfficer), ErrorCode::kNotFound, "absent");
  assert_int_equal(RawDb(f.db_path()).integer("SELECT COUNT(*) FROM dossiers"), 0);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(openssl_alone_decrypts_what_the_store_wrote, set_up, tear_down),
      cmocka_unit_test_setup_teardown(nothing_clear_reaches_the_disk, set_up, tear_down),
      cmocka_unit_test_setup_teardown(every_dossier_has_its_own_key, set_up, tear_down),
      cmocka_unit_test_setup_teardown(the_wrap_key_must_be_an_rsa_key_in_the_store, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
