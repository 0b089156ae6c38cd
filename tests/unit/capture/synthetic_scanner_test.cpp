// The synthetic scanner must keep a real scanner's promises: frames at the
// frame rate (on a FakeClock here), sessions, and every documented error.
#include "drivers/synthetic_scanner.hpp"
#include "fake_clock.hpp"
#include "cmocka.hpp"

namespace {

using namespace std::chrono_literals;
using drivers::FaultPoint;
using hal::ErrorCode;

// Fills frame i with the byte (session * 50 + i) so a test can tell frames apart.
class CountingSource final : public drivers::PlatenSource {
 public:
  explicit CountingSource(int* sessions) : sessions_(sessions) {}
  void begin_session() override { ++*sessions_; }
  void draw(std::uint32_t index, std::span<std::uint8_t> pixels) override {
    std::fill(pixels.begin(), pixels.end(), static_cast<std::uint8_t>(*sessions_ * 50 + static_cast<int>(index)));
  }

 private:
  int* sessions_;
};

struct Rig {
  hal::FakeClock clock;
  int sessions = 0;
  drivers::SyntheticScanner scanner;
  explicit Rig(drivers::SyntheticScannerOptions options = small())
      : scanner(std::move(options), clock, std::make_unique<CountingSource>(&sessions)) {}
  static drivers::SyntheticScannerOptions small() {
    drivers::SyntheticScannerOptions o;
    o.width = 4;
    o.height = 3;
    o.frame_rate = 40;  // one frame every 25 ms
    o.buffered_frames = 8;
    return o;
  }
  std::chrono::milliseconds elapsed() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock.monotonic().time_since_epoch());
  }
};

void expect_code(const hal::Error& error, ErrorCode code) {
  if (error.code != code) {
    fail_msg("expected '%s', got '%s'", std::string(hal::to_string(code)).c_str(), error.describe().c_str());
  }
}

template <typename T>
void expect_failure(const hal::Result<T>& result, ErrorCode code) {
  assert_false(result.ok());
  expect_code(result.error(), code);
}

void frames_come_at_the_frame_rate_with_their_pixels(void**) {
  Rig rig;
  ASSERT_OK(rig.scanner.open());
  auto info = rig.scanner.info();
  ASSERT_OK(info);
  assert_int_equal(info->width, 4);
  assert_int_equal(info->height, 3);
  assert_true(info->frame_rate == 40);
  ASSERT_OK(rig.scanner.start_capture());
  for (std::uint32_t i = 0; i < 3; ++i) {
    auto frame = rig.scanner.next_frame(1s);
    ASSERT_OK(frame);
    assert_int_equal(frame->sequence, i);
    assert_int_equal(frame->timestamp.count(), i * 25000);
    assert_int_equal(frame->pixels.size(), 12);
    assert_int_equal(frame->pixels[11], 50 + i);
  }
  // Frame 2 was due 50 ms after the session started; the driver slept until then.
  assert_int_equal(rig.elapsed().count(), 50);
  ASSERT_OK(rig.scanner.stop_capture());
  ASSERT_OK(rig.scanner.start_capture());
  auto first = rig.scanner.next_frame(1s);
  ASSERT_OK(first);
  assert_int_equal(first->sequence, 0);
  assert_int_equal(first->pixels[0], 100);  // second session
}

void calls_out_of_order_fail_as_preconditions(void**) {
  Rig rig;
  expect_failure(rig.scanner.info(), ErrorCode::kFailedPrecondition);
  expect_failure(rig.scanner.start_capture(), ErrorCode::kFailedPrecondition);
  expect_failure(rig.scanner.next_frame(1s), ErrorCode::kFailedPrecondition);
  ASSERT_OK(rig.scanner.stop_capture());
  ASSERT_OK(rig.scanner.open());
  expect_failure(rig.scanner.next_frame(1s), ErrorCode::kFailedPrecondition);
  ASSERT_OK(rig.scanner.start_capture());
  expect_failure(rig.scanner.start_capture(), ErrorCode::kFailedPrecondition);
  rig.scanner.close();
  rig.scanner.close();
  expect_failure(rig.scanner.next_frame(1s), ErrorCode::kFailedPrecondition);
}

void open_fails_once_with_each_injected_code(void**) {
  for (ErrorCode code : {ErrorCode::kUnavailable, ErrorCode::kBusy, ErrorCode::kPermissionDenied, ErrorCode::kIo}) {
    Rig rig;
    rig.scanner.inject({FaultPoint::kOpen, code, 0});
    expect_failure(rig.scanner.open(), code);
    ASSERT_OK(rig.scanner.open());
  }
}

void start_and_stop_fail_when_told(void**) {
  Rig rig;
  ASSERT_OK(rig.scanner.open());
  rig.scanner.inject({FaultPoint::kStart, ErrorCode::kIo, 0});
  expect_failure(rig.scanner.start_capture(), ErrorCode::kIo);
  ASSERT_OK(rig.scanner.start_capture());
  rig.scanner.inject({FaultPoint::kStop, ErrorCode::kIo, 0});
  expect_failure(rig.scanner.stop_capture(), ErrorCode::kIo);
  // The failed stop still ended the session.
  expect_failure(rig.scanner.next_frame(1s), ErrorCode::kFailedPrecondition);
  assert_int_equal(rig.sessions, 1);
}

void a_bad_frame_is_lost_and_the_stream_goes_on(void**) {
  for (ErrorCode code : {ErrorCode::kIo, ErrorCode::kCorrupt}) {
    Rig rig;
    ASSERT_OK(rig.scanner.open());
    rig.scanner.inject({FaultPoint::kFrame, code, 1});
    ASSERT_OK(rig.scanner.start_capture());
    assert_int_equal(rig.scanner.next_frame(1s)->sequence, 0);
    expect_failure(rig.scanner.next_frame(1s), code);
    auto after = rig.scanner.next_frame(1s);
    ASSERT_OK(after);
    assert_int_equal(after->sequence, 2);
  }
}

void unplugging_ends_everything(void**) {
  Rig rig;
  ASSERT_OK(rig.scanner.open());
  rig.scanner.inject({FaultPoint::kFrame, ErrorCode::kUnavailable, 1});
  ASSERT_OK(rig.scanner.start_capture());
  ASSERT_OK(rig.scanner.next_frame(1s));
  expect_failure(rig.scanner.next_frame(1s), ErrorCode::kUnavailable);
  expect_failure(rig.scanner.next_frame(1s), ErrorCode::kFailedPrecondition);
  expect_failure(rig.scanner.open(), ErrorCode::kUnavailable);
}

void a_stalled_stream_times_out_until_restarted(void**) {
  Rig rig;
  ASSERT_OK(rig.scanner.open());
  rig.scanner.inject({FaultPoint::kFrame, ErrorCode::kTimeout, 1});
  ASSERT_OK(rig.scanner.start_capture());
  ASSERT_OK(rig.scanner.next_frame(1s));
  expect_failure(rig.scanner.next_frame(200ms), ErrorCode::kTimeout);
  assert_int_equal(rig.elapsed().count(), 200);  // the whole timeout was waited
  expect_failure(rig.scanner.next_frame(300ms), ErrorCode::kTimeout);
  assert_int_equal(rig.elapsed().count(), 500);
  ASSERT_OK(rig.scanner.stop_capture());
  ASSERT_OK(rig.scanner.start_capture());
  ASSERT_OK(rig.scanner.next_frame(1s));
}

void a_timeout_shorter_than_a_frame_period_expires(void**) {
  Rig rig;
  ASSERT_OK(rig.scanner.open());
  ASSERT_OK(rig.scanner.start_capture());
  ASSERT_OK(rig.scanner.next_frame(1s));
  expect_failure(rig.scanner.next_frame(10ms), ErrorCode::kTimeout);
  assert_int_equal(rig.elapsed().count(), 10);
  auto next = rig.scanner.next_frame(100ms);
  ASSERT_OK(next);
  assert_int_equal(next->sequence, 1);
  assert_int_equal(rig.elapsed().count(), 25);
}

void a_slow_reader_loses_the_oldest_frames(void**) {
  Rig rig;
  ASSERT_OK(rig.scanner.open());
  ASSERT_OK(rig.scanner.start_capture());
  ASSERT_OK(rig.scanner.next_frame(1s));
  // 500 ms at 40 fps: frames 0..20 were made; an 8-frame buffer keeps 13..20.
  rig.clock.advance(500ms);
  auto frame = rig.scanner.next_frame(1s);
  ASSERT_OK(frame);
  assert_int_equal(frame->sequence, 13);
}

// Lockstep: a reader that fell behind still gets the next frame (overdue, so
// at once), where real time would have dropped all but the newest eight.
void a_slow_reader_in_lockstep_loses_nothing(void**) {
  auto options = Rig::small();
  options.lockstep = true;
  Rig rig(options);
  ASSERT_OK(rig.scanner.open());
  ASSERT_OK(rig.scanner.start_capture());
  for (std::uint32_t i = 0; i < 3; ++i) assert_int_equal(rig.scanner.next_frame(1s)->sequence, i);
  assert_int_equal(rig.elapsed().count(), 50);  // a quick reader still waits for the frame rate
  for (std::uint32_t i = 3; i < 40; ++i) {
    rig.clock.advance(500ms);
    auto frame = rig.scanner.next_frame(1s);
    ASSERT_OK(frame);
    assert_int_equal(frame->sequence, i);
    assert_int_equal(frame->timestamp.count(), i * 25000);  // the stream's own time
  }
  assert_int_equal(rig.elapsed().count(), 50 + 37 * 500);  // the reader's pauses only: overdue frames come at once
}

void a_dropped_frame_leaves_a_sequence_gap(void**) {
  Rig rig;
  ASSERT_OK(rig.scanner.open());
  rig.scanner.drop_frame(1);
  ASSERT_OK(rig.scanner.start_capture());
  assert_int_equal(rig.scanner.next_frame(1s)->sequence, 0);
  assert_int_equal(rig.scanner.next_frame(1s)->sequence, 2);
}

void impossible_options_are_named_at_open(void**) {
  auto options = Rig::small();
  options.frame_rate = 0;
  Rig no_rate(options);
  auto opened = no_rate.scanner.open();
  expect_failure(opened, ErrorCode::kInvalidArgument);
  assert_non_null(std::strstr(opened.error().message.c_str(), "frame rate"));

  options = Rig::small();
  options.width = 0;
  Rig no_width(options);
  expect_failure(no_width.scanner.open(), ErrorCode::kInvalidArgument);

  hal::FakeClock clock;
  drivers::SyntheticScanner sourceless(Rig::small(), clock, nullptr);
  expect_failure(sourceless.open(), ErrorCode::kInvalidArgument);
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(frames_come_at_the_frame_rate_with_their_pixels),
      cmocka_unit_test(calls_out_of_order_fail_as_preconditions),
      cmocka_unit_test(open_fails_once_with_each_injected_code),
      cmocka_unit_test(start_and_stop_fail_when_told),
      cmocka_unit_test(a_bad_frame_is_lost_and_the_stream_goes_on),
      cmocka_unit_test(unplugging_ends_everything),
      cmocka_unit_test(a_stalled_stream_times_out_until_restarted),
      cmocka_unit_test(a_timeout_shorter_than_a_frame_period_expires),
      cmocka_unit_test(a_slow_reader_loses_the_oldest_frames),
      cmocka_unit_test(a_slow_reader_in_lockstep_loses_nothing),
      cmocka_unit_test(a_dropped_frame_leaves_a_sequence_gap),
      cmocka_unit_test(impossible_options_are_named_at_open),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
