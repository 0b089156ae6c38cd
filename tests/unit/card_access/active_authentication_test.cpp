// Active Authentication's ECDSA P-256 against RFC 6979 appendix A.2.5 (key,
// message "sample", SHA-256): a signature we did not make must verify, ours
// must verify under the RFC's public key, and every other key or shape is
// refused by name.
#include "station/card/access/active_authentication.hpp"
#include "test_keys.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card::access;

hal::Bytes hex(const char* text) { return hal::from_hex(text).value(); }
hal::Bytes concat(const char* a, const char* b) {
  hal::Bytes out = hex(a);
  hal::Bytes tail = hex(b);
  out.insert(out.end(), tail.begin(), tail.end());
  return out;
}
int code(hal::ErrorCode c) { return static_cast<int>(c); }
template <typename T>
int error_code(const hal::Result<T>& r) {
  return r.ok() ? -1 : code(r.error().code);
}

// RFC 6979 A.2.5.
const char* const kPrivate = "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721";
const char* const kPublicX = "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6";
const char* const kPublicY = "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";
const char* const kR = "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716";
const char* const kS = "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8";
const hal::Bytes kSample{'s', 'a', 'm', 'p', 'l', 'e'};

// SubjectPublicKeyInfo { id-ecPublicKey, prime256v1 } and BIT STRING 04||X||Y,
// written out from RFC 5480.
hal::Bytes rfc_public_key() {
  hal::Bytes spki = hex("3059301306072A8648CE3D020106082A8648CE3D03010703420004");
  for (const char* half : {kPublicX, kPublicY}) {
    hal::Bytes h = hex(half);
    spki.insert(spki.end(), h.begin(), h.end());
  }
  return spki;
}

// PKCS#8 PrivateKeyInfo around RFC 5915's ECPrivateKey { 1, d } (no public
// key: OpenSSL derives it).
hal::Bytes rfc_private_key() {
  return concat("304102010030130607 2A8648CE3D0201 0608 2A8648CE3D030107 0427 3025 020101 0420", kPrivate);
}

void rfc6979_signature_verifies(void**) {
  const hal::Bytes signature = concat(kR, kS);
  ASSERT_OK(verify_aa_signature(rfc_public_key(), kSample, signature));
  const hal::Bytes other{'s', 'a', 'm', 'p', 'l', 'f'};
  assert_int_equal(error_code(verify_aa_signature(rfc_public_key(), other, signature)), code(hal::ErrorCode::kCorrupt));
  hal::Bytes flipped = signature;
  flipped[40] ^= 0x01;
  assert_int_equal(error_code(verify_aa_signature(rfc_public_key(), kSample, flipped)), code(hal::ErrorCode::kCorrupt));
  // r and s swapped is not the same signature.
  assert_int_equal(error_code(verify_aa_signature(rfc_public_key(), kSample, concat(kS, kR))),
                   code(hal::ErrorCode::kCorrupt));
}

void our_signature_verifies_under_the_rfc_key(void**) {
  const hal::Bytes challenge = hex("0123456789ABCDEF");
  auto signature = sign_aa_challenge(rfc_private_key(), challenge);
  ASSERT_OK(signature);
  assert_int_equal(signature->size(), kAaSignatureSize);
  ASSERT_OK(verify_aa_signature(rfc_public_key(), challenge, *signature));
}

void other_keys_and_shapes_are_refused(void**) {
  const hal::Bytes challenge(8, 0x42);
  const auto rsa = access_test::make_key_pair("RSA");
  const auto p384 = access_test::make_key_pair("EC", "P-384");
  assert_int_equal(error_code(verify_aa_signature(rsa.public_key, challenge, hal::Bytes(64, 1))),
                   code(hal::ErrorCode::kUnsupported));
  auto wrong_curve = verify_aa_signature(p384.public_key, challenge, hal::Bytes(64, 1));
  assert_int_equal(error_code(wrong_curve), code(hal::ErrorCode::kUnsupported));
  assert_non_null(strstr(wrong_curve.error().message.c_str(), "P-256"));
  assert_int_equal(error_code(verify_aa_signature(hex("300100"), challenge, hal::Bytes(64, 1))),
                   code(hal::ErrorCode::kInvalidArgument));
  assert_int_equal(error_code(verify_aa_signature(rfc_public_key(), challenge, hal::Bytes(63, 1))),
                   code(hal::ErrorCode::kProtocol));
  assert_int_equal(error_code(sign_aa_challenge(rsa.private_key, challenge)), code(hal::ErrorCode::kInvalidArgument));
  assert_int_equal(error_code(sign_aa_challenge(hex("3000"), challenge)), code(hal::ErrorCode::kInvalidArgument));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(rfc6979_signature_verifies),
      cmocka_unit_test(our_signature_verifies_under_the_rfc_key),
      cmocka_unit_test(other_keys_and_shapes_are_refused),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
