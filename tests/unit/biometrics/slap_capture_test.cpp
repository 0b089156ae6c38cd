// Flat capture: the slap mode of hal::RolledScanner on the synthetic scanner
// and the fake, and the synthetic hand's 4-4-2 slaps with their planned
// sequence mistakes (the truth the sequence check is later scored against).
#include <algorithm>
#include <cstring>

#include "drivers/synthetic_scanner.hpp"
#include "fake_clock.hpp"
#include "fake_rolled_scanner.hpp"
#include "station/biometrics/synthetic_hand.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;
using namespace std::chrono_literals;
using hal::CaptureMode;
using hal::ErrorCode;

class HandOnPlaten final : public drivers::PlatenSource {
 public:
  HandOnPlaten(SyntheticHand& hand, bool flats) : hand_(hand), flats_(flats) {}
  void begin_session() override { hand_.begin_session(); }
  void draw(std::uint32_t index, std::span<std::uint8_t> pixels) override { hand_.draw(index, pixels); }
  bool draws_flats() const override { return flats_; }
  void set_mode(CaptureMode mode) override { hand_.set_flat(mode == CaptureMode::kFlat); }

 private:
  SyntheticHand& hand_;
  bool flats_;
};

// One hand for the whole file: growing a finger is the slow part, and the
// fingers are grown once per hand. The last test plans mistakes on it.
SyntheticHand& hand11() {
  static SyntheticHand hand(11);
  return hand;
}

void expect_code(const hal::Error& e, ErrorCode code) {
  if (e.code != code) fail_msg("expected '%s', got '%s'", std::string(hal::to_string(code)).c_str(), e.describe().c_str());
}

// Mean grey of a box: the empty platen is ~232, a pressed fingertip far darker.
double mean_grey(const GreyImage& image, const SlapTipTruth& box) {
  double sum = 0;
  for (std::uint32_t y = box.top; y <= box.bottom; ++y) {
    for (std::uint32_t x = box.left; x <= box.right; ++x) sum += image.at(x, y);
  }
  return sum / ((box.right - box.left + 1.0) * (box.bottom - box.top + 1.0));
}

void the_synthetic_scanner_streams_the_presented_slap(void**) {
  hal::FakeClock clock;
  SyntheticHand& hand = hand11();
  drivers::SyntheticScannerOptions options;
  options.lockstep = true;
  drivers::SyntheticScanner scanner(options, clock, std::make_unique<HandOnPlaten>(hand, true));
  ASSERT_OK(scanner.open());
  auto info = scanner.info();
  ASSERT_OK(info);
  assert_int_equal(info->flat_width, 1600);
  assert_int_equal(info->flat_height, 1000);
  hand.present_slap(SlapKind::kRightFour);
  ASSERT_OK(scanner.set_capture_mode(CaptureMode::kFlat));
  ASSERT_OK(scanner.start_capture());
  expect_code(scanner.set_capture_mode(CaptureMode::kRolled).error(), ErrorCode::kFailedPrecondition);
  hal::Frame last;
  for (int i = 0; i < 5; ++i) {
    auto frame = scanner.next_frame(1s);
    ASSERT_OK(frame);
    last = std::move(frame).value();
  }
  assert_int_equal(last.width, 1600);
  assert_int_equal(last.height, 1000);
  const SyntheticSlap* slap = hand.current_slap();
  assert_non_null(slap);
  assert_true(last.pixels == slap->image.pixels());
  assert_int_equal(slap->tips.size(), 4);
  for (std::size_t i = 0; i < 4; ++i) {
    assert_int_equal(slap->tips[i].position, slap_positions(SlapKind::kRightFour)[i]);
    assert_int_equal(slap->tips[i].shown, slap->tips[i].position);
    double grey = mean_grey(slap->image, slap->tips[i]);
    std::printf("slot %zu FGP %d: box %u..%u x %u..%u, lean %.1f deg, mean grey %.0f\n", i, slap->tips[i].position,
                slap->tips[i].left, slap->tips[i].right, slap->tips[i].top, slap->tips[i].bottom, slap->tips[i].angle, grey);
    assert_true(grey < 190);
  }
  ASSERT_OK(scanner.stop_capture());
  // Back to rolls: frames are the rolled platen's size again.
  ASSERT_OK(scanner.set_capture_mode(CaptureMode::kRolled));
  ASSERT_OK(hand.present(2));
  hand.set_flat(false);
  ASSERT_OK(scanner.start_capture());
  auto frame = scanner.next_frame(1s);
  ASSERT_OK(frame);
  assert_int_equal(frame->width, 800);
}

void a_scanner_without_a_flat_platen_says_so(void**) {
  hal::FakeClock clock;
  SyntheticHand hand(11);  // never asked to grow a finger here
  drivers::SyntheticScanner scanner({}, clock, std::make_unique<HandOnPlaten>(hand, false));
  expect_code(scanner.set_capture_mode(CaptureMode::kFlat).error(), ErrorCode::kFailedPrecondition);
  ASSERT_OK(scanner.open());
  auto info = scanner.info();
  ASSERT_OK(info);
  assert_int_equal(info->flat_width, 0);
  expect_code(scanner.set_capture_mode(CaptureMode::kFlat).error(), ErrorCode::kUnsupported);
  ASSERT_OK(scanner.set_capture_mode(CaptureMode::kRolled));

  hal::FakeRolledScanner rolls_only(hal::ScannerInfo{"fake:0", "fake", "1", 800, 750, 500, 40});
  ASSERT_OK(rolls_only.open());
  expect_code(rolls_only.set_capture_mode(CaptureMode::kFlat).error(), ErrorCode::kUnsupported);
  hal::ScannerInfo with_platen{"fake:1", "fake", "1", 800, 750, 500, 40};
  with_platen.flat_width = 1600;
  with_platen.flat_height = 1000;
  hal::FakeRolledScanner slaps(with_platen);
  ASSERT_OK(slaps.open());
  ASSERT_OK(slaps.set_capture_mode(CaptureMode::kFlat));
  assert_true(slaps.mode() == CaptureMode::kFlat);
  ASSERT_OK(slaps.start_capture());
  expect_code(slaps.set_capture_mode(CaptureMode::kRolled).error(), ErrorCode::kFailedPrecondition);
}

void thumbs_and_left_hand_lie_where_the_hand_puts_them(void**) {
  SyntheticHand& hand = hand11();
  auto thumbs = hand.slap(SlapKind::kThumbs);
  ASSERT_OK(thumbs);
  assert_int_equal(thumbs->tips.size(), 2);
  assert_int_equal(thumbs->tips[0].shown, 6);  // the left thumb lies on the left
  assert_int_equal(thumbs->tips[1].shown, 1);
  assert_true(thumbs->tips[0].right < thumbs->tips[1].left);
  assert_int_equal(hand.slapped_finger(SlapKind::kLeftFour, 0), 10);
  assert_int_equal(hand.slapped_finger(SlapKind::kLeftFour, 3), 7);
  assert_int_equal(slap_fgp(SlapKind::kLeftFour), 14);
}

void planned_mistakes_change_what_is_pressed_and_rolled(void**) {
  SyntheticHand& hand = hand11();
  auto with_all = hand.slap(SlapKind::kRightFour);
  ASSERT_OK(with_all);
  ASSERT_OK(hand.plan_sequence_fault(SequenceFault::kMissingFinger, 4));
  ASSERT_OK(hand.plan_sequence_fault(SequenceFault::kRolledTwice, 7, 8));
  ASSERT_OK(hand.plan_sequence_fault(SequenceFault::kOutOfOrder, 2, 3));
  auto without_ring = hand.slap(SlapKind::kRightFour);
  ASSERT_OK(without_ring);
  assert_int_equal(without_ring->tips[2].shown, 0);
  assert_true(mean_grey(without_ring->image, with_all->tips[2]) > 220);  // bare glass where the ring finger was
  assert_true(mean_grey(with_all->image, with_all->tips[2]) < 190);
  assert_int_equal(hand.rolled_finger(8), 7);
  assert_int_equal(hand.rolled_finger(7), 7);
  assert_int_equal(hand.rolled_finger(2), 3);
  assert_int_equal(hand.rolled_finger(3), 2);
  assert_int_equal(hand.rolled_finger(5), 5);
  // The roll taken for 2 really shows finger 3.
  ASSERT_OK(hand.present(2));
  hand.set_flat(false);
  hand.begin_session();
  const SyntheticRoll* roll = hand.current_roll();
  assert_non_null(roll);
  assert_true(roll->finger().seed == finger_seed(11, 3));

  SyntheticHand swapped(21);
  ASSERT_OK(swapped.plan_sequence_fault(SequenceFault::kSwappedHand));
  assert_int_equal(swapped.slapped_finger(SlapKind::kRightFour, 0), 10);
  assert_int_equal(swapped.slapped_finger(SlapKind::kLeftFour, 3), 5);
  assert_int_equal(swapped.slapped_finger(SlapKind::kThumbs, 1), 1);
}

void bad_slap_requests_are_refused_by_name(void**) {
  SyntheticHand hand(1);
  expect_code(hand.plan_sequence_fault(SequenceFault::kRolledTwice, 3, 3).error(), ErrorCode::kInvalidArgument);
  expect_code(hand.plan_sequence_fault(SequenceFault::kMissingFinger, 11).error(), ErrorCode::kInvalidArgument);
  std::vector<SlapFinger> three(3);
  auto wrong = render_slap(SlapKind::kRightFour, three);
  expect_code(wrong.error(), ErrorCode::kInvalidArgument);
  assert_non_null(std::strstr(wrong.error().message.c_str(), "4 slots, 3 fingers"));
  std::vector<SlapFinger> four(4);
  FlatOptions too_light;
  too_light.pressure = 0.1;
  expect_code(render_slap(SlapKind::kRightFour, four, too_light).error(), ErrorCode::kInvalidArgument);
  expect_code(render_slap(SlapKind::kRightFour, four, {}, 100, 100).error(), ErrorCode::kInvalidArgument);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(the_synthetic_scanner_streams_the_presented_slap),
      cmocka_unit_test(a_scanner_without_a_flat_platen_says_so),
      cmocka_unit_test(thumbs_and_left_hand_lie_where_the_hand_puts_them),
      cmocka_unit_test(planned_mistakes_change_what_is_pressed_and_rolled),
      cmocka_unit_test(bad_slap_requests_are_refused_by_name),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
