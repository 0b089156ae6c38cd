// Encodings checked against byte strings written out by hand from ISO/IEC
// 7816-4 section 5.1 (cases 1-4, short and extended).
#include "hal/apdu.hpp"
#include "cmocka.hpp"

namespace {

hal::Bytes hex(const char* text) { return hal::from_hex(text).value(); }

void expect_bytes(const hal::Bytes& actual, const char* expected_hex) {
  assert_string_equal(hal::to_hex(actual).c_str(), hal::to_hex(hex(expected_hex)).c_str());
}

void select_aid_is_short_case3(void**) {
  hal::CommandApdu select{0x00, 0xA4, 0x04, 0x0C, hex("A0 00 00 02 47 10 01"), std::nullopt};
  auto raw = select.encode();
  ASSERT_OK(raw);
  expect_bytes(*raw, "00 A4 04 0C 07 A0 00 00 02 47 10 01");
}

void read_binary_256_uses_le_00(void**) {
  hal::CommandApdu read{0x00, 0xB0, 0x00, 0x00, {}, 256};
  expect_bytes(read.encode().value(), "00 B0 00 00 00");
}

void extended_case4_has_three_byte_lc_and_two_byte_le(void**) {
  hal::CommandApdu cmd{0x00, 0xD6, 0x00, 0x00, hal::Bytes(300, 0xAB), 65536};
  auto raw = cmd.encode();
  ASSERT_OK(raw);
  assert_int_equal(raw->size(), 4 + 3 + 300 + 2);
  assert_int_equal((*raw)[4], 0x00);
  assert_int_equal((*raw)[5], 0x01);
  assert_int_equal((*raw)[6], 0x2C);
  assert_int_equal((*raw)[307], 0x00);
  assert_int_equal((*raw)[308], 0x00);
}

void extended_case2_is_00_then_le(void**) {
  hal::CommandApdu cmd{0x00, 0xB0, 0x00, 0x00, {}, 1000};
  expect_bytes(cmd.encode().value(), "00 B0 00 00 00 03 E8");
}

void short_form_refuses_oversize_data(void**) {
  hal::CommandApdu cmd{0x00, 0xD6, 0x00, 0x00, hal::Bytes(256, 0), std::nullopt};
  auto raw = cmd.encode(false);
  assert_false(raw.ok());
  assert_int_equal(static_cast<int>(raw.error().code), static_cast<int>(hal::ErrorCode::kInvalidArgument));
}

void parse_round_trips_every_case(void**) {
  const char* cases[] = {"00 84 00 00", "00 84 00 00 08", "00 A4 02 0C 02 01 1E", "00 A4 02 00 02 01 1E 00",
                         "00 B0 00 00 00 03 E8", "00 D6 00 00 00 00 02 AA BB", "00 D6 00 00 00 00 02 AA BB 01 00"};
  for (const char* c : cases) {
    auto parsed = hal::CommandApdu::parse(hex(c));
    ASSERT_OK(parsed);
    expect_bytes(parsed->encode(hex(c).size() > 5 && hex(c)[4] == 0).value(), c);
  }
}

void parse_rejects_inconsistent_lc(void**) {
  auto parsed = hal::CommandApdu::parse(hex("00 D6 00 00 05 AA BB"));
  assert_false(parsed.ok());
  assert_int_equal(static_cast<int>(parsed.error().code), static_cast<int>(hal::ErrorCode::kProtocol));
}

void response_under_two_bytes_is_card_removed(void**) {
  auto r = hal::ResponseApdu::parse(hex("90"));
  assert_false(r.ok());
  assert_int_equal(static_cast<int>(r.error().code), static_cast<int>(hal::ErrorCode::kCardRemoved));
  auto ok = hal::ResponseApdu::parse(hex("01 02 90 00"));
  ASSERT_OK(ok);
  assert_int_equal(ok->sw, 0x9000);
  assert_int_equal(ok->data.size(), 2);
}

void from_hex_names_the_bad_character(void**) {
  auto r = hal::from_hex("00 G1");
  assert_false(r.ok());
  assert_non_null(strstr(r.error().message.c_str(), "'G'"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(select_aid_is_short_case3),
      cmocka_unit_test(read_binary_256_uses_le_00),
      cmocka_unit_test(extended_case4_has_three_byte_lc_and_two_byte_le),
      cmocka_unit_test(extended_case2_is_00_then_le),
      cmocka_unit_test(short_form_refuses_oversize_data),
      cmocka_unit_test(parse_round_trips_every_case),
      cmocka_unit_test(parse_rejects_inconsistent_lc),
      cmocka_unit_test(response_under_two_bytes_is_card_removed),
      cmocka_unit_test(from_hex_names_the_bad_character),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
