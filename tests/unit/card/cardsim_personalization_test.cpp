// The simulated card's personalisation commands (CREATE FILE, odd-INS
// READ/UPDATE BINARY, PUT DATA, the lock, command chaining) and its saved
// state, checked against encodings written out from ISO/IEC 7816-4.
#include "default_layout.hpp"
#include "sim_card.hpp"
#include "state_file.hpp"
#include "cmocka.hpp"

namespace {

hal::Bytes hex(const std::string& text) { return hal::from_hex(text).value(); }

std::string send(card_sim::SimCard& card, const std::string& command) {
  return hal::to_hex(card.process(hex(command)));
}

std::string sw(card_sim::SimCard& card, const std::string& command) {
  std::string all = send(card, command);
  return all.substr(all.size() - 4);
}

card_sim::SimCard blank_card(card_sim::SimCardOptions options = {}) {
  return card_sim::SimCard(card_sim::blank_layout(), options);
}

const char* const kSelectEmrtd = "00 A4 04 0C 07 A0 00 00 02 47 10 01";
// CREATE FILE: 62 0B { 80 02 size  82 01 01  83 02 fid }
std::string create(const std::string& size4, const std::string& fid4) {
  return "00 E0 00 00 0D 62 0B 80 02 " + size4 + " 82 01 01 83 02 " + fid4;
}

void create_fixes_the_size_and_selects_the_file(void**) {
  auto card = blank_card();
  sw(card, kSelectEmrtd);
  assert_string_equal(sw(card, "00 A4 02 0C 02 01 01").c_str(), "6A82");
  assert_string_equal(sw(card, create("0004", "0101")).c_str(), "9000");
  // The new file is current: UPDATE needs no SELECT.
  assert_string_equal(sw(card, "00 D6 00 00 04 11 22 33 44").c_str(), "9000");
  assert_string_equal(sw(card, "00 D6 00 02 03 55 66 77").c_str(), "6700");
  assert_string_equal(sw(card, create("0010", "0101")).c_str(), "6A89");
  assert_string_equal(send(card, "00 A4 02 04 02 01 01 00").c_str(), "620B80020004820101830201019000");
  assert_string_equal(send(card, "00 B0 00 00 00").c_str(), "112233449000");
}

void create_refuses_malformed_fcps(void**) {
  auto card = blank_card();
  sw(card, kSelectEmrtd);
  assert_string_equal(sw(card, "00 E0 00 00 05 62 03 80 01 10").c_str(), "6A80");              // no FID
  assert_string_equal(sw(card, "00 E0 00 00 0D 62 0B 80 02 00 10 82 01 38 83 02 01 05").c_str(), "6A81");  // a DF
  assert_string_equal(sw(card, create("0000", "0105")).c_str(), "6A80");  // empty file
  assert_string_equal(sw(card, create("0010", "3F00")).c_str(), "6A89");  // the MF's FID
  assert_string_equal(sw(card, "00 E0 00 00 04 62 05 80 01").c_str(), "6A80");  // length past the end
  assert_string_equal(sw(card, "00 E0 00 01 0D 62 0B 80 02 00 10 82 01 01 83 02 01 05").c_str(), "6A86");
}

void memory_runs_out(void**) {
  card_sim::SimCard card(card_sim::blank_layout(100), {});
  sw(card, kSelectEmrtd);
  // EF.DIR already takes 11 of the 100 bytes.
  assert_string_equal(sw(card, create("0050", "0101")).c_str(), "9000");
  assert_string_equal(sw(card, create("0010", "0102")).c_str(), "6A84");
  assert_string_equal(sw(card, create("0009", "0102")).c_str(), "9000");
}

void odd_ins_reaches_beyond_32767(void**) {
  auto card = blank_card();
  sw(card, kSelectEmrtd);
  assert_string_equal(sw(card, create("8010", "0102")).c_str(), "9000");  // 32 784 bytes
  // UPDATE BINARY D7: 54 02 8000 (offset 32 768), 53 03 data.
  assert_string_equal(sw(card, "00 D7 00 00 09 54 02 80 00 53 03 AA BB CC").c_str(), "9000");
  assert_string_equal(send(card, "00 B1 00 00 04 54 02 80 00 06").c_str(), "5304AABBCC00" "9000");
  // Le counts the 53 header: Le 05 leaves room for 3 bytes.
  assert_string_equal(send(card, "00 B1 00 00 04 54 02 80 00 05").c_str(), "5303AABBCC" "9000");
  // The end of the file comes before Ne.
  assert_string_equal(send(card, "00 B1 00 00 04 54 02 80 0E 06").c_str(), "53020000" "6282");
  // Even INS cannot name that offset: P1 b8 means a short EF identifier.
  assert_string_equal(sw(card, "00 D6 80 00 01 00").c_str(), "6A82");
  assert_string_equal(sw(card, "00 D7 00 00 04 54 02 80 00").c_str(), "6A80");  // no data object
  assert_string_equal(sw(card, "00 D7 00 00 05 53 03 AA BB CC").c_str(), "6A80");  // no offset
  assert_string_equal(sw(card, "00 D7 00 00 08 54 02 80 10 53 02 AA BB").c_str(), "6B00");
  // P1-P2 of the odd form names an EF by FID.
  assert_string_equal(sw(card, create("0002", "0101")).c_str(), "9000");
  assert_string_equal(send(card, "00 B1 01 02 04 54 02 80 00 06").c_str(), "5304AABBCC00" "9000");
  assert_string_equal(sw(card, "00 B1 01 09 04 54 02 80 00 06").c_str(), "6A82");
}

void put_data_then_lock(void**) {
  auto card = blank_card();
  sw(card, kSelectEmrtd);
  sw(card, create("0002", "0101"));
  assert_string_equal(sw(card, "00 DA 00 C2 06 31 32 33 34 35 36").c_str(), "9000");
  assert_string_equal(sw(card, "00 DA 00 C2 06 31 32 33 34 35 41").c_str(), "6A80");
  assert_string_equal(sw(card, "00 DA 00 C1 03 01 02 03").c_str(), "6700");
  assert_string_equal(sw(card, "00 DA 00 C3 02 04 00").c_str(), "6A80");  // not a DER SEQUENCE
  assert_string_equal(sw(card, "00 DA 00 99 01 00").c_str(), "6A88");
  assert_string_equal(send(card, "00 CA 00 C0 00").c_str(), "009000");
  assert_string_equal(sw(card, "00 CA 00 C2 00").c_str(), "6982");  // secrets never come back
  assert_string_equal(sw(card, "00 DA 00 C0 01 02").c_str(), "6A80");
  assert_string_equal(sw(card, "00 DA 00 C0 01 01").c_str(), "9000");
  assert_string_equal(send(card, "00 CA 00 C0 00").c_str(), "019000");
  assert_string_equal(sw(card, "00 D6 00 00 01 00").c_str(), "6985");
  assert_string_equal(sw(card, "00 D7 00 00 06 54 01 00 53 01 00").c_str(), "6985");
  assert_string_equal(sw(card, create("0002", "0102")).c_str(), "6985");
  assert_string_equal(sw(card, "00 DA 00 C2 06 31 32 33 34 35 36").c_str(), "6985");
  assert_string_equal(sw(card, "00 DA 00 C0 01 01").c_str(), "6985");
  // Once locked, the application's files leave the card only under secure
  // messaging (card_sim/secure/).
  assert_string_equal(sw(card, "00 B0 00 00 02").c_str(), "6982");
}

void chained_put_data_arrives_whole(void**) {
  auto card = blank_card();
  // AA key in two parts: 10 DA ... then 00 DA ...
  assert_string_equal(sw(card, "10 DA 00 C3 02 30 03").c_str(), "9000");
  assert_string_equal(sw(card, "00 DA 00 C3 03 02 01 05").c_str(), "9000");
  assert_int_equal(card.state().data_objects.at(0x00C3).size(), 5);
  // A chain broken by another command is dropped.
  assert_string_equal(sw(card, "10 DA 00 C4 02 30 03").c_str(), "9000");
  assert_string_equal(sw(card, "00 DA 00 C3 03 02 01 05").c_str(), "6883");
  assert_int_equal(card.state().data_objects.count(0x00C4), 0);
  // A reset drops a chain in progress.
  assert_string_equal(sw(card, "10 DA 00 C4 02 30 03").c_str(), "9000");
  card.reset();
  assert_string_equal(sw(card, "00 DA 00 C4 03 02 01 05").c_str(), "6A80");
}

void a_lying_card_states_more_than_it_keeps(void**) {
  card_sim::SimCard card(card_sim::blank_layout(), {false, true, 16});
  sw(card, kSelectEmrtd);
  assert_string_equal(sw(card, create("0020", "0101")).c_str(), "9000");
  assert_string_equal(send(card, "00 A4 02 04 02 01 01 00").c_str(), "620B80020020820101830201019000");
  assert_string_equal(sw(card, "00 D6 00 10 01 00").c_str(), "6B00");
}

void state_survives_saving_and_loading(void**) {
  auto card = blank_card();
  sw(card, "00 A4 00 0C 02 3F 00");
  sw(card, create("0003", "011C"));
  sw(card, "00 D6 00 00 03 01 02 03");
  sw(card, kSelectEmrtd);
  sw(card, create("0002", "0101"));
  sw(card, "00 DA 00 C2 06 31 32 33 34 35 36");
  sw(card, "00 DA 00 C0 01 01");
  const std::string saved = card_sim::serialize_state(card.state());
  assert_string_equal(saved.c_str(),
                      "card-sim-state 1\n"
                      "lifecycle operational\n"
                      "mf-ef 2F00 ro - 61094F07A0000002471001\n"
                      "mf-ef 011C rw - 010203\n"
                      "df 0000 A0000002471001\n"
                      "ef 0101 rw - 0000\n"
                      "do 00C2 313233343536\n");
  auto loaded = card_sim::parse_state(saved, card_sim::kDefaultCapacity);
  ASSERT_OK(loaded);
  card_sim::SimCard again(std::move(*loaded), {});
  assert_string_equal(card_sim::serialize_state(again.state()).c_str(), saved.c_str());
  assert_string_equal(sw(again, "00 D6 00 00 01 00").c_str(), "6985");
  assert_string_equal(send(again, "00 B0 9C 00 00").c_str(), "0102039000");

  assert_int_equal(card_sim::parse_state("card-sim-state 1\nef 0101 rw - 00\n", 100).error().code,
                   hal::ErrorCode::kCorrupt);
  assert_int_equal(card_sim::parse_state("hello\n", 100).error().code, hal::ErrorCode::kCorrupt);
  assert_int_equal(card_sim::parse_state("card-sim-state 1\nmf-ef 01 rw - 00\n", 100).error().code,
                   hal::ErrorCode::kCorrupt);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(create_fixes_the_size_and_selects_the_file),
      cmocka_unit_test(create_refuses_malformed_fcps),
      cmocka_unit_test(memory_runs_out),
      cmocka_unit_test(odd_ins_reaches_beyond_32767),
      cmocka_unit_test(put_data_then_lock),
      cmocka_unit_test(chained_put_data_arrives_whole),
      cmocka_unit_test(a_lying_card_states_more_than_it_keeps),
      cmocka_unit_test(state_survives_saving_and_loading),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
