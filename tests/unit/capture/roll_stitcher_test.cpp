// The stitcher on synthetic rolls of every fault: faulty rolls are rejected
// with the right reason, good ones give a print that matches the ground
// truth. The score against the truth is printed per fault mode.
#include <cmath>

#include "station/biometrics/stitch_score.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;

struct Case {
  RollFault fault;
  std::optional<RollRejection> expected;
};

const Case kCases[] = {
    {RollFault::kNone, std::nullopt},
    {RollFault::kTooFast, RollRejection::kTooFast},
    {RollFault::kSlip, RollRejection::kSlipped},
    {RollFault::kLiftAndReturn, RollRejection::kLifted},
    {RollFault::kPartialContact, RollRejection::kPartial},
    {RollFault::kDry, std::nullopt},
    {RollFault::kWet, std::nullopt},
};

hal::Frame frame_of(const SyntheticRoll& roll, std::uint32_t index) {
  return {index, std::chrono::microseconds(index * 25000), roll.width(), roll.height(), roll.frame(index).pixels()};
}

// Feeds frames until the stitcher decides (or the roll's frames run out).
RollStitcher stitch(const SyntheticRoll& roll) {
  RollStitcher stitcher;
  for (std::uint32_t i = 0; i < roll.frame_count() + 20; ++i) {
    if (stitcher.phase() == RollPhase::kDone || stitcher.phase() == RollPhase::kRejected) break;
    ASSERT_OK(stitcher.push(frame_of(roll, i)));
  }
  stitcher.finish();
  return stitcher;
}

const char* reason_name(const std::optional<RollRejection>& r) { return r ? to_string(*r).data() : "accepted"; }

void every_fault_gets_its_verdict_and_good_rolls_match_the_truth(void**) {
  // Two fingers, rolled in opposite directions.
  for (std::uint64_t seed : {7u, 8u}) {
    auto finger = make_synthetic_finger(seed);
    ASSERT_OK(finger);
    std::printf("finger %llu (%s), rolled %s:\n", static_cast<unsigned long long>(seed), to_string(finger->pattern).data(),
                seed % 2 ? "rightwards" : "leftwards");
    std::printf("  %-16s %-9s %6s %9s %9s %8s %6s %6s\n", "fault", "verdict", "frames", "adv.err", "max.err", "coverage", "corr",
                "rms");
    for (const Case& c : kCases) {
      RollOptions options;
      options.fault = c.fault;
      options.seed = seed;
      options.left_to_right = seed % 2;
      auto roll = SyntheticRoll::make(*finger, options);
      ASSERT_OK(roll);
      RollStitcher stitcher = stitch(*roll);
      StitchScore score = score_stitch(stitcher, *roll);
      std::printf("  %-16s %-9s %6zu %9.2f %9.2f %8.2f %6.3f %6.1f  %s\n", to_string(c.fault).data(),
                  reason_name(stitcher.verdict().rejection), score.frames, score.mean_advance_error, score.max_advance_error,
                  score.coverage, score.correlation, score.grey_rms, stitcher.verdict().message.c_str());
      if (stitcher.verdict().rejection != c.expected) {
        fail_msg("%s roll: expected %s, got %s (%s)", to_string(c.fault).data(), reason_name(c.expected),
                 reason_name(stitcher.verdict().rejection), stitcher.verdict().message.c_str());
      }
      assert_false(stitcher.verdict().message.empty());
      if (c.expected) continue;
      assert_int_equal(static_cast<int>(stitcher.phase()), static_cast<int>(RollPhase::kDone));
      // The contact line is tracked to well under a ridge period (9 px) per
      // frame, and the print covers the finger and follows its ridges: a
      // print off by half a period would correlate negatively.
      assert_true(score.mean_advance_error < 0.5);
      assert_true(score.max_advance_error < 4.5);
      assert_true(score.coverage > 0.9);
      assert_true(score.correlation > 0.8);
    }
  }
}

const SyntheticRoll& plain_roll() {
  static const SyntheticRoll roll = SyntheticRoll::make(make_synthetic_finger(7).value(), {}).value();
  return roll;
}

void lost_frames_that_leave_a_gap_reject_the_roll(void**) {
  const SyntheticRoll& roll = plain_roll();
  RollStitcher stitcher;
  for (std::uint32_t i = 0; i < roll.frame_count() && stitcher.phase() != RollPhase::kRejected; ++i) {
    if (i >= 30 && i < 33) continue;  // three frames lost mid-roll: ~20 px of skin never seen
    ASSERT_OK(stitcher.push(frame_of(roll, i)));
  }
  // The finger's own speed was fine: the station, not the citizen, is blamed.
  assert_true(stitcher.verdict().rejection == RollRejection::kFramesLost);
  assert_non_null(std::strstr(stitcher.verdict().message.c_str(), "3 frames from the scanner were lost"));
}

void a_roll_that_stops_moving_ends_while_the_finger_rests(void**) {
  const SyntheticRoll& roll = plain_roll();
  RollStitcher stitcher;
  // Play the roll up to its last rolling frame, then repeat that frame: the finger rests.
  std::uint32_t last = 0;
  for (std::uint32_t i = 1; i < roll.frame_count(); ++i) {
    if (roll.truth(i).pressure == 1) last = i;
  }
  hal::Frame resting = frame_of(roll, last);
  for (std::uint32_t i = 0; i <= last + 40; ++i) {
    if (stitcher.phase() == RollPhase::kDone || stitcher.phase() == RollPhase::kRejected) break;
    hal::Frame f = i <= last ? frame_of(roll, i) : resting;
    f.sequence = i;
    ASSERT_OK(stitcher.push(f));
  }
  assert_int_equal(static_cast<int>(stitcher.phase()), static_cast<int>(RollPhase::kDone));
  assert_true(stitcher.steps().back().sequence <= last + StitchOptions{}.still_frames + 1);
}

void frames_that_make_no_sense_are_refused(void**) {
  RollStitcher stitcher;
  auto missing = stitcher.push({0, {}, 800, 750, hal::Bytes(10)});
  assert_int_equal(static_cast<int>(missing.error().code), static_cast<int>(hal::ErrorCode::kInvalidArgument));
  assert_non_null(std::strstr(missing.error().message.c_str(), "800x750 with 10 bytes"));
  assert_false(stitcher.push({0, {}, 5000, 2, hal::Bytes(10000)}).ok());
  ASSERT_OK(stitcher.push({0, {}, 64, 64, hal::Bytes(64 * 64, 230)}));
  auto resized = stitcher.push({1, {}, 32, 32, hal::Bytes(32 * 32, 230)});
  assert_non_null(std::strstr(resized.error().message.c_str(), "earlier frames were 64x64"));
  // Nothing touched the glass: ending now is a rejection, and the stitcher is spent.
  stitcher.finish();
  assert_true(stitcher.verdict().rejection == RollRejection::kPartial);
  assert_non_null(std::strstr(stitcher.verdict().message.c_str(), "no finger"));
  auto late = stitcher.push({2, {}, 64, 64, hal::Bytes(64 * 64, 230)});
  assert_int_equal(static_cast<int>(late.error().code), static_cast<int>(hal::ErrorCode::kFailedPrecondition));
}

void the_live_preview_grows_as_the_finger_rolls(void**) {
  const SyntheticRoll& roll = plain_roll();
  RollStitcher stitcher;
  auto inked = [](const GreyImage& image) {
    std::size_t n = 0;
    for (auto p : image.pixels()) n += p < 150;
    return n;
  };
  std::size_t earlier = 0;
  for (std::uint32_t i = 0; i < roll.frame_count() && stitcher.phase() != RollPhase::kDone; ++i) {
    ASSERT_OK(stitcher.push(frame_of(roll, i)));
    if (i == 20) earlier = inked(stitcher.preview(4));
  }
  GreyImage preview = stitcher.preview(4);
  assert_int_equal(preview.width(), 200);
  assert_int_equal(preview.height(), 187);
  assert_true(earlier > 0);
  assert_true(inked(stitcher.preview(1)) > 0);
  assert_true(inked(preview) > 2 * earlier);
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(every_fault_gets_its_verdict_and_good_rolls_match_the_truth),
      cmocka_unit_test(lost_frames_that_leave_a_gap_reject_the_roll),
      cmocka_unit_test(a_roll_that_stops_moving_ends_while_the_finger_rests),
      cmocka_unit_test(frames_that_make_no_sense_are_refused),
      cmocka_unit_test(the_live_preview_grows_as_the_finger_rolls),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
