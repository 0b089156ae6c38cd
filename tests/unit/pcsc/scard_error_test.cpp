// SCARD_* codes become the hal error kinds the HAL documents, and messages
// name the reader and the operation.
#include "scard_error.hpp"
#include "cmocka.hpp"

namespace {

using drivers::pcsc::scard_error;
using drivers::pcsc::scard_error_code;
using drivers::pcsc::ScardPhase;
using hal::ErrorCode;

int code(ErrorCode c) { return static_cast<int>(c); }

void removal_codes_are_card_removed_mid_session(void**) {
  for (LONG rv : {SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD, SCARD_W_RESET_CARD, SCARD_W_UNPOWERED_CARD,
                  SCARD_W_UNRESPONSIVE_CARD, SCARD_E_NOT_TRANSACTED, SCARD_E_READER_UNAVAILABLE}) {
    assert_int_equal(code(scard_error_code(rv, ScardPhase::kCardSession)), code(ErrorCode::kCardRemoved));
  }
}

void a_missing_card_at_connect_is_no_card(void**) {
  assert_int_equal(code(scard_error_code(SCARD_E_NO_SMARTCARD, ScardPhase::kConnect)), code(ErrorCode::kNoCard));
  assert_int_equal(code(scard_error_code(SCARD_W_REMOVED_CARD, ScardPhase::kConnect)), code(ErrorCode::kNoCard));
  assert_int_equal(code(scard_error_code(SCARD_E_UNKNOWN_READER, ScardPhase::kConnect)), code(ErrorCode::kNotFound));
  assert_int_equal(code(scard_error_code(SCARD_E_SHARING_VIOLATION, ScardPhase::kConnect)), code(ErrorCode::kBusy));
  assert_int_equal(code(scard_error_code(SCARD_E_PROTO_MISMATCH, ScardPhase::kConnect)), code(ErrorCode::kProtocol));
}

void service_codes(void**) {
  assert_int_equal(code(scard_error_code(SCARD_E_NO_SERVICE, ScardPhase::kService)), code(ErrorCode::kUnavailable));
  assert_int_equal(code(scard_error_code(SCARD_E_SERVICE_STOPPED, ScardPhase::kCardSession)),
                   code(ErrorCode::kUnavailable));
  assert_int_equal(code(scard_error_code(SCARD_E_TIMEOUT, ScardPhase::kService)), code(ErrorCode::kTimeout));
  assert_int_equal(code(scard_error_code(SCARD_E_CANCELLED, ScardPhase::kService)), code(ErrorCode::kCancelled));
  assert_int_equal(code(scard_error_code(SCARD_E_UNKNOWN_READER, ScardPhase::kService)), code(ErrorCode::kNotFound));
  assert_int_equal(code(scard_error_code(SCARD_W_WRONG_CHV, ScardPhase::kCardSession)), code(ErrorCode::kWrongPin));
  assert_int_equal(code(scard_error_code(SCARD_W_CHV_BLOCKED, ScardPhase::kCardSession)), code(ErrorCode::kPinLocked));
  assert_int_equal(code(scard_error_code(SCARD_E_INVALID_HANDLE, ScardPhase::kCardSession)),
                   code(ErrorCode::kInternal));
}

void unknown_codes_are_internal_and_show_the_number(void**) {
  hal::Error e = scard_error(static_cast<LONG>(0x80100099), ScardPhase::kService, "listing readers", "");
  assert_int_equal(code(e.code), code(ErrorCode::kInternal));
  assert_non_null(strstr(e.message.c_str(), "0x80100099"));
}

void messages_name_operation_and_reader(void**) {
  hal::Error e = scard_error(SCARD_W_REMOVED_CARD, ScardPhase::kCardSession, "transmit (INS B0)", "Reader 00 00");
  assert_string_equal(e.message.substr(0, 43).c_str(), "transmit (INS B0) on reader 'Reader 00 00':");
  assert_non_null(strstr(e.message.c_str(), "0x80100069"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(removal_codes_are_card_removed_mid_session),
      cmocka_unit_test(a_missing_card_at_connect_is_no_card),
      cmocka_unit_test(service_codes),
      cmocka_unit_test(unknown_codes_are_internal_and_show_the_number),
      cmocka_unit_test(messages_name_operation_and_reader),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
