// ATRs written out from ISO/IEC 7816-3 section 8.2; TCK worked out by hand.
#include "atr.hpp"
#include "cmocka.hpp"

namespace {

void t1_atr_with_check_byte(void**) {
  hal::Bytes atr = card_sim::make_atr({false, true});
  assert_string_equal(hal::to_hex(atr).c_str(), "3B858131FE458073900140AC");
  std::uint8_t check = 0;
  for (std::size_t i = 1; i < atr.size(); ++i) check ^= atr[i];
  assert_int_equal(check, 0);  // T0..TCK XOR to zero
  assert_string_equal(hal::to_hex(card_sim::make_atr({false, false})).c_str(), "3B858131FE458073900100EC");
}

void t0_atr_has_no_interface_bytes_and_no_tck(void**) {
  assert_string_equal(hal::to_hex(card_sim::make_atr({true, false})).c_str(), "3B058073900100");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(t1_atr_with_check_byte),
      cmocka_unit_test(t0_atr_has_no_interface_bytes_and_no_tck),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
