// The matcher on one class's terms: a print against itself turned, shifted
// and thinned out; against another finger; too few minutiae; a rate with no
// measured threshold.
#include <cmath>
#include <numbers>

#include "station/biometrics/matcher.hpp"
#include "station/biometrics/synthetic_minutiae.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;
using std::numbers::pi;

std::vector<Minutia> minutiae_of(std::uint64_t seed) {
  SyntheticFingerOptions options;
  options.width = 420;
  options.height = 420;
  options.finger_width = 360;
  auto finger = make_synthetic_finger(seed, options);
  assert_true(finger.ok());
  auto found = extract_minutiae(finger->impression());
  assert_true(found.ok());
  return std::move(found).value();
}

// The same skin seen again: turned by `turn` (counter-clockwise), shifted,
// every third minutia lost and the rest moved by up to 2 px.
std::vector<Minutia> seen_again(const std::vector<Minutia>& m, double turn) {
  std::vector<Minutia> out;
  double c = std::cos(turn), s = std::sin(turn);
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (i % 3 == 0) continue;
    Minutia n = m[i];
    int jitter = static_cast<int>(i % 5) - 2;
    n.x = static_cast<int>(std::lround(m[i].x * c + m[i].y * s + 150)) + jitter;
    n.y = static_cast<int>(std::lround(-m[i].x * s + m[i].y * c + 90)) - jitter;
    n.angle = std::fmod(m[i].angle + turn + 2 * pi, 2 * pi);
    out.push_back(n);
  }
  return out;
}

void the_same_finger_turned_and_thinned_matches(void**) {
  std::vector<Minutia> reference = minutiae_of(3);
  auto result = match(seen_again(reference, 0.35), reference);
  ASSERT_OK(result);
  std::printf("genuine: score %.1f, %zu paired, rotation %.1f deg (true %.1f)\n", result->score, result->paired,
              result->rotation * 180 / pi, -0.35 * 180 / pi);
  assert_true(result->same_finger);
  assert_true(std::abs(result->rotation + 0.35) < 5 * pi / 180);  // the probe turned back onto the reference
  assert_true(result->paired >= reference.size() / 2);
}

void another_finger_does_not(void**) {
  std::vector<Minutia> a = minutiae_of(3), b = minutiae_of(8);
  auto impostor = match(a, b);
  auto genuine = match(seen_again(a, -0.2), a);
  ASSERT_OK(impostor);
  ASSERT_OK(genuine);
  std::printf("impostor: score %.1f (%zu paired), genuine %.1f\n", impostor->score, impostor->paired, genuine->score);
  assert_false(impostor->same_finger);
  assert_true(impostor->score * 2 < genuine->score);
}

void too_few_minutiae_score_nothing_and_rates_must_be_measured(void**) {
  std::vector<Minutia> three{{10, 10, 0, MinutiaType::kEnding, 50}, {40, 10, 1, MinutiaType::kEnding, 50},
                             {10, 40, 2, MinutiaType::kBifurcation, 50}};
  auto few = match(three, three);
  ASSERT_OK(few);
  assert_true(few->score == 0);
  assert_false(few->same_finger);
  MatchConfig odd;
  odd.false_match_rate = 0.05;
  auto refused = match(three, three, odd);
  assert_false(refused.ok());
  assert_int_equal(refused.error().code, hal::ErrorCode::kInvalidArgument);
  assert_true(refused.error().message.find("0.05") != std::string::npos);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(the_same_finger_turned_and_thinned_matches),
      cmocka_unit_test(another_finger_does_not),
      cmocka_unit_test(too_few_minutiae_score_nothing_and_rates_must_be_measured),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
