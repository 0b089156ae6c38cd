// The pure pieces of the PKCS#11 backend that no SoftHSM2 token can drive:
// SoftHSM2 never locks a PIN, so the kPinLocked mapping is checked here
// against the CK_RV values of the PKCS#11 v2.40 specification.
#include <libp11.h>
#include <openssl/err.h>

#include "openssl_errors.hpp"
#include "pkcs11_engine.hpp"
#include "pkcs11_errors.hpp"
#include "cmocka.hpp"

namespace {

using hal::ErrorCode;

int code(ErrorCode c) { return static_cast<int>(c); }

void pin_results_map_to_pin_errors(void**) {
  assert_int_equal(code(drivers::keys::error_code_for_ckr(0xA0)), code(ErrorCode::kWrongPin));   // CKR_PIN_INCORRECT
  assert_int_equal(code(drivers::keys::error_code_for_ckr(0xA2)), code(ErrorCode::kWrongPin));   // CKR_PIN_LEN_RANGE
  assert_int_equal(code(drivers::keys::error_code_for_ckr(0xA4)), code(ErrorCode::kPinLocked));  // CKR_PIN_LOCKED
  assert_int_equal(code(drivers::keys::error_code_for_ckr(0xA3)), code(ErrorCode::kFailedPrecondition));
}

void absent_tokens_map_to_unavailable_and_the_rest_to_internal(void**) {
  assert_int_equal(code(drivers::keys::error_code_for_ckr(0xE0)), code(ErrorCode::kUnavailable));  // TOKEN_NOT_PRESENT
  assert_int_equal(code(drivers::keys::error_code_for_ckr(0x32)), code(ErrorCode::kUnavailable));  // DEVICE_REMOVED
  assert_int_equal(code(drivers::keys::error_code_for_ckr(0x05)), code(ErrorCode::kInternal));     // GENERAL_ERROR
}

void results_are_named_for_people(void**) {
  assert_string_equal(drivers::keys::ckr_name(0xA4).c_str(), "CKR_PIN_LOCKED");
  assert_string_equal(drivers::keys::ckr_name(0x1234).c_str(), "CKR 0x1234");
}

// libp11 reports a failed call by queueing its CK_RV as the reason of its own
// OpenSSL error library; the driver's error then takes the CK_RV's kind.
void a_ckr_queued_by_libp11_decides_the_error_kind(void**) {
  ERR_raise(ERR_get_CKR_code(), 0xA4);  // CKR_PIN_LOCKED, as libp11 queues it
  hal::Error locked = drivers::keys::openssl_error(ErrorCode::kInternal, "login to token 't' failed");
  assert_int_equal(code(locked.code), code(ErrorCode::kPinLocked));
  assert_int_equal(ERR_peek_error(), 0);  // the queue is left empty

  ERR_raise(ERR_get_CKR_code(), 0x40);  // CKR_ENCRYPTED_DATA_INVALID: no station meaning, the caller's kind stays
  assert_int_equal(code(drivers::keys::openssl_error(ErrorCode::kCorrupt, "decrypt").code), code(ErrorCode::kCorrupt));
  ERR_raise(ERR_LIB_EVP, 0xA4);  // the same number from another library means nothing here
  assert_int_equal(code(drivers::keys::openssl_error(ErrorCode::kInternal, "sign").code), code(ErrorCode::kInternal));
}

void uris_escape_everything_but_unreserved_characters(void**) {
  // RFC 7512: attribute values are percent-encoded; CKA_ID is raw bytes.
  std::string uri = drivers::keys::private_key_uri("desk 3;a/b", "9a7F", std::string("\x01\xff", 2));
  assert_string_equal(uri.c_str(), "pkcs11:token=desk%203%3Ba%2Fb;serial=9a7F;id=%01%FF;type=private");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(pin_results_map_to_pin_errors),
      cmocka_unit_test(absent_tokens_map_to_unavailable_and_the_rest_to_internal),
      cmocka_unit_test(results_are_named_for_people),
      cmocka_unit_test(a_ckr_queued_by_libp11_decides_the_error_kind),
      cmocka_unit_test(uris_escape_everything_but_unreserved_characters),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
