// ISO/IEC 19794-2:2005 finger minutiae records: the bytes the standard lays
// out (written out by hand here from its field table), the round trip, and
// every way a record can be bad.
#include <cmath>
#include <cstring>
#include <numbers>

#include "station/biometrics/iso19794_2.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;
namespace iso = station::biometrics::iso19794_2;
using hal::ErrorCode;

constexpr double kDeg = std::numbers::pi / 180;

iso::FingerMinutiaeRecord one_view() {
  iso::FingerMinutiaeRecord r;
  r.width = 800;
  r.height = 750;
  iso::FingerMinutiaeView v;
  v.position = 7;
  v.impression = 1;
  v.quality = 80;
  v.minutiae.push_back({100, 200, 90 * kDeg, MinutiaType::kEnding, 50});
  v.minutiae.push_back({799, 0, 359 * kDeg, MinutiaType::kBifurcation, 0});
  r.views.push_back(v);
  return r;
}

template <typename T>
void expect(const hal::Result<T>& result, ErrorCode code, const char* words) {
  if (result.ok()) fail_msg("expected %s with '%s', but it was accepted", std::string(hal::to_string(code)).c_str(), words);
  const hal::Error& e = result.error();
  if (e.code != code || e.message.find(words) == std::string::npos) {
    fail_msg("expected %s with '%s', got '%s'", std::string(hal::to_string(code)).c_str(), words, e.describe().c_str());
  }
}

void the_bytes_are_the_standard_s_layout(void**) {
  auto bytes = iso::encode(one_view());
  ASSERT_OK(bytes);
  const std::uint8_t expected[] = {
      'F', 'M', 'R', 0, ' ', '2', '0', 0,  // format identifier, version
      0, 0, 0, 24 + 4 + 12 + 2,            // record length
      0, 0,                                // compliance 0, equipment 0
      0x03, 0x20, 0x02, 0xEE,              // 800 x 750
      0, 197, 0, 197,                      // 500 ppi in px per cm
      1, 0,                                // one view, reserved
      7, 0x01, 80, 2,                      // FGP 7, view 0 / live-scan rolled, quality 80, 2 minutiae
      0x40, 100, 0, 200, 64, 50,           // ending (01) at 100, 200; 90 deg = 64 units; quality 50
      0x83, 0x1F, 0, 0, 255, 0,            // fork (10) at 799, 0; 359 deg = 255.3 units
      0, 0,                                // no extended data
  };
  assert_int_equal(bytes->size(), sizeof expected);
  assert_memory_equal(bytes->data(), expected, sizeof expected);
}

void a_record_comes_back_as_written(void**) {
  iso::FingerMinutiaeRecord r = one_view();
  r.compliance = 8;
  r.equipment_id = 0x123;
  iso::FingerMinutiaeView second;
  second.position = 3;
  second.view = 1;
  second.impression = 0;
  for (int i = 0; i < 255; ++i) second.minutiae.push_back({i * 3, i * 2, i * 1.4 * kDeg, MinutiaType::kEnding, i % 101});
  second.extended = {1, 2, 3};
  r.views.push_back(second);
  auto bytes = iso::encode(r);
  ASSERT_OK(bytes);
  auto back = iso::parse(*bytes);
  ASSERT_OK(back);
  assert_int_equal(back->compliance, 8);
  assert_int_equal(back->equipment_id, 0x123);
  assert_int_equal(back->views.size(), 2);
  for (std::size_t v = 0; v < 2; ++v) {
    const auto& a = r.views[v];
    const auto& b = back->views[v];
    assert_int_equal(a.position, b.position);
    assert_int_equal(a.view, b.view);
    assert_int_equal(a.impression, b.impression);
    assert_int_equal(a.minutiae.size(), b.minutiae.size());
    assert_true(a.extended == b.extended);
    for (std::size_t i = 0; i < a.minutiae.size(); ++i) {
      assert_int_equal(a.minutiae[i].x, b.minutiae[i].x);
      assert_int_equal(a.minutiae[i].y, b.minutiae[i].y);
      assert_true(a.minutiae[i].type == b.minutiae[i].type);
      assert_int_equal(a.minutiae[i].quality, b.minutiae[i].quality);
      double d = std::remainder(a.minutiae[i].angle - b.minutiae[i].angle, 2 * std::numbers::pi);
      assert_true(std::abs(d) <= 0.71 * kDeg);
    }
  }
}

void damaged_records_are_refused_by_field(void**) {
  auto good = iso::encode(one_view());
  ASSERT_OK(good);
  for (std::size_t n = 0; n < good->size(); ++n) {  // every truncation
    auto cut = iso::parse(hal::ByteView(good->data(), n));
    assert_false(cut.ok());
    assert_int_equal(cut.error().code, ErrorCode::kCorrupt);
  }
  auto damaged = [&](std::size_t at, std::uint8_t value) {
    hal::Bytes b = *good;
    b[at] = value;
    return iso::parse(b);
  };
  expect(damaged(0, 'X'), ErrorCode::kCorrupt, "not a finger minutiae record");
  expect(damaged(5, '3'), ErrorCode::kCorrupt, "version");
  expect(damaged(11, 43), ErrorCode::kCorrupt, "record length 43");
  expect(damaged(23, 1), ErrorCode::kCorrupt, "reserved byte");
  expect(damaged(24, 11), ErrorCode::kCorrupt, "finger position 11");
  expect(damaged(25, 0x05), ErrorCode::kCorrupt, "impression type 5");
  expect(damaged(28, 0xC0), ErrorCode::kCorrupt, "type code 11 is reserved");
  expect(damaged(30, 0x0F), ErrorCode::kCorrupt, "lies outside the 800 x 750 image");
  expect(damaged(33, 101), ErrorCode::kCorrupt, "quality 101");
  expect(damaged(27, 3), ErrorCode::kCorrupt, "3 minutiae run past the end");
  hal::Bytes longer = *good;
  longer.push_back(0);
  longer[11] = static_cast<std::uint8_t>(longer.size());
  expect(iso::parse(longer), ErrorCode::kCorrupt, "after the last finger view");
}

void limits_are_held_before_reading(void**) {
  auto good = iso::encode(one_view());
  ASSERT_OK(good);
  iso::RecordLimits tight;
  tight.max_bytes = 40;
  expect(iso::parse(*good, tight), ErrorCode::kInvalidArgument, "more than the 40 allowed");
  tight = {};
  tight.max_views = 0;
  expect(iso::parse(*good, tight), ErrorCode::kInvalidArgument, "1 finger views");
  hal::Bytes big_extended = *good;
  big_extended[big_extended.size() - 2] = 0x20;  // claims 8 KiB of extended data
  expect(iso::parse(big_extended), ErrorCode::kInvalidArgument, "extended data");
}

void bad_records_are_not_written(void**) {
  iso::FingerMinutiaeRecord r = one_view();
  r.views[0].minutiae.resize(256);
  expect(iso::encode(r), ErrorCode::kInvalidArgument, "256 minutiae");
  r = one_view();
  r.views[0].minutiae[1].x = 800;
  expect(iso::encode(r), ErrorCode::kInvalidArgument, "view 1, minutia 2 at (800, 0) lies outside");
  r = one_view();
  r.views[0].impression = 5;
  expect(iso::encode(r), ErrorCode::kInvalidArgument, "impression type 5");
  r = one_view();
  r.width = 20000;
  expect(iso::encode(r), ErrorCode::kInvalidArgument, "outside 1..16383");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(the_bytes_are_the_standard_s_layout),
      cmocka_unit_test(a_record_comes_back_as_written),
      cmocka_unit_test(damaged_records_are_refused_by_field),
      cmocka_unit_test(limits_are_held_before_reading),
      cmocka_unit_test(bad_records_are_not_written),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
