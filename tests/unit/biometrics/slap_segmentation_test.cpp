// Slap segmentation against the synthetic hand's truth, and its answers for
// images that hold no proper slap.
#include <cmath>
#include <cstring>

#include "station/biometrics/slap_segmentation.hpp"
#include "station/biometrics/synthetic_hand.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;
using hal::ErrorCode;

SyntheticHand& hand() {
  static SyntheticHand h(11);
  return h;
}

void expect_finding(const SlapSegmentation& s, const char* words) {
  if (s.finding.find(words) == std::string::npos) fail_msg("finding '%s' lacks '%s'", s.finding.c_str(), words);
}

void each_fingertip_is_found_named_and_placed(void**) {
  auto slap = hand().slap(SlapKind::kRightFour);
  ASSERT_OK(slap);
  auto seg = segment_slap(slap->image, SlapKind::kRightFour);
  ASSERT_OK(seg);
  assert_true(seg->complete());
  assert_int_equal(seg->tips.size(), 4);
  for (std::size_t i = 0; i < 4; ++i) {
    const FingertipSegment& got = seg->tips[i];
    const SlapTipTruth& truth = slap->tips[i];
    double off = std::hypot(got.centre.x - truth.centre.x, got.centre.y - truth.centre.y);
    std::printf("FGP %d: centre off by %.1f px, lean %.1f (true %.1f) deg, box %u..%u x %u..%u (true %u..%u x %u..%u)\n",
                got.position, off, got.angle, truth.angle, got.left, got.right, got.top, got.bottom, truth.left,
                truth.right, truth.top, truth.bottom);
    assert_int_equal(got.position, truth.position);
    assert_true(off < 20);
    assert_true(std::abs(got.angle - truth.angle) < 6);
    assert_true(std::abs(double(got.left) - truth.left) < 30 && std::abs(double(got.right) - truth.right) < 30);
    assert_true(std::abs(double(got.top) - truth.top) < 30 && std::abs(double(got.bottom) - truth.bottom) < 30);
  }
}

void a_slap_with_three_fingers_names_none_and_says_why(void**) {
  std::vector<SlapFinger> fingers;
  for (int position : {2, 3, 4}) fingers.push_back({hand().finger(position), position});
  fingers.push_back({nullptr, 0});
  auto slap = render_slap(SlapKind::kRightFour, fingers);
  ASSERT_OK(slap);
  auto seg = segment_slap(slap->image, SlapKind::kRightFour);
  ASSERT_OK(seg);
  assert_false(seg->complete());
  assert_int_equal(seg->tips.size(), 3);
  expect_finding(*seg, "found 3 fingertips where a slap of the right four fingers has 4");
  for (const auto& tip : seg->tips) assert_int_equal(tip.position, 0);
}

// A real slap often shows a finger's second joint below its tip, parted by
// the crease: here the middle of the middle fingertip, pressed again below it.
void a_second_joint_below_a_tip_is_not_a_fingertip(void**) {
  auto slap = hand().slap(SlapKind::kRightFour);
  ASSERT_OK(slap);
  GreyImage image = slap->image;
  const SlapTipTruth& middle = slap->tips[1];
  std::uint32_t height = 150, below = middle.bottom + 30;
  assert_true(below + height < image.height());
  for (std::uint32_t y = 0; y < height; ++y) {
    for (std::uint32_t x = middle.left + 60; x + 60 <= middle.right; ++x) image.at(x, below + y) = image.at(x, middle.top + 150 + y);
  }
  auto seg = segment_slap(image, SlapKind::kRightFour);
  ASSERT_OK(seg);
  if (!seg->complete()) fail_msg("%s", seg->finding.c_str());
  assert_int_equal(seg->tips.size(), 4);
  assert_true(std::abs(seg->tips[1].centre.y - middle.centre.y) < 20);
}

void blank_and_black_platens_say_what_they_show(void**) {
  GreyImage blank(1600, 1000, 232);
  for (std::uint32_t y = 0; y < 1000; ++y) {
    for (std::uint32_t x = 0; x < 1600; ++x) blank.at(x, y) = static_cast<std::uint8_t>(229 + (x * 7 + y * 13) % 7);
  }
  auto empty = segment_slap(blank, SlapKind::kLeftFour);
  ASSERT_OK(empty);
  assert_int_equal(empty->tips.size(), 0);
  expect_finding(*empty, "blank");
  auto black = segment_slap(GreyImage(1600, 1000, 0), SlapKind::kThumbs);
  ASSERT_OK(black);
  assert_int_equal(black->tips.size(), 0);
  expect_finding(*black, "black");
}

void tiny_and_huge_images_are_refused_by_size(void**) {
  auto tiny = segment_slap(GreyImage(120, 90, 128), SlapKind::kRightFour);
  assert_false(tiny.ok());
  assert_int_equal(tiny.error().code, ErrorCode::kInvalidArgument);
  assert_non_null(std::strstr(tiny.error().message.c_str(), "120 x 90"));
  SegmentationLimits small;
  small.max_pixels = 1000 * 1000;
  auto huge = segment_slap(GreyImage(1600, 1000, 128), SlapKind::kRightFour, small);
  assert_false(huge.ok());
  assert_non_null(std::strstr(huge.error().message.c_str(), "1600 x 1000 image is larger"));
  auto none = segment_slap(GreyImage(), SlapKind::kRightFour);
  assert_false(none.ok());
  assert_non_null(std::strstr(none.error().message.c_str(), "empty"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(each_fingertip_is_found_named_and_placed),
      cmocka_unit_test(a_slap_with_three_fingers_names_none_and_says_why),
      cmocka_unit_test(a_second_joint_below_a_tip_is_not_a_fingertip),
      cmocka_unit_test(blank_and_black_platens_say_what_they_show),
      cmocka_unit_test(tiny_and_huge_images_are_refused_by_size),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
