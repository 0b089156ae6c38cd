// ISO/IEC 19794-4:2005 finger image records: the header bytes as the
// standard lays them out (checked byte by byte here), round trip, and
// refusal of damaged records.
#include "station/biometrics/iso19794_4.hpp"

#include "biometrics_test_support.hpp"
#include "cmocka.hpp"

namespace {

namespace iso = station::biometrics::iso19794_4;
using biometrics_test::error_mismatch;

iso::FingerImageRecord two_thumbs_and_an_index() {
  iso::FingerImageRecord r;
  for (int position : {1, 1, 2}) {
    iso::FingerView v;
    v.position = position;
    v.quality = 60 + position;
    v.width = 800;
    v.height = 750;
    v.data = hal::Bytes(10 + std::size_t(position), std::uint8_t(position));
    r.views.push_back(v);
  }
  return r;
}

void header_bytes_follow_the_standard(void**) {
  auto encoded = iso::encode(two_thumbs_and_an_index());
  ASSERT_OK(encoded);
  const hal::Bytes& b = *encoded;
  std::size_t total = 32 + (14 + 11) + (14 + 11) + (14 + 12);
  assert_int_equal(b.size(), total);
  assert_memory_equal(b.data(),
                      "FIR\0"
                      "010\0",
                      8);
  assert_int_equal(
      std::uint64_t(b[8]) << 40 | std::uint64_t(b[9]) << 32 | b[10] << 24 | b[11] << 16 | b[12] << 8 | b[13], total);
  assert_int_equal(b[16] << 8 | b[17], 31);   // acquisition level
  assert_int_equal(b[18], 3);                 // finger images
  assert_int_equal(b[19], 1);                 // pixels per inch
  assert_int_equal(b[20] << 8 | b[21], 500);  // scan resolution
  assert_int_equal(b[24] << 8 | b[25], 500);  // image resolution
  assert_int_equal(b[28], 8);                 // pixel depth
  assert_int_equal(b[29], 2);                 // WSQ
  // First view header at 32: length, position, count of views, view number,
  // quality, impression, width, height, reserved.
  const std::uint8_t first[] = {0, 0, 0, 25, 1, 2, 1, 61, 1, 0x03, 0x20, 0x02, 0xEE, 0};
  assert_memory_equal(b.data() + 32, first, sizeof first);
  assert_int_equal(b[32 + 25 + 6], 2);  // second thumb view is view 2 of 2
  assert_int_equal(b[32 + 50 + 5], 1);  // the index: view 1 of 1
}

void record_round_trips(void**) {
  auto original = two_thumbs_and_an_index();
  auto parsed = iso::parse(iso::encode(original).value());
  ASSERT_OK(parsed);
  assert_int_equal(parsed->views.size(), 3);
  assert_int_equal(parsed->acquisition_level, 31);
  assert_int_equal(int(parsed->compression), int(iso::Compression::kWsq));
  for (std::size_t i = 0; i < 3; ++i) {
    assert_int_equal(parsed->views[i].position, original.views[i].position);
    assert_int_equal(parsed->views[i].quality, original.views[i].quality);
    assert_true(parsed->views[i].data == original.views[i].data);
  }
  assert_int_equal(parsed->views[1].view_number, 2);
  assert_int_equal(parsed->views[1].view_count, 2);
}

void damaged_records_are_refused(void**) {
  hal::Bytes good = iso::encode(two_thumbs_and_an_index()).value();
  hal::Bytes wrong_id = good;
  wrong_id[0] = 'X';
  assert_string_equal(error_mismatch(iso::parse(wrong_id), hal::ErrorCode::kCorrupt, "FIR").c_str(), "");
  hal::Bytes longer = good;
  longer.push_back(0);
  assert_string_equal(error_mismatch(iso::parse(longer), hal::ErrorCode::kCorrupt, "record length").c_str(), "");
  hal::Bytes view_too_long = good;
  view_too_long[35] = 200;
  assert_string_equal(error_mismatch(iso::parse(view_too_long), hal::ErrorCode::kCorrupt, "view 1 claims").c_str(), "");
  for (std::size_t length = 0; length < good.size(); ++length) {
    assert_false(iso::parse(hal::ByteView(good.data(), length)).ok());
  }
}

void invalid_records_are_not_written(void**) {
  iso::FingerImageRecord none;
  assert_string_equal(error_mismatch(iso::encode(none), hal::ErrorCode::kInvalidArgument, "0 finger views").c_str(),
                      "");
  auto r = two_thumbs_and_an_index();
  r.views[1].quality = 101;
  assert_string_equal(error_mismatch(iso::encode(r), hal::ErrorCode::kInvalidArgument, "view 2: quality 101").c_str(),
                      "");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(header_bytes_follow_the_standard),
      cmocka_unit_test(record_round_trips),
      cmocka_unit_test(damaged_records_are_refused),
      cmocka_unit_test(invalid_records_are_not_written),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
