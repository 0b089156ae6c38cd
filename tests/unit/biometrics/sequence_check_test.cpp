// The sequence check on four fingers (right index to little): a clean
// sequence, rolls out of order, a finger rolled twice, a missing slap, and
// positions that do not exist.
#include <algorithm>

#include "minutiae_views.hpp"
#include "station/biometrics/sequence_check.hpp"

namespace {

using namespace station::biometrics;
using Kind = SequenceFindingKind;

// Finger position -> its minutiae, grown once for the file.
const std::map<int, std::vector<Minutia>>& fingers() {
  static const std::map<int, std::vector<Minutia>> f{{2, test_views::minutiae_of(3)},
                                                     {3, test_views::minutiae_of(8)},
                                                     {4, test_views::minutiae_of(13)},
                                                     {5, test_views::minutiae_of(21)}};
  return f;
}

SequenceInput clean() {
  SequenceInput input;
  for (const auto& [position, minutiae] : fingers()) {
    input.rolls[position] = minutiae;
    input.slap_tips[position] = test_views::seen_again(minutiae, 0.15 * (position - 3));
  }
  return input;
}

bool has(const std::vector<SequenceFinding>& findings, Kind kind, int position, int other) {
  return std::any_of(findings.begin(), findings.end(), [&](const SequenceFinding& f) {
    return f.kind == kind && f.position == position && f.other == other;
  });
}

void print(const std::vector<SequenceFinding>& findings) {
  for (const auto& f : findings) std::printf("  %s (score %.1f)\n", f.message.c_str(), f.score);
}

void a_clean_sequence_raises_nothing(void**) {
  auto findings = check_sequence(clean());
  ASSERT_OK(findings);
  print(*findings);
  assert_int_equal(findings->size(), 0);
}

void rolls_out_of_order_are_named(void**) {
  SequenceInput input = clean();
  std::swap(input.rolls[2], input.rolls[3]);
  auto findings = check_sequence(input);
  ASSERT_OK(findings);
  print(*findings);
  assert_true(has(*findings, Kind::kWrongPlace, 2, 3));
  assert_true(has(*findings, Kind::kWrongPlace, 3, 2));
  assert_int_equal(findings->size(), 2);
  assert_true(findings->front().message.find("right index") != std::string::npos);
}

void a_finger_rolled_twice_is_named(void**) {
  SequenceInput input = clean();
  input.rolls[4] = input.rolls[5];
  auto findings = check_sequence(input);
  ASSERT_OK(findings);
  print(*findings);
  assert_true(has(*findings, Kind::kRolledTwice, 4, 5));
  assert_true(has(*findings, Kind::kWrongPlace, 4, 5));
}

void a_missing_slap_and_bad_positions(void**) {
  SequenceInput input = clean();
  input.slap_tips.erase(5);
  auto findings = check_sequence(input);
  ASSERT_OK(findings);
  assert_true(has(*findings, Kind::kMissingSlap, 5, 0));
  assert_int_equal(findings->size(), 1);
  input.rolls[11] = {};
  auto refused = check_sequence(input);
  assert_false(refused.ok());
  assert_int_equal(refused.error().code, hal::ErrorCode::kInvalidArgument);
  assert_true(refused.error().message.find("11") != std::string::npos);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_clean_sequence_raises_nothing),
      cmocka_unit_test(rolls_out_of_order_are_named),
      cmocka_unit_test(a_finger_rolled_twice_is_named),
      cmocka_unit_test(a_missing_slap_and_bad_positions),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
