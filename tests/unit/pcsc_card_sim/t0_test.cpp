// A T=0 card answers case 4 with 61xx and a wrong Le with 6Cxx (ISO/IEC
// 7816-3 section 10.3.4): the terminal has to do the rest.
#include "sim_test_support.hpp"
#include "cmocka.hpp"

namespace {

using namespace sim_test;

card_sim::SimCard t0_card() { return card_sim::SimCard(card_sim::default_layout(), {true, true}); }

void case_4_gets_61xx_then_get_response(void**) {
  auto card = t0_card();
  sw(card, kSelectEmrtd);
  assert_string_equal(send(card, "00 A4 02 00 02 01 01 00").c_str(), "610D");
  assert_string_equal(send(card, "00 C0 00 00 05").c_str(),
                      "620B800200"
                      "6108");
  assert_string_equal(send(card, "00 C0 00 00 08").c_str(),
                      "8082010183020101"
                      "9000");
  assert_string_equal(sw(card, "00 C0 00 00 08").c_str(), "6985");
}

void case_2_with_a_wrong_le_gets_6cxx(void**) {
  auto card = t0_card();
  sw(card, kSelectEmrtd);
  sw(card, "00 A4 02 0C 02 01 01");  // DG1: 128 bytes
  assert_string_equal(send(card, "00 B0 00 00 00").c_str(), "6C80");
  assert_int_equal(card.process(hex("00 B0 00 00 80")).size(), 128 + 2);
  assert_string_equal(send(card, "00 B0 00 7E 02").c_str(),
                      "0000"
                      "9000");
}

void case_3_and_errors_pass_unchanged(void**) {
  auto card = t0_card();
  assert_string_equal(sw(card, kSelectEmrtd).c_str(), "9000");
  assert_string_equal(sw(card, "00 A4 02 0C 02 01 99").c_str(), "6A82");
  assert_string_equal(sw(card, "00 B0 00 00 00 00 08").c_str(), "6700");  // no extended length over T=0
}

void another_command_drops_pending_data(void**) {
  auto card = t0_card();
  sw(card, kSelectEmrtd);
  assert_string_equal(send(card, "00 A4 02 00 02 01 01 00").c_str(), "610D");
  sw(card, "00 A4 02 0C 02 01 01");
  assert_string_equal(sw(card, "00 C0 00 00 0D").c_str(), "6985");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(case_4_gets_61xx_then_get_response),
      cmocka_unit_test(case_2_with_a_wrong_le_gets_6cxx),
      cmocka_unit_test(case_3_and_errors_pass_unchanged),
      cmocka_unit_test(another_command_drops_pending_data),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
