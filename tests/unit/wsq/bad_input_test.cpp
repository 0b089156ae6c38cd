// Damaged and forged WSQ data: every failure is a clear error naming what
// broke and where, never a crash or a huge allocation (this suite also runs
// under ASan and UBSan).
#include <set>

#include "biometrics_test_support.hpp"
#include "station/biometrics/wsq.hpp"
#include "cmocka.hpp"

namespace {

namespace wsq = station::biometrics::wsq;
using biometrics_test::error_mismatch;
using biometrics_test::find_segment;
using biometrics_test::header_segments;

hal::Bytes small_file() {
  auto encoded = wsq::encode(biometrics_test::ridge_pattern(64, 48));
  ASSERT_OK(encoded);
  return *encoded;
}

void put_u16(hal::Bytes& bytes, std::size_t at, unsigned value) {
  bytes[at] = std::uint8_t(value >> 8);
  bytes[at + 1] = std::uint8_t(value);
}

void expect(const hal::Bytes& data, hal::ErrorCode code, const std::string& words) {
  assert_string_equal(error_mismatch(wsq::decode(data), code, words).c_str(), "");
}

void not_wsq_at_all(void**) {
  expect({}, hal::ErrorCode::kCorrupt, "SOI");
  expect({0xFF, 0xD8, 0xFF, 0xE0}, hal::ErrorCode::kCorrupt, "SOI marker (FFA0) is missing");
}

void every_truncation_is_an_error(void**) {
  hal::Bytes full = small_file();
  for (std::size_t length = 0; length < full.size(); ++length) {
    hal::Bytes cut(full.begin(), full.begin() + std::ptrdiff_t(length));
    auto decoded = wsq::decode(cut);
    if (decoded.ok()) fail_msg("a file cut to %zu of %zu bytes decoded", length, full.size());
    assert_int_equal(int(decoded.error().code), int(hal::ErrorCode::kCorrupt));
    assert_non_null(strstr(decoded.error().message.c_str(), "WSQ"));
  }
}

// Where a flip must be refused: SOI and the FF that opens every header
// segment's marker (with it gone, no segment can be found).
std::set<std::size_t> marker_bytes(const hal::Bytes& wsq) {
  std::set<std::size_t> at{0, 1};
  for (const auto& segment : header_segments(wsq)) at.insert(segment.offset);
  return at;
}

void flipped_bytes_never_crash(void**) {
  hal::Bytes full = small_file();
  const auto markers = marker_bytes(full);
  int refused = 0, refused_at_markers = 0;
  for (std::size_t at = 0; at < full.size(); ++at) {
    for (std::uint8_t mask : {0x01, 0x80, 0xFF}) {
      hal::Bytes damaged = full;
      damaged[at] ^= mask;
      auto decoded = wsq::decode(damaged);
      if (decoded.ok()) continue;
      ++refused;
      if (markers.contains(at)) ++refused_at_markers;
    }
  }
  print_message("%d of %zu damaged files refused (%d of %zu at marker bytes), the rest decoded to some image\n",
                refused, 3 * full.size(), refused_at_markers, 3 * markers.size());
  assert_int_equal(refused_at_markers, 3 * markers.size());
  assert_true(refused > refused_at_markers);
}

void absurd_dimensions_are_refused_before_allocating(void**) {
  hal::Bytes data = small_file();
  auto sof = find_segment(header_segments(data), 0xFFA2);
  assert_true(sof.has_value());
  put_u16(data, sof->offset + 6, 60000);  // height
  put_u16(data, sof->offset + 8, 60000);  // width
  expect(data, hal::ErrorCode::kUnsupported, "60000x60000 exceeds the decoder's limit");

  // Within the limit but far bigger than the coded data: the blocks run dry.
  put_u16(data, sof->offset + 6, 4000);
  put_u16(data, sof->offset + 8, 4000);
  expect(data, hal::ErrorCode::kCorrupt, "coefficients");
}

void empty_frame_is_corrupt(void**) {
  hal::Bytes data = small_file();
  auto sof = find_segment(header_segments(data), 0xFFA2);
  put_u16(data, sof->offset + 8, 0);
  expect(data, hal::ErrorCode::kCorrupt, "SOF gives an empty image");
}

void non_standard_filters_are_unsupported(void**) {
  hal::Bytes data = small_file();
  auto dtt = find_segment(header_segments(data), 0xFFA4);
  data[dtt->offset + 4] = 8;  // an 8-tap lowpass filter
  expect(data, hal::ErrorCode::kUnsupported, "only the standard 9/7 pair");
  data = small_file();
  data[dtt->offset + 8] ^= 0x40;  // the centre lowpass tap, top byte
  expect(data, hal::ErrorCode::kUnsupported, "lowpass tap");
}

void segment_running_past_the_end_names_it(void**) {
  hal::Bytes data = small_file();
  auto dqt = find_segment(header_segments(data), 0xFFA5);
  put_u16(data, dqt->offset + 2, 0xFFF0);
  expect(data, hal::ErrorCode::kCorrupt, "DQT segment length 65520 runs past the end");
  expect(data, hal::ErrorCode::kCorrupt, "(offset " + std::to_string(dqt->offset) + ")");
}

void missing_tables_are_named(void**) {
  hal::Bytes data = small_file();
  auto segments = header_segments(data);
  auto dqt = find_segment(segments, 0xFFA5);
  hal::Bytes without_dqt(data.begin(), data.begin() + std::ptrdiff_t(dqt->offset));
  without_dqt.insert(without_dqt.end(), data.begin() + std::ptrdiff_t(dqt->offset + 2 + dqt->length), data.end());
  expect(without_dqt, hal::ErrorCode::kCorrupt, "SOB before any DQT");

  auto sob = find_segment(segments, 0xFFA3);
  hal::Bytes bad_table = data;
  bad_table[sob->offset + 4] = 5;
  expect(bad_table, hal::ErrorCode::kCorrupt, "Huffman table 5, which no DHT defined");
}

void unknown_marker_is_named(void**) {
  hal::Bytes data = small_file();
  auto dtt = find_segment(header_segments(data), 0xFFA4);
  put_u16(data, dtt->offset, 0xFFC4);  // a JPEG DHT where a WSQ segment belongs
  expect(data, hal::ErrorCode::kCorrupt, "unexpected marker FFC4");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(not_wsq_at_all),
      cmocka_unit_test(every_truncation_is_an_error),
      cmocka_unit_test(flipped_bytes_never_crash),
      cmocka_unit_test(absurd_dimensions_are_refused_before_allocating),
      cmocka_unit_test(empty_frame_is_corrupt),
      cmocka_unit_test(non_standard_filters_are_unsupported),
      cmocka_unit_test(segment_running_past_the_end_names_it),
      cmocka_unit_test(missing_tables_are_named),
      cmocka_unit_test(unknown_marker_is_named),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
