// The matcher on one class's terms: a print against itself turned, shifted
// and thinned out; against another finger; too few minutiae; a rate with no
// measured threshold.
#include <cmath>
#include <numbers>

#include "station/biometrics/matcher.hpp"
#include "minutiae_views.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;
using std::numbers::pi;

using test_views::minutiae_of;
using test_views::seen_again;

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
