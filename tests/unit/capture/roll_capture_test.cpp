// One rolled capture end to end, on the synthetic scanner with a FakeClock:
// frames -> stitcher -> quality, and the scanner's failures on the way.
#include "drivers/synthetic_scanner.hpp"
#include "fake_clock.hpp"
#include "station/biometrics/roll_capture.hpp"
#include "station/biometrics/synthetic_hand.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;
using namespace std::chrono_literals;
using hal::ErrorCode;

class HandOnPlaten final : public drivers::PlatenSource {
 public:
  explicit HandOnPlaten(SyntheticHand& hand) : hand_(hand) {}
  void begin_session() override { hand_.begin_session(); }
  void draw(std::uint32_t index, std::span<std::uint8_t> pixels) override { hand_.draw(index, pixels); }

 private:
  SyntheticHand& hand_;
};

struct Rig {
  hal::FakeClock clock;
  SyntheticHand hand{3};
  drivers::SyntheticScanner scanner{{}, clock, std::make_unique<HandOnPlaten>(hand)};
  Rig() { ASSERT_OK(scanner.open()); }
};

void expect_code(const hal::Error& e, ErrorCode code) {
  if (e.code != code) fail_msg("expected '%s', got '%s'", std::string(hal::to_string(code)).c_str(), e.describe().c_str());
}

void a_good_roll_gives_a_scored_print_at_the_scanner_s_pace(void**) {
  Rig rig;
  ASSERT_OK(rig.hand.present(2));
  std::uint32_t frames = 0;
  RollCaptureOptions options;
  options.on_frame = [&frames](const StitchStep&, const RollStitcher&) { ++frames; };
  auto attempt = capture_roll(rig.scanner, options);
  ASSERT_OK(attempt);
  assert_false(attempt->rejection.has_value());
  assert_int_equal(attempt->print.width(), 800);
  std::printf("quality %d after %u frames, %lld ms of scanner time\n", attempt->quality, frames,
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(rig.clock.monotonic().time_since_epoch()).count()));
  assert_true(attempt->quality >= TenPrintConfig{}.min_quality);
  // At 40 frames per second the stream took (frames - 1) * 25 ms.
  assert_int_equal(std::chrono::duration_cast<std::chrono::milliseconds>(rig.clock.monotonic().time_since_epoch()).count(),
                   (frames - 1) * 25);
  // The session was stopped: the next one starts cleanly.
  ASSERT_OK(rig.scanner.start_capture());
}

void a_faulty_roll_comes_back_rejected_not_failed(void**) {
  Rig rig;
  ASSERT_OK(rig.hand.present(4));
  ASSERT_OK(rig.hand.plan_fault(4, 1, RollFault::kSlip));
  auto first = capture_roll(rig.scanner);
  ASSERT_OK(first);
  assert_true(first->rejection == RollRejection::kSlipped);
  assert_true(first->print.empty());
  auto second = capture_roll(rig.scanner);  // the plan covered attempt 1 only
  ASSERT_OK(second);
  assert_false(second->rejection.has_value());
}

void no_finger_times_out(void**) {
  Rig rig;  // nothing presented: the platen stays empty
  RollCaptureOptions options;
  options.finger_wait = 2s;
  auto attempt = capture_roll(rig.scanner, options);
  expect_code(attempt.error(), ErrorCode::kTimeout);
  assert_non_null(std::strstr(attempt.error().message.c_str(), "no finger"));
  ASSERT_OK(rig.scanner.start_capture());  // stopped despite the failure
}

void scanner_failures_end_the_capture(void**) {
  {
    Rig rig;
    ASSERT_OK(rig.hand.present(1));
    rig.scanner.inject({drivers::FaultPoint::kFrame, ErrorCode::kUnavailable, 30});
    expect_code(capture_roll(rig.scanner).error(), ErrorCode::kUnavailable);
  }
  {
    Rig rig;
    ASSERT_OK(rig.hand.present(1));
    rig.scanner.inject({drivers::FaultPoint::kFrame, ErrorCode::kTimeout, 30});
    expect_code(capture_roll(rig.scanner).error(), ErrorCode::kTimeout);
  }
  {
    Rig rig;
    rig.scanner.inject({drivers::FaultPoint::kStart, ErrorCode::kIo, 0});
    expect_code(capture_roll(rig.scanner).error(), ErrorCode::kIo);
  }
}

void a_corrupt_frame_is_skipped_like_a_lost_one(void**) {
  Rig rig;
  ASSERT_OK(rig.hand.present(1));
  rig.scanner.inject({drivers::FaultPoint::kFrame, ErrorCode::kCorrupt, 2});  // before the finger lands
  auto attempt = capture_roll(rig.scanner);
  ASSERT_OK(attempt);
  assert_false(attempt->rejection.has_value());
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(a_good_roll_gives_a_scored_print_at_the_scanner_s_pace),
      cmocka_unit_test(a_faulty_roll_comes_back_rejected_not_failed),
      cmocka_unit_test(no_finger_times_out),
      cmocka_unit_test(scanner_failures_end_the_capture),
      cmocka_unit_test(a_corrupt_frame_is_skipped_like_a_lost_one),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
