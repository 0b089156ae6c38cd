// The minutiae extractor against the synthetic generator's true minutiae, and
// its answers for images that hold no print.
#include <cmath>
#include <cstring>
#include <numbers>

#include "station/biometrics/minutiae.hpp"
#include "station/biometrics/synthetic_minutiae.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;
using hal::ErrorCode;

constexpr double kTolerance = 12;               // px
constexpr double kAngleTolerance = 45 * std::numbers::pi / 180;

double angle_between(double a, double b) {
  double d = std::fmod(std::abs(a - b), 2 * std::numbers::pi);
  return std::min(d, 2 * std::numbers::pi - d);
}

struct Pairing {
  std::size_t pairs = 0;
  std::size_t same_type = 0;
};

// Found points that lie within tolerance of a true one (each true one used once).
Pairing paired(const std::vector<Minutia>& found, const std::vector<Minutia>& truth) {
  std::vector<bool> used(truth.size(), false);
  Pairing n;
  for (const auto& f : found) {
    for (std::size_t i = 0; i < truth.size(); ++i) {
      if (used[i] || std::hypot(f.x - truth[i].x, f.y - truth[i].y) > kTolerance) continue;
      if (angle_between(f.angle, truth[i].angle) > kAngleTolerance) continue;
      used[i] = true;
      ++n.pairs;
      n.same_type += f.type == truth[i].type;
      break;
    }
  }
  return n;
}

SyntheticFinger small_finger(std::uint64_t seed) {
  SyntheticFingerOptions options;
  options.width = 420;
  options.height = 420;
  options.finger_width = 360;
  auto f = make_synthetic_finger(seed, options);
  assert_true(f.ok());
  return std::move(f).value();
}

void most_true_minutiae_are_found_and_most_found_are_true(void**) {
  for (std::uint64_t seed : {3u, 8u}) {
    SyntheticFinger finger = small_finger(seed);
    std::vector<Minutia> truth = true_minutiae(finger);
    auto found = extract_minutiae(finger.impression());
    ASSERT_OK(found);
    Pairing pairing = paired(*found, truth);
    std::size_t hits = pairing.pairs;
    double same_type = hits ? double(pairing.same_type) / hits : 0;
    double precision = found->empty() ? 0 : double(hits) / found->size();
    double recall = truth.empty() ? 0 : double(hits) / truth.size();
    std::printf("seed %llu: %zu true, %zu found, precision %.2f, recall %.2f, same type %.2f\n",
                static_cast<unsigned long long>(seed), truth.size(), found->size(), precision, recall, same_type);
    assert_true(truth.size() >= 10);
    assert_true(precision >= 0.6);
    assert_true(recall >= 0.6);
    assert_true(same_type >= 0.7);  // an ending and a fork can trade places across a valley; rarely should
    for (const auto& m : *found) {
      assert_true(m.quality >= 1 && m.quality <= 100);
      assert_true(m.angle >= 0 && m.angle < 2 * std::numbers::pi);
    }
  }
}

void blank_and_black_images_have_no_minutiae(void**) {
  for (std::uint8_t grey : {std::uint8_t{0}, std::uint8_t{232}}) {
    auto none = extract_minutiae(GreyImage(300, 300, grey));
    ASSERT_OK(none);
    assert_int_equal(none->size(), 0);
  }
}

void tiny_huge_and_empty_images_are_refused_by_size(void**) {
  auto tiny = extract_minutiae(GreyImage(40, 500, 128));
  assert_false(tiny.ok());
  assert_int_equal(tiny.error().code, ErrorCode::kInvalidArgument);
  assert_non_null(std::strstr(tiny.error().message.c_str(), "40 x 500"));
  MinutiaeLimits limits;
  limits.max_pixels = 100 * 100;
  auto huge = extract_minutiae(GreyImage(200, 200, 128), limits);
  assert_false(huge.ok());
  assert_non_null(std::strstr(huge.error().message.c_str(), "larger than a print"));
  assert_false(extract_minutiae(GreyImage()).ok());
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(most_true_minutiae_are_found_and_most_found_are_true),
      cmocka_unit_test(blank_and_black_images_have_no_minutiae),
      cmocka_unit_test(tiny_huge_and_empty_images_are_refused_by_size),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
