// The simulated card's ISO/IEC 7816-4 answers, checked against status words
// and encodings written out from the standard.
#include "sim_test_support.hpp"
#include "cmocka.hpp"

namespace {

using namespace sim_test;

card_sim::SimCard fresh_card(bool extended = true) {
  return card_sim::SimCard(card_sim::default_layout(), {false, extended});
}

void select_by_aid_then_fid(void**) {
  auto card = fresh_card();
  assert_string_equal(sw(card, kSelectEmrtd).c_str(), "9000");
  assert_string_equal(sw(card, "00 A4 02 0C 02 01 01").c_str(), "9000");
  assert_string_equal(sw(card, "00 A4 02 0C 02 01 99").c_str(), "6A82");
  assert_string_equal(sw(card, "00 A4 04 0C 07 A0 00 00 02 47 10 02").c_str(), "6A82");
}

void select_with_p2_00_returns_the_fcp(void**) {
  auto card = fresh_card();
  sw(card, kSelectEmrtd);
  // 62 LL  80 02 size(0080)  82 01 01  83 02 fid(0101)
  assert_string_equal(send(card, "00 A4 02 00 02 01 01 00").c_str(),
                      "620B800200808201018302010190"
                      "00");
  assert_string_equal(sw(card, "00 A4 02 08 02 01 01").c_str(), "6A86");
}

void ef_card_access_lives_in_the_mf(void**) {
  auto card = fresh_card();
  assert_string_equal(sw(card, "00 A4 02 0C 02 01 1C").c_str(), "9000");
  sw(card, kSelectEmrtd);
  assert_string_equal(sw(card, "00 A4 02 0C 02 01 1C").c_str(), "6A82");
  assert_string_equal(sw(card, "00 A4 00 0C 02 3F 00").c_str(), "9000");
  assert_string_equal(sw(card, "00 A4 02 0C 02 01 1C").c_str(), "9000");
}

void read_needs_a_current_ef_and_le(void**) {
  auto card = fresh_card();
  sw(card, kSelectEmrtd);
  assert_string_equal(sw(card, "00 B0 00 00 08").c_str(), "6986");
  sw(card, "00 A4 02 0C 02 01 01");
  assert_string_equal(sw(card, "00 B0 00 00").c_str(), "6700");
}

void update_then_read_back(void**) {
  auto card = fresh_card();
  sw(card, kSelectEmrtd);
  sw(card, "00 A4 02 0C 02 01 01");
  assert_string_equal(sw(card, "00 D6 00 10 03 AA BB CC").c_str(), "9000");
  assert_string_equal(send(card, "00 B0 00 0F 05").c_str(),
                      "00AABBCC00"
                      "9000");
}

void offsets_and_lengths_beyond_the_file(void**) {
  auto card = fresh_card();
  sw(card, kSelectEmrtd);
  sw(card, "00 A4 02 0C 02 01 01");  // DG1: 128 bytes
  assert_string_equal(sw(card, "00 B0 00 80 01").c_str(), "6B00");
  assert_string_equal(sw(card, "00 D6 00 80 01 00").c_str(), "6B00");
  assert_string_equal(sw(card, "00 D6 00 7F 02 00 00").c_str(), "6700");
  // An explicit Le past the end gets what is there and the 6282 warning...
  assert_string_equal(send(card, "00 B0 00 7E 04").c_str(),
                      "0000"
                      "6282");
  // ...while Le = 00 asks for "all, up to 256", which is then complete.
  assert_string_equal(send(card, "00 B0 00 7E 00").c_str(),
                      "0000"
                      "9000");
}

void read_by_short_ef_identifier(void**) {
  auto card = fresh_card();
  sw(card, kSelectEmrtd);
  sw(card, "00 A4 02 0C 02 01 1E");
  sw(card, "00 D6 00 00 02 60 16");
  sw(card, "00 A4 02 0C 02 01 01");
  assert_string_equal(send(card, "00 B0 9E 00 02").c_str(),
                      "6016"
                      "9000");  // SFI 1E = EF.COM
  assert_string_equal(sw(card, "00 B0 9F 00 02").c_str(), "6A82");
}

void read_only_files_refuse_updates(void**) {
  auto card = fresh_card();
  sw(card, "00 A4 02 0C 02 2F 00");
  assert_string_equal(sw(card, "00 D6 00 00 01 00").c_str(), "6982");
  assert_string_equal(send(card, "00 B0 00 00 00").c_str(),
                      "61094F07A0000002471001"
                      "9000");
}

void get_challenge(void**) {
  auto card = fresh_card();
  std::string first = send(card, "00 84 00 00 08");
  assert_int_equal(first.size(), 2 * (8 + 2));
  assert_string_equal(first.substr(16).c_str(), "9000");
  assert_string_equal(sw(card, "00 84 01 00 08").c_str(), "6A86");
  assert_string_equal(sw(card, "00 84 00 00").c_str(), "6700");
}

void class_and_instruction_checks(void**) {
  auto card = fresh_card();
  assert_string_equal(sw(card, "80 84 00 00 08").c_str(), "6E00");
  assert_string_equal(sw(card, "0C 84 00 00 08").c_str(), "6882");
  assert_string_equal(sw(card, "01 84 00 00 08").c_str(), "6881");
  assert_string_equal(sw(card, "00 77 00 00").c_str(), "6D00");
  assert_string_equal(sw(card, "00 B0").c_str(), "6700");
  assert_string_equal(sw(card, "00 D6 00 00 05 01").c_str(), "6700");
}

void extended_length_when_offered(void**) {
  auto card = fresh_card();
  sw(card, kSelectEmrtd);
  sw(card, "00 A4 02 0C 02 01 02");
  std::string update = "00 D6 00 00 00 10 00" + std::string(2 * 4096, 'A');
  assert_string_equal(hal::to_hex(card.process(hex(update.c_str()))).c_str(), "9000");
  hal::Bytes read = card.process(hex("00 B0 00 00 00 10 00"));
  assert_int_equal(read.size(), 4096 + 2);
  assert_int_equal(read[0], 0xAA);
  assert_int_equal(read[4095], 0xAA);
  assert_int_equal(read[4096], 0x90);
}

void extended_length_refused_when_not(void**) {
  auto card = fresh_card(false);
  sw(card, kSelectEmrtd);
  sw(card, "00 A4 02 0C 02 01 02");
  assert_string_equal(sw(card, "00 B0 00 00 00 10 00").c_str(), "6700");
  assert_string_equal(sw(card, "00 84 00 00 00 00 08").c_str(), "6700");
  assert_int_equal(card.process(hex("00 B0 00 00 00")).size(), 256 + 2);
}

void files_survive_a_reset_but_the_selection_does_not(void**) {
  auto card = fresh_card();
  sw(card, kSelectEmrtd);
  sw(card, "00 A4 02 0C 02 01 01");
  sw(card, "00 D6 00 00 02 12 34");
  card.reset();
  assert_string_equal(sw(card, "00 B0 00 00 02").c_str(), "6986");
  sw(card, kSelectEmrtd);
  sw(card, "00 A4 02 0C 02 01 01");
  assert_string_equal(send(card, "00 B0 00 00 02").c_str(),
                      "1234"
                      "9000");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(select_by_aid_then_fid),
      cmocka_unit_test(select_with_p2_00_returns_the_fcp),
      cmocka_unit_test(ef_card_access_lives_in_the_mf),
      cmocka_unit_test(read_needs_a_current_ef_and_le),
      cmocka_unit_test(update_then_read_back),
      cmocka_unit_test(offsets_and_lengths_beyond_the_file),
      cmocka_unit_test(read_by_short_ef_identifier),
      cmocka_unit_test(read_only_files_refuse_updates),
      cmocka_unit_test(get_challenge),
      cmocka_unit_test(class_and_instruction_checks),
      cmocka_unit_test(extended_length_when_offered),
      cmocka_unit_test(extended_length_refused_when_not),
      cmocka_unit_test(files_survive_a_reset_but_the_selection_does_not),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
