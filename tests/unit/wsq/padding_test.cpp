// Padding at the end of a WSQ block, as NIST's tools write and read it: the
// 1-bits up to the byte's end, plus possibly a whole byte of ones (stored
// FF 00) before the marker. Read as NIST's decoder reads it; anything longer
// or not all ones is still damage.
#include <vector>

#include "biometrics_test_support.hpp"
#include "cmocka.hpp"
#include "station/biometrics/wsq.hpp"
#include "wsq/huffman.hpp"
#include "wsq/markers.hpp"

namespace {

namespace bio = station::biometrics;
namespace wsq = station::biometrics::wsq;
using biometrics_test::error_mismatch;

// Three two-bit codes: 00 a run of one zero, 01 the value 1, 10 the value
// -1; 11 is no code, as in every WSQ table.
wsq::HuffmanTable two_bit_table() {
  wsq::HuffmanTable table;
  table.counts[1] = 3;
  table.symbols = {1, 181, 179};
  return table;
}

hal::Result<std::vector<std::int16_t>> decode(const hal::Bytes& coded) {
  std::vector<std::int16_t> out(8, 99);
  std::size_t written = 0;
  auto status = wsq::decode_coefficients(coded, two_bit_table(), out, &written);
  if (!status) return status.error();
  out.resize(written);
  return out;
}

void a_whole_byte_of_ones_after_an_aligned_block_is_padding(void**) {
  // 00 01 10 00: four codes filling one byte exactly, then FF 00.
  auto plain = decode({0x18});
  auto padded = decode({0x18, 0xFF, 0x00});
  ASSERT_OK(plain);
  ASSERT_OK(padded);
  assert_true(*padded == (std::vector<std::int16_t>{0, 1, -1, 0}));
  assert_true(*padded == *plain);
}

void a_partial_byte_then_a_whole_byte_of_ones_is_padding(void**) {
  // 00 01 10 then 11 (two ones), then eight more: ten padding bits.
  auto padded = decode({0x1B, 0xFF, 0x00});
  ASSERT_OK(padded);
  assert_true(*padded == (std::vector<std::int16_t>{0, 1, -1}));
}

void more_than_a_byte_of_padding_or_zeros_in_it_is_damage(void**) {
  assert_string_equal(error_mismatch(decode({0x18, 0xFF, 0x00, 0xFF, 0x00}), hal::ErrorCode::kCorrupt, "match no")
                          .c_str(),
                      "");
  assert_string_equal(error_mismatch(decode({0x18, 0xFE}), hal::ErrorCode::kCorrupt, "match no").c_str(), "");
}

// `wsq` with FF 00 added at the end of every block's coded data.
hal::Bytes with_a_byte_of_ones_per_block(const hal::Bytes& file) {
  auto stream = wsq::parse_code_stream(file);
  ASSERT_OK(stream);
  hal::Bytes out = file;
  for (auto block = stream->blocks.rbegin(); block != stream->blocks.rend(); ++block) {
    auto end = out.begin() + std::ptrdiff_t(block->offset + block->coded.size());
    out.insert(end, {0xFF, 0x00});
  }
  return out;
}

void a_file_padded_like_nists_decodes_to_the_same_pixels(void**) {
  auto image = biometrics_test::ridge_pattern(300, 260);
  auto encoded = wsq::encode(image);
  ASSERT_OK(encoded);
  auto padded = with_a_byte_of_ones_per_block(*encoded);
  assert_int_equal(padded.size(), encoded->size() + 2 * wsq::parse_code_stream(*encoded)->blocks.size());
  auto plain = wsq::decode(*encoded);
  auto read = wsq::decode(padded);
  ASSERT_OK(plain);
  ASSERT_OK(read);
  assert_true(read->image == plain->image);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_whole_byte_of_ones_after_an_aligned_block_is_padding),
      cmocka_unit_test(a_partial_byte_then_a_whole_byte_of_ones_is_padding),
      cmocka_unit_test(more_than_a_byte_of_padding_or_zeros_in_it_is_damage),
      cmocka_unit_test(a_file_padded_like_nists_decodes_to_the_same_pixels),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
