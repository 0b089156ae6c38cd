// The quality score at its extremes, where an examiner's ranking is not in
// doubt, and on inputs it must refuse.
#include "degrade.hpp"
#include "station/biometrics/quality.hpp"
#include "station/biometrics/synthetic_finger.hpp"
#include "station/biometrics/ten_print_session.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;
using capture_test::Degradation;

const GreyImage& clean_print() {
  static const GreyImage print = make_synthetic_finger(31).value().impression();
  return print;
}

QualityReport assess(const GreyImage& print, Impression impression = Impression::kRolled) {
  auto report = assess_quality(print, impression);
  ASSERT_OK(report);
  return std::move(report).value();
}

void a_clean_print_scores_high_and_a_ruined_one_low(void**) {
  QualityReport clean = assess(clean_print());
  QualityReport smeared = assess(capture_test::degrade(clean_print(), Degradation::kBlur, 4, 232, 1));
  QualityReport fingertip = assess(capture_test::degrade(clean_print(), Degradation::kPartial, 4, 232, 1));
  std::printf("clean %d, heavily blurred %d, fingertip only %d\n", clean.score, smeared.score, fingertip.score);
  // The clean print passes the session's default bar easily; a print blurred
  // past recognition (sigma 3 px on a 9 px ridge period) is taken again.
  assert_true(clean.score >= 70);
  assert_true(smeared.score < TenPrintConfig{}.min_quality);
  assert_true(fingertip.score < clean.score - 25);
  // Every feature of a clean synthetic print reads as good.
  const QualityFeatures& f = clean.features;
  for (double v : {f.orientation_certainty, f.clarity, f.uniformity, f.flow, f.contrast}) assert_true(v > 0.7);
  assert_true(clean.minutiae > 20);
  assert_true(clean.area > 200000);
}

void a_blank_or_noise_only_image_has_no_print(void**) {
  QualityReport blank = assess(GreyImage(400, 400, 232));
  assert_int_equal(blank.score, 0);
  assert_int_equal(blank.blocks, 0);
  // Strong noise on an empty platen shows spread but no ridge direction.
  GreyImage noise = capture_test::degrade(GreyImage(400, 400, 200), Degradation::kNoise, 4, 200, 3);
  QualityReport noisy = assess(noise);
  std::printf("noise only: score %d over %u blocks\n", noisy.score, noisy.blocks);
  assert_true(noisy.score <= 10);
}

void a_rolled_print_is_expected_to_cover_more(void**) {
  // The same small print is a whole plain impression but a fraction of a roll.
  GreyImage small(256, 256);
  for (std::uint32_t y = 0; y < 256; ++y) {
    for (std::uint32_t x = 0; x < 256; ++x) small.at(x, y) = clean_print().at(x + 272, y + 300);
  }
  QualityReport plain = assess(small, Impression::kPlain);
  QualityReport rolled = assess(small, Impression::kRolled);
  std::printf("256x256 patch: plain %d, rolled %d\n", plain.score, rolled.score);
  assert_true(plain.score > rolled.score);
}

void impossible_sizes_are_refused(void**) {
  for (auto size : {std::pair{63u, 100u}, std::pair{100u, 5000u}}) {
    auto report = assess_quality(GreyImage(size.first, size.second, 200), Impression::kPlain);
    assert_false(report.ok());
    assert_int_equal(static_cast<int>(report.error().code), static_cast<int>(hal::ErrorCode::kInvalidArgument));
    assert_non_null(std::strstr(report.error().message.c_str(), "64..4096"));
  }
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(a_clean_print_scores_high_and_a_ruined_one_low),
      cmocka_unit_test(a_blank_or_noise_only_image_has_no_print),
      cmocka_unit_test(a_rolled_print_is_expected_to_cover_more),
      cmocka_unit_test(impossible_sizes_are_refused),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
