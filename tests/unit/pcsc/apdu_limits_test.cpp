// How the driver decides APDU sizes, and how it reads the reader's own
// statements (PC/SC part 10 feature and property TLVs).
#include "apdu_limits.hpp"
#include "reader_features.hpp"
#include "cmocka.hpp"

namespace {

using drivers::pcsc::capabilities_for_limit;
using drivers::pcsc::decide_capabilities;
using drivers::pcsc::LimitPolicy;
using hal::CardProtocol;

hal::Bytes hex(const char* text) { return hal::from_hex(text).value(); }

// Counts calls so a test can tell the probe was (or was not) sent.
struct Calls {
  int reader_asked = 0;
  int probed = 0;
  std::optional<std::size_t> reader_says;
  hal::Result<bool> probe_answer = true;

  hal::Result<hal::ReaderCapabilities> decide(CardProtocol protocol, LimitPolicy policy) {
    return decide_capabilities(
        protocol, policy,
        [this] {
          ++reader_asked;
          return reader_says;
        },
        [this] {
          ++probed;
          return probe_answer;
        });
  }
};

void expect_caps(const hal::ReaderCapabilities& caps, std::size_t command, std::size_t response, bool extended) {
  assert_int_equal(caps.max_command_data, command);
  assert_int_equal(caps.max_response_data, response);
  assert_int_equal(caps.extended_length, extended);
}

void t0_is_always_short_and_never_probed(void**) {
  Calls calls;
  auto caps = calls.decide(CardProtocol::kT0, {65535, 32768});
  ASSERT_OK(caps);
  expect_caps(*caps, 255, 256, false);
  assert_int_equal(caps->protocol, CardProtocol::kT0);
  assert_int_equal(calls.probed + calls.reader_asked, 0);
}

void a_configured_limit_is_used_without_asking(void**) {
  Calls calls;
  auto caps = calls.decide(CardProtocol::kT1, {1000, 32768});
  ASSERT_OK(caps);
  expect_caps(*caps, 1000, 1000, true);
  assert_int_equal(calls.probed + calls.reader_asked, 0);
  auto chunked = calls.decide(CardProtocol::kT1, {223, 32768});
  expect_caps(chunked.value(), 223, 223, false);
}

void a_reader_stating_short_only_is_not_probed(void**) {
  Calls calls;
  calls.reader_says = 0;
  expect_caps(calls.decide(CardProtocol::kT1, {0, 32768}).value(), 255, 256, false);
  assert_int_equal(calls.probed, 0);
}

void a_reader_limit_caps_extended_length_once_the_probe_passes(void**) {
  Calls calls;
  calls.reader_says = 4096;
  expect_caps(calls.decide(CardProtocol::kT1, {0, 32768}).value(), 4096, 4096, true);
  assert_int_equal(calls.probed, 1);
}

void a_silent_reader_gets_the_assumed_limit_when_the_probe_passes(void**) {
  Calls calls;
  expect_caps(calls.decide(CardProtocol::kT1, {0, 32768}).value(), 32768, 32768, true);
  assert_int_equal(calls.reader_asked, 1);
  assert_int_equal(calls.probed, 1);
}

void a_failed_probe_means_short(void**) {
  Calls calls;
  calls.reader_says = 65536;
  calls.probe_answer = false;
  expect_caps(calls.decide(CardProtocol::kT1, {0, 32768}).value(), 255, 256, false);
}

void a_probe_error_fails_the_decision(void**) {
  Calls calls;
  calls.probe_answer = hal::make_error(hal::ErrorCode::kTimeout, "stalled");
  auto caps = calls.decide(CardProtocol::kT1, {0, 32768});
  assert_false(caps.ok());
  assert_int_equal(static_cast<int>(caps.error().code), static_cast<int>(hal::ErrorCode::kTimeout));
}

void limits_are_clamped_to_what_extended_apdus_can_say(void**) {
  expect_caps(capabilities_for_limit(CardProtocol::kT1, 100000), 65535, 65536, true);
  expect_caps(capabilities_for_limit(CardProtocol::kT1, 256), 255, 256, false);
}

void the_probe_is_an_extended_get_challenge_for_8_bytes(void**) {
  assert_string_equal(hal::to_hex(drivers::pcsc::extended_probe_command()).c_str(), "00840000000008");
  assert_true(drivers::pcsc::extended_probe_passed(hex("0102030405060708 9000")));
  assert_false(drivers::pcsc::extended_probe_passed(hex("6700")));
  assert_false(drivers::pcsc::extended_probe_passed(hex("01020304 9000")));
  assert_false(drivers::pcsc::extended_probe_passed(hex("0102030405060708 6282")));
}

void feature_list_gives_control_codes(void**) {
  // VERIFY_PIN_DIRECT (06) then GET_TLV_PROPERTIES (12), codes big-endian.
  hal::Bytes features = hex("06 04 42 33 00 06  12 04 42 33 00 12");
  assert_int_equal(drivers::pcsc::find_feature(features, 0x12).value(), 0x42330012);
  assert_false(drivers::pcsc::find_feature(features, 0x13).has_value());
}

void tlv_properties_are_little_endian(void**) {
  // wLcdLayout (01, 2 bytes), then dwMaxAPDUDataSize (0A) = 0x00010000.
  hal::Bytes properties = hex("01 02 00 00  0A 04 00 00 01 00");
  assert_int_equal(drivers::pcsc::find_tlv_property(properties, 0x0A).value(), 65536);
  assert_false(drivers::pcsc::find_tlv_property(hex("0A 04 00 00"), 0x0A).has_value());  // truncated
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(t0_is_always_short_and_never_probed),
      cmocka_unit_test(a_configured_limit_is_used_without_asking),
      cmocka_unit_test(a_reader_stating_short_only_is_not_probed),
      cmocka_unit_test(a_reader_limit_caps_extended_length_once_the_probe_passes),
      cmocka_unit_test(a_silent_reader_gets_the_assumed_limit_when_the_probe_passes),
      cmocka_unit_test(a_failed_probe_means_short),
      cmocka_unit_test(a_probe_error_fails_the_decision),
      cmocka_unit_test(limits_are_clamped_to_what_extended_apdus_can_say),
      cmocka_unit_test(the_probe_is_an_extended_get_challenge_for_8_bytes),
      cmocka_unit_test(feature_list_gives_control_codes),
      cmocka_unit_test(tlv_properties_are_little_endian),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
