// Synthetic fingers: a seed always gives the same finger, the ridges have the
// period asked for, the pattern class has its singular points, and impossible
// requests are refused by name.
#include <cmath>

#include "station/biometrics/synthetic_finger.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;

// Ridge period measured from the print alone: in a patch of straight ridges
// with period T and unit normal n, a row crosses |n.x| / T ridges per pixel
// and a column |n.y| / T, so T = 1 / hypot(row rate, column rate).
double measured_period(const GreyImage& relief) {
  constexpr std::uint32_t kPatch = 32;
  double sum = 0;
  int patches = 0;
  for (std::uint32_t py = 0; py + kPatch <= relief.height(); py += kPatch) {
    for (std::uint32_t px = 0; px + kPatch <= relief.width(); px += kPatch) {
      int rows = 0, columns = 0;
      bool inside = true;
      for (std::uint32_t y = py; y < py + kPatch && inside; ++y) {
        for (std::uint32_t x = px; x < px + kPatch; ++x) {
          if (relief.at(x, y) == 0) inside = false;  // off the finger
          if (x > px) rows += (relief.at(x - 1, y) < 128) && (relief.at(x, y) >= 128);
          if (y > py) columns += (relief.at(x, y - 1) < 128) && (relief.at(x, y) >= 128);
        }
      }
      if (!inside) continue;
      double row_rate = rows / double(kPatch * (kPatch - 1)), column_rate = columns / double(kPatch * (kPatch - 1));
      sum += 1 / std::hypot(row_rate, column_rate);
      ++patches;
    }
  }
  return patches ? sum / patches : 0;
}

SyntheticFingerOptions tiny() {
  SyntheticFingerOptions o;
  o.width = 160;
  o.height = 160;
  o.finger_width = 120;
  o.growth_iterations = 1;
  return o;
}

void a_seed_gives_the_same_finger_every_time(void**) {
  auto a = make_synthetic_finger(11);
  auto b = make_synthetic_finger(11);
  auto c = make_synthetic_finger(12);
  ASSERT_OK(a);
  ASSERT_OK(b);
  ASSERT_OK(c);
  assert_int_equal(a->relief.width(), 800);
  assert_int_equal(a->relief.height(), 750);
  assert_true(a->relief == b->relief);
  assert_false(a->relief == c->relief);
  assert_true(a->impression() == b->impression());
}

void ridges_have_the_period_of_the_finger(void**) {
  auto finger = make_synthetic_finger(3);
  ASSERT_OK(finger);
  double period = measured_period(finger->relief);
  std::printf("seed 3: ridge period asked %.2f px, measured %.2f px\n", finger->ridge_period, period);
  // Within 10%: the field varies the period a few percent across the finger.
  assert_true(std::abs(period - finger->ridge_period) < 0.1 * finger->ridge_period);
  assert_true(finger->ridge_period > 8 && finger->ridge_period < 10);  // ~1/9 px^-1 at 500 ppi
}

void each_pattern_has_its_cores_and_deltas(void**) {
  int seen[5] = {};
  for (std::uint64_t seed = 1; seed < 200; ++seed) {
    auto f = make_synthetic_finger(seed, tiny());
    ASSERT_OK(f);
    int p = static_cast<int>(f->pattern);
    ++seen[p];
    std::size_t cores = f->pattern == PatternClass::kArch ? 0 : f->pattern == PatternClass::kWhorl ? 2 : 1;
    assert_int_equal(f->cores.size(), cores);
    assert_int_equal(f->deltas.size(), cores);
    // Deltas lie below their cores (towards the joint).
    for (const auto& d : f->deltas) assert_true(d.y > f->cores.front().y);
  }
  for (int count : seen) assert_true(count > 0);  // every class turns up
}

void the_print_stays_inside_its_outline(void**) {
  auto f = make_synthetic_finger(5, tiny());
  ASSERT_OK(f);
  for (std::uint32_t y = 0; y < f->relief.height(); ++y) {
    for (std::uint32_t x = 0; x < f->relief.width(); ++x) {
      if (f->outline.coverage(x, y) == 0) assert_int_equal(f->relief.at(x, y), 0);
    }
  }
  assert_int_equal(f->outline.coverage(f->outline.centre_x, 0), 0);  // above the fingertip
}

void impossible_fingers_are_refused(void**) {
  auto o = tiny();
  o.width = 32;
  auto small = make_synthetic_finger(1, o);
  assert_false(small.ok());
  assert_int_equal(static_cast<int>(small.error().code), static_cast<int>(hal::ErrorCode::kInvalidArgument));
  o = tiny();
  o.finger_width = 400;
  auto wide = make_synthetic_finger(1, o);
  assert_false(wide.ok());
  assert_non_null(std::strstr(wide.error().message.c_str(), "does not fit"));
  o = tiny();
  o.growth_iterations = 0;
  assert_false(make_synthetic_finger(1, o).ok());
}

void a_hand_has_ten_different_fingers(void**) {
  for (int a = 1; a <= 10; ++a) {
    for (int b = a + 1; b <= 10; ++b) assert_true(finger_seed(7, a) != finger_seed(7, b));
  }
  assert_true(finger_seed(7, 1) != finger_seed(8, 1));
  assert_true(finger_options(1).finger_width > finger_options(5).finger_width);  // thumb wider than little finger
  assert_true(finger_options(6).finger_width == finger_options(1).finger_width);
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(a_seed_gives_the_same_finger_every_time),
      cmocka_unit_test(ridges_have_the_period_of_the_finger),
      cmocka_unit_test(each_pattern_has_its_cores_and_deltas),
      cmocka_unit_test(the_print_stays_inside_its_outline),
      cmocka_unit_test(impossible_fingers_are_refused),
      cmocka_unit_test(a_hand_has_ten_different_fingers),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
