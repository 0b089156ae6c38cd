// Synthetic rolls: frames show the contact band where the truth says, skin
// lands where it lies in the unrolled print, and each fault does what it is
// named for.
#include <cmath>

#include "station/biometrics/synthetic_roll.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;

const SyntheticFinger& finger() {
  static const SyntheticFinger f = [] {
    SyntheticFingerOptions o;
    o.width = 400;
    o.height = 380;
    o.finger_width = 300;
    return make_synthetic_finger(21, o).value();
  }();
  return f;
}

SyntheticRoll roll(RollFault fault, bool left_to_right = true) {
  RollOptions o;
  o.fault = fault;
  o.left_to_right = left_to_right;
  auto r = SyntheticRoll::make(finger(), o);
  ASSERT_OK(r);
  return std::move(r).value();
}

int darkest(const GreyImage& image) {
  int lo = 255;
  for (auto p : image.pixels()) lo = std::min(lo, int(p));
  return lo;
}

// Correlation of column xa of `a` with column xb of `b`, over the rows where
// the finger is at column xa.
double column_match(const GreyImage& a, std::uint32_t xa, const GreyImage& b, std::uint32_t xb) {
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, n = 0;
  for (std::uint32_t y = 0; y < a.height(); ++y) {
    if (finger().outline.coverage(xa, y) < 1) continue;
    double va = a.at(xa, y), vb = b.at(xb, y);
    sa += va, sb += vb, saa += va * va, sbb += vb * vb, sab += va * vb, ++n;
  }
  double cov = sab - sa * sb / n, var = (saa - sa * sa / n) * (sbb - sb * sb / n);
  return var > 0 ? cov / std::sqrt(var) : 0;
}

void frames_are_repeatable_and_start_and_end_empty(void**) {
  auto r = roll(RollFault::kNone);
  RollOptions defaults;
  assert_true(r.frame_count() > defaults.lead_in + defaults.lead_out + 20);
  assert_true(r.frame(30) == r.frame(30));
  assert_false(r.frame(30) == r.frame(31));
  // Empty glass is the platen grey plus noise: nothing near ridge darkness.
  assert_true(darkest(r.frame(0)) > 180);
  assert_true(darkest(r.frame(r.frame_count() - 1)) > 180);
  assert_true(darkest(r.frame(r.frame_count() + 10)) > 180);
  assert_true(darkest(r.frame(30)) < 100);
  assert_true(r.truth(0).pressure == 0);
}

void the_contact_line_rolls_steadily_across_the_finger(void**) {
  for (bool rightwards : {true, false}) {
    auto r = roll(RollFault::kNone, rightwards);
    double direction = rightwards ? 1 : -1, travel = 0;
    for (std::uint32_t i = 1; i < r.frame_count(); ++i) {
      double step = direction * (r.truth(i).contact_x - r.truth(i - 1).contact_x);
      assert_true(step >= 0);
      assert_true(step <= 5 * 1.08 + 1e-9);  // cruising speed plus jitter
      travel += step;
    }
    // From one nail edge to the other, less the band's reach at each end.
    assert_true(travel > 0.5 * finger().outline.half_width);
    assert_true(r.truth(r.frame_count() / 2).slip_x == 0);
  }
}

void skin_on_the_contact_line_prints_as_in_the_unrolled_print(void**) {
  auto r = roll(RollFault::kNone);
  GreyImage truth = r.ground_truth();
  std::uint32_t index = r.frame_count() / 2;
  auto x = static_cast<std::uint32_t>(std::lround(r.truth(index).contact_x));
  GreyImage frame = r.frame(index);
  double on_line = column_match(frame, x, truth, x);
  double elsewhere = column_match(frame, x, truth, x + 5);  // half a ridge period over: not the same skin
  std::printf("contact column matches truth %.3f; shifted by half a ridge period %.3f\n", on_line, elsewhere);
  assert_true(on_line > 0.9);
  assert_true(on_line > elsewhere + 0.2);
}

void each_fault_shows_in_the_truth(void**) {
  auto fast = roll(RollFault::kTooFast);
  double fastest = 0;
  for (std::uint32_t i = 1; i < fast.frame_count(); ++i) fastest = std::max(fastest, std::abs(fast.truth(i).contact_x - fast.truth(i - 1).contact_x));
  assert_true(fastest > 9);  // more than a ridge period per frame

  auto slip = roll(RollFault::kSlip);
  auto last = slip.truth(slip.frame_count() - 1);
  double slid = std::hypot(last.slip_x, last.slip_y);
  assert_true(slid >= 9 && slid <= 13);

  auto lift = roll(RollFault::kLiftAndReturn);
  bool lifted_mid_roll = false;
  for (std::uint32_t i = 12; i + 8 < lift.frame_count(); ++i) {
    if (lift.truth(i).pressure == 0 && lift.truth(i - 6).pressure == 1 && lift.truth(i + 6).pressure == 1) lifted_mid_roll = true;
  }
  assert_true(lifted_mid_roll);

  // Partial contact: the lower part of the band never prints.
  auto partial = roll(RollFault::kPartialContact);
  GreyImage mid = partial.frame(partial.frame_count() / 2);
  auto x = static_cast<std::uint32_t>(partial.truth(partial.frame_count() / 2).contact_x);
  int lowest_ink = 0;
  for (std::uint32_t y = 0; y < mid.height(); ++y) {
    if (mid.at(x, y) < 150) lowest_ink = static_cast<int>(y);
  }
  assert_true(lowest_ink < finger().outline.top_y + 0.4 * (finger().outline.bottom_y - finger().outline.top_y));
}

double mean_grey(const GreyImage& image) {
  double sum = 0;
  for (auto p : image.pixels()) sum += p;
  return sum / double(image.size());
}

void dry_skin_prints_lighter_and_wet_skin_darker(void**) {
  double normal = mean_grey(roll(RollFault::kNone).ground_truth());
  double dry = mean_grey(roll(RollFault::kDry).ground_truth());
  double wet = mean_grey(roll(RollFault::kWet).ground_truth());
  std::printf("mean grey: dry %.1f, normal %.1f, wet %.1f\n", dry, normal, wet);
  assert_true(dry > normal + 5);
  assert_true(wet < normal - 5);
}

void impossible_rolls_are_refused(void**) {
  RollOptions o;
  o.speed = 0;
  auto still = SyntheticRoll::make(finger(), o);
  assert_false(still.ok());
  assert_non_null(std::strstr(still.error().message.c_str(), "speed"));
  o = {};
  o.noise = 50;
  assert_false(SyntheticRoll::make(finger(), o).ok());
  assert_false(SyntheticRoll::make(SyntheticFinger{}, {}).ok());
}

void fault_names_round_trip(void**) {
  for (auto f : {RollFault::kNone, RollFault::kTooFast, RollFault::kSlip, RollFault::kLiftAndReturn,
                 RollFault::kPartialContact, RollFault::kDry, RollFault::kWet}) {
    assert_true(roll_fault_from_string(to_string(f)) == f);
  }
  assert_false(roll_fault_from_string("sideways").has_value());
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(frames_are_repeatable_and_start_and_end_empty),
      cmocka_unit_test(the_contact_line_rolls_steadily_across_the_finger),
      cmocka_unit_test(skin_on_the_contact_line_prints_as_in_the_unrolled_print),
      cmocka_unit_test(each_fault_shows_in_the_truth),
      cmocka_unit_test(dry_skin_prints_lighter_and_wet_skin_darker),
      cmocka_unit_test(impossible_rolls_are_refused),
      cmocka_unit_test(fault_names_round_trip),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
