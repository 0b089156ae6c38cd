// Huffman tables and coefficient coding: tables respect JPEG's limits,
// every kind of symbol (runs, in-table values, 8- and 16-bit escapes)
// survives the round trip, and the decoder refuses what it cannot decode.
#include "wsq/huffman.hpp"

#include <vector>

#include "biometrics_test_support.hpp"
#include "cmocka.hpp"

namespace {

namespace wsq = station::biometrics::wsq;
using biometrics_test::error_mismatch;

std::vector<std::int16_t> awkward_coefficients() {
  std::vector<std::int16_t> c;
  for (int v : {1, -1, -73, 74, 75, -74, 255, -255, 256, -256, 32767, -32767, 3, 0, 0, 7}) c.push_back(std::int16_t(v));
  for (std::size_t run : {1u, 99u, 100u, 101u, 255u, 256u, 65535u, 65536u, 70000u}) {
    c.insert(c.end(), run, 0);
    c.push_back(std::int16_t(run % 50 + 1));
  }
  c.insert(c.end(), 300, 0);  // a block may end in a run
  return c;
}

wsq::HuffmanTable table_for(const std::vector<std::int16_t>& c) {
  wsq::SymbolCounts counts{};
  wsq::count_symbols(c, counts);
  return wsq::build_table(counts);
}

std::vector<std::int16_t> decode_all(const hal::Bytes& coded, const wsq::HuffmanTable& table, std::size_t size) {
  std::vector<std::int16_t> out(size, 99);
  std::size_t written = 0;
  ASSERT_OK(wsq::decode_coefficients(coded, table, out, &written));
  assert_int_equal(written, size);
  return out;
}

void every_symbol_kind_round_trips(void**) {
  auto c = awkward_coefficients();
  auto table = table_for(c);
  auto coded = wsq::encode_coefficients(c, table);
  assert_true(decode_all(coded, table, c.size()) == c);
}

void coded_bytes_stuff_every_ff(void**) {
  // Evenly used values get codes of about 8 bits; the last ones in code
  // order are mostly ones, so FF bytes come up often.
  std::vector<std::int16_t> c;
  for (int i = 0; i < 5000; ++i) {
    int v = i % 147 - 73;
    c.push_back(std::int16_t(v == 0 ? 74 : v));
  }
  auto table = table_for(c);
  auto coded = wsq::encode_coefficients(c, table);
  int stuffed = 0;
  for (std::size_t i = 0; i < coded.size(); ++i) {
    if (coded[i] != 0xFF) continue;
    assert_true(i + 1 < coded.size());
    assert_int_equal(coded[i + 1], 0x00);
    ++stuffed;
  }
  assert_true(stuffed > 0);
  assert_true(decode_all(coded, table, c.size()) == c);
}

void tables_stay_within_sixteen_bits_and_leave_all_ones_free(void**) {
  // Fibonacci-like counts would need codes far longer than 16 bits.
  wsq::SymbolCounts counts{};
  std::uint32_t a = 1, b = 1;
  for (int s = 107; s < 107 + 40; ++s) {
    counts[std::size_t(s)] = a;
    std::uint32_t next = a + b;
    a = b;
    b = std::min<std::uint32_t>(next, 1u << 30);
  }
  auto table = wsq::build_table(counts);
  ASSERT_OK(table.validate());
  assert_int_equal(table.symbols.size(), 40);
  // Kraft sum strictly below one: some code (the all-ones one) is unused.
  std::uint64_t space = 0;
  for (int length = 1; length <= 16; ++length) space += std::uint64_t(table.counts[length - 1]) << (16 - length);
  assert_true(space < (1u << 16));
}

void empty_block_still_gets_a_table(void**) {
  auto table = table_for({});
  ASSERT_OK(table.validate());
  assert_true(wsq::encode_coefficients({}, table).empty());
}

void overfull_table_is_corrupt(void**) {
  wsq::HuffmanTable table;
  table.counts[0] = 3;  // three one-bit codes cannot exist
  table.symbols = {1, 2, 3};
  assert_string_equal(error_mismatch(table.validate(), hal::ErrorCode::kCorrupt, "more codes").c_str(), "");
  table.counts[0] = 1;
  assert_string_equal(error_mismatch(table.validate(), hal::ErrorCode::kCorrupt, "symbols").c_str(), "");
}

void decoder_refuses_overflow_and_unknown_symbols(void**) {
  auto c = awkward_coefficients();
  auto table = table_for(c);
  auto coded = wsq::encode_coefficients(c, table);
  std::vector<std::int16_t> small(c.size() - 10);
  std::size_t written = 0;
  assert_string_equal(
      error_mismatch(wsq::decode_coefficients(coded, table, small, &written), hal::ErrorCode::kCorrupt, "overflows")
          .c_str(),
      "");

  // A table whose only symbol (0) means nothing in WSQ.
  wsq::HuffmanTable odd;
  odd.counts[0] = 1;
  odd.symbols = {0};
  std::vector<std::int16_t> out(8);
  written = 0;
  hal::Bytes zeros{0x00};
  assert_string_equal(
      error_mismatch(wsq::decode_coefficients(zeros, odd, out, &written), hal::ErrorCode::kCorrupt, "not a WSQ symbol")
          .c_str(),
      "");
}

void decoder_refuses_bits_that_match_no_code(void**) {
  wsq::HuffmanTable table;
  table.counts[1] = 1;  // one two-bit code, "00", for a run of one zero
  table.symbols = {1};
  std::vector<std::int16_t> out(64);
  std::size_t written = 0;
  hal::Bytes bits{0x3F, 0x12};  // 00 then 11...: the second code is invalid
  assert_string_equal(
      error_mismatch(wsq::decode_coefficients(bits, table, out, &written), hal::ErrorCode::kCorrupt, "match no")
          .c_str(),
      "");
}

void decoder_refuses_a_cut_escape(void**) {
  std::vector<std::int16_t> c{1000};
  auto table = table_for(c);
  auto coded = wsq::encode_coefficients(c, table);
  coded.resize(1);  // the 16-bit magnitude is gone
  std::vector<std::int16_t> out(4);
  std::size_t written = 0;
  auto status = wsq::decode_coefficients(coded, table, out, &written);
  assert_false(status.ok());
  assert_int_equal(int(status.error().code), int(hal::ErrorCode::kCorrupt));
}

// A table and a bit stream written by hand from the WSQ specification
// (IAFIS-IC-0110, Huffman coding of quantized coefficients; the same
// symbol meanings as NIST's NBIS decoder): symbols 1..100 are runs of zeros,
// 101/102 an 8-bit positive/negative value, 103/104 a 16-bit one, 105/106 an
// 8-/16-bit run of zeros, 107..254 the values -73..74 (symbol - 180). Codes
// are JPEG's canonical ones: seven of 3 bits (000..110), one of 4 (1110).
wsq::HuffmanTable hand_table() {
  wsq::HuffmanTable table;
  table.counts[2] = 7;
  table.counts[3] = 1;
  table.symbols = {181, 3, 101, 102, 103, 104, 105, 254};
  return table;
}

//   000              181: +1
//   001              3: three zeros
//   010 11001000     101: +200
//   011 11001000     102: -200
//   100 0011111111111111   103: +16383
//   101 0000000100101100   104: -300
//   110 11111010     105: 250 zeros
//   1110             254: +74
//   1111111          padding with ones to the byte
// 05 64 3C 88 7F FF 40 4B 37 D7 7F, the FF stuffed with a 00.
const hal::Bytes kHandStream{0x05, 0x64, 0x3C, 0x88, 0x7F, 0xFF, 0x00, 0x40, 0x4B, 0x37, 0xD7, 0x7F};

std::vector<std::int16_t> hand_coefficients() {
  std::vector<std::int16_t> c{1, 0, 0, 0, 200, -200, 16383, -300};
  c.insert(c.end(), 250, 0);
  c.push_back(74);
  return c;
}

void a_hand_made_stream_decodes_as_the_specification_says(void**) {
  auto table = hand_table();
  ASSERT_OK(table.validate());
  const auto expected = hand_coefficients();
  assert_true(decode_all(kHandStream, table, expected.size()) == expected);
}

void the_encoder_writes_the_hand_made_stream(void**) {
  assert_true(wsq::encode_coefficients(hand_coefficients(), hand_table()) == kHandStream);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_symbol_kind_round_trips),
      cmocka_unit_test(coded_bytes_stuff_every_ff),
      cmocka_unit_test(tables_stay_within_sixteen_bits_and_leave_all_ones_free),
      cmocka_unit_test(empty_block_still_gets_a_table),
      cmocka_unit_test(overfull_table_is_corrupt),
      cmocka_unit_test(decoder_refuses_overflow_and_unknown_symbols),
      cmocka_unit_test(decoder_refuses_bits_that_match_no_code),
      cmocka_unit_test(decoder_refuses_a_cut_escape),
      cmocka_unit_test(a_hand_made_stream_decodes_as_the_specification_says),
      cmocka_unit_test(the_encoder_writes_the_hand_made_stream),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
