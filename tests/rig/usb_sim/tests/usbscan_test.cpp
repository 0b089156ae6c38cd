// rig_usbscan: the station's USB scanner driver (drivers/usbscan) through
// real libusb against the emulated scanner (usb-sim, the firmware's host
// build behind umockdev). Each case runs in its own usb-sim, some with a
// fault switched on (usb-sim --fault, see ../faults.hpp):
// - enumerate: listed with serial and firmware, opened, GET_INFO as info()
// - ten rolls with a citizen's hand (usb-sim --hand 42): each finger's
//   stitching verdict, quality and print equal the synthetic backend's for
//   the same seed
// - unplug mid-roll, a stalled endpoint, a repeated sequence number, short
//   and oversized transfers: typed errors naming the scanner, then the
//   session goes on or ends cleanly
// - lying GET_INFO and lying descriptors: open() refuses the device
//
// Run without arguments, it runs usb-sim around itself once per case
// (`--inside CASE`).
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <cstring>
#include <memory>
#include <string>

#include "drivers/synthetic_scanner.hpp"
#include "drivers/usb_rolled_scanner.hpp"
#include "drivers/usb_scanners.hpp"
#include "fake_clock.hpp"
#include "station/biometrics/roll_capture.hpp"
#include "station/biometrics/synthetic_hand.hpp"
#include "usb_sim_run.hpp"

// Last: cmocka's fail() macro breaks standard headers included after it.
#include "cmocka.hpp"

namespace {

constexpr const char* kSerial = "0123456789ABCDEF";
constexpr std::uint64_t kHandSeed = 42;
constexpr std::chrono::milliseconds kWait{5000};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void expect_error(const hal::Error& e, hal::ErrorCode code, const std::string& part) {
  std::printf("  error: %s\n", e.message.c_str());
  assert_int_equal(static_cast<int>(e.code), static_cast<int>(code));
  if (!contains(e.message, part)) fail_msg("'%s' does not say '%s'", e.message.c_str(), part.c_str());
}

struct Opened {
  drivers::UsbRolledScanner scanner;
  Opened() {
    auto opened = scanner.open();
    if (!opened) fail_msg("open: %s", opened.error().message.c_str());
  }
};

// Frames 0 .. n-1 arrive in order.
void expect_frames(hal::RolledScanner& scanner, std::uint32_t from, std::uint32_t to) {
  for (std::uint32_t i = from; i < to; ++i) {
    auto frame = scanner.next_frame(kWait);
    if (!frame) fail_msg("frame %u: %s", i, frame.error().message.c_str());
    assert_int_equal(frame->sequence, i);
    assert_int_equal(frame->pixels.size(), std::size_t{frame->width} * frame->height);
  }
}

void enumerate(void**) {
  auto listed = drivers::list_usb_scanners();
  assert_true(listed.ok());
  assert_int_equal(listed->size(), 1);
  assert_string_equal((*listed)[0].serial.c_str(), kSerial);
  assert_string_equal((*listed)[0].firmware.c_str(), "1.0");
  assert_false((*listed)[0].dfu_mode);
  Opened o;
  auto info = o.scanner.info();
  assert_true(info.ok());
  assert_string_equal(info->id.c_str(), kSerial);
  assert_string_equal(info->firmware_version.c_str(), "1.0.0+10");
  assert_string_equal(info->model.c_str(), "Reference rolled scanner");
  assert_int_equal(info->width, 800);
  assert_int_equal(info->height, 750);
  assert_int_equal(info->ppi, 500);
  assert_true(info->frame_rate == 40.0);
  // Frames and timestamps (25 ms apart, from 0 in each session).
  assert_true(o.scanner.start_capture().ok());
  for (int i = 0; i < 3; ++i) {
    auto frame = o.scanner.next_frame(kWait);
    assert_true(frame.ok());
    assert_int_equal(frame->timestamp.count(), i * 25000);
  }
  assert_true(o.scanner.stop_capture().ok());
  assert_true(o.scanner.start_capture().ok());
  expect_frames(o.scanner, 0, 2);
  assert_true(o.scanner.stop_capture().ok());
}

// The synthetic backend of the station (FakeClock: no waiting) on the same
// hand, for comparison.
class HandOnPlaten final : public drivers::PlatenSource {
 public:
  explicit HandOnPlaten(station::biometrics::SyntheticHand& hand) : hand_(hand) {}
  void begin_session() override { hand_.begin_session(); }
  void draw(std::uint32_t index, std::span<std::uint8_t> pixels) override { hand_.draw(index, pixels); }

 private:
  station::biometrics::SyntheticHand& hand_;
};

void ten_rolls_match_the_synthetic_backend(void**) {
  Opened usb;
  station::biometrics::SyntheticHand hand(kHandSeed);
  hal::FakeClock clock;
  drivers::SyntheticScanner synthetic({}, clock, std::make_unique<HandOnPlaten>(hand));
  assert_true(synthetic.open().ok());
  for (int position = 1; position <= 10; ++position) {
    assert_true(hand.present(position).ok());
    // Both at once: growing a synthetic finger is slow, and there are two cores.
    std::optional<hal::Result<station::biometrics::CaptureAttempt>> expected;
    std::thread synthetic_side([&] { expected.emplace(station::biometrics::capture_roll(synthetic)); });
    auto got = station::biometrics::capture_roll(usb.scanner);
    synthetic_side.join();
    if (!*expected) fail_msg("synthetic finger %d: %s", position, expected->error().message.c_str());
    if (!got) fail_msg("usb finger %d: %s", position, got.error().message.c_str());
    std::printf("  finger %2d: usb quality %d '%s'; synthetic quality %d '%s' (%.1f s of CPU so far)\n", position,
                got->quality, got->message.c_str(), (*expected)->quality, (*expected)->message.c_str(),
                static_cast<double>(std::clock()) / CLOCKS_PER_SEC);
    std::fflush(stdout);
    const station::biometrics::CaptureAttempt& want = **expected;
    assert_int_equal(got->rejection.has_value(), want.rejection.has_value());
    if (got->rejection) assert_int_equal(static_cast<int>(*got->rejection), static_cast<int>(*want.rejection));
    assert_string_equal(got->message.c_str(), want.message.c_str());
    assert_int_equal(got->quality, want.quality);
    assert_int_equal(got->print.width(), want.print.width());
    assert_int_equal(got->print.height(), want.print.height());
    assert_true(got->print.pixels() == want.print.pixels());
  }
}

void unplug_mid_roll(void**) {
  Opened o;
  assert_true(o.scanner.start_capture().ok());
  expect_frames(o.scanner, 0, 20);
  auto lost = o.scanner.next_frame(kWait);
  assert_false(lost.ok());
  expect_error(lost.error(), hal::ErrorCode::kUnavailable, std::string("scanner ") + kSerial);
  assert_true(contains(lost.error().message, "unplugged during the roll"));
  assert_true(o.scanner.stop_capture().ok());
  o.scanner.close();
  auto again = o.scanner.open();
  assert_false(again.ok());
  expect_error(again.error(), hal::ErrorCode::kUnavailable, "does not answer (unplugged or without power)");
}

void stall(void**) {
  Opened o;
  assert_true(o.scanner.start_capture().ok());
  expect_frames(o.scanner, 0, 5);
  auto stalled = o.scanner.next_frame(kWait);
  assert_false(stalled.ok());
  expect_error(stalled.error(), hal::ErrorCode::kIo, "stalled its frame endpoint 0x81");
  assert_true(contains(stalled.error().message, kSerial));
  // The halt is cleared: the roll ends and the next one streams.
  assert_true(o.scanner.stop_capture().ok());
  assert_true(o.scanner.start_capture().ok());
  expect_frames(o.scanner, 0, 3);
  assert_true(o.scanner.stop_capture().ok());
}

// A message that fails its check is dropped (kCorrupt) and the stream goes
// on; the frame after it shows the gap.
void dropped_then_gap(const std::string& says, std::uint32_t at, std::uint32_t extra_errors) {
  Opened o;
  assert_true(o.scanner.start_capture().ok());
  expect_frames(o.scanner, 0, at);
  auto bad = o.scanner.next_frame(kWait);
  assert_false(bad.ok());
  expect_error(bad.error(), hal::ErrorCode::kCorrupt, says);
  assert_true(contains(bad.error().message, kSerial));
  for (std::uint32_t i = 0; i < extra_errors; ++i) {
    auto more = o.scanner.next_frame(kWait);
    assert_false(more.ok());
    assert_int_equal(static_cast<int>(more.error().code), static_cast<int>(hal::ErrorCode::kCorrupt));
  }
  auto next = o.scanner.next_frame(kWait);
  if (!next) fail_msg("after the bad message: %s", next.error().message.c_str());
  assert_int_equal(next->sequence, at + 1);
  assert_true(o.scanner.stop_capture().ok());
}

void wrong_sequence(void**) { dropped_then_gap("message 4 out of sequence (5 was due)", 5, 0); }
void short_transfer(void**) { dropped_then_gap("announces 600000 payload bytes but 76 came (a short transfer)", 3, 0); }
// The rest of the oversized message comes as one more transfer without a header.
void oversized_transfer(void**) { dropped_then_gap("longer than its largest (600024 bytes)", 3, 1); }

void lying_info(void**) {
  drivers::UsbRolledScanner scanner;
  auto opened = scanner.open();
  assert_false(opened.ok());
  expect_error(opened.error(), hal::ErrorCode::kProtocol, "its largest message is 4096 bytes, but a 800 x 750 frame");
  assert_true(contains(opened.error().message, kSerial));
}

void lying_descriptors(void**) {
  drivers::UsbRolledScanner scanner;
  auto opened = scanner.open();
  assert_false(opened.ok());
  expect_error(opened.error(), hal::ErrorCode::kProtocol, "interface 0 has no endpoint 0x81 (its endpoints: 0x82)");
  assert_true(contains(opened.error().message, kSerial));
}

struct Case {
  const char* name;
  CMUnitTestFunction test;
  const char* usb_sim_options;
};

const Case kCases[] = {
    {"enumerate", enumerate, ""},
    {"ten_rolls_match_the_synthetic_backend", ten_rolls_match_the_synthetic_backend, "--hand 42"},
    {"unplug_mid_roll", unplug_mid_roll, "--hand 42 --fault unplug@20"},
    {"stall", stall, "--hand 42 --fault stall@5"},
    {"wrong_sequence", wrong_sequence, "--hand 42 --fault sequence@5"},
    {"short_transfer", short_transfer, "--hand 42 --fault short@3"},
    {"oversized_transfer", oversized_transfer, "--hand 42 --fault oversized@3"},
    {"lying_info", lying_info, "--hand 42 --fault lying-info"},
    {"lying_descriptors", lying_descriptors, "--hand 42 --fault lying-descriptors"},
};

int inside(const std::string& name) {
  for (const Case& c : kCases) {
    if (name != c.name) continue;
    const CMUnitTest tests[] = {{c.name, c.test, nullptr, nullptr, nullptr}};
    return cmocka_run_group_tests_name(c.name, tests, nullptr, nullptr);
  }
  std::fprintf(stderr, "no case '%s'\n", name.c_str());
  return 2;
}

std::string self_path() {
  char self[4096] = {};
  if (readlink("/proc/self/exe", self, sizeof self - 1) < 0) return {};
  return self;
}

struct Outside {
  usbsim_test::Workdir dir;
  std::string image;
};
Outside* outside = nullptr;

void run_case(void** state) {
  const Case& c = *static_cast<const Case*>(*state);
  const usbsim_test::Run r = outside->dir.run(outside->image, self_path() + " --inside " + c.name, c.usb_sim_options);
  std::fputs(r.output.c_str(), stdout);
  assert_int_equal(r.status, 0);
}

}  // namespace

// Without arguments: every case but the ten rolls (rig_usbscan); with
// `--only CASE`: that one (rig_usbscan_ten_rolls, which needs minutes of
// CPU under ASan: twenty fingers grown, rendered and stitched).
int main(int argc, char** argv) {
  if (argc > 2 && std::strcmp(argv[1], "--inside") == 0) return inside(argv[2]);
  const std::string only = argc > 2 && std::strcmp(argv[1], "--only") == 0 ? argv[2] : "";
  Outside o;
  o.image = o.dir.sign("v1", "1.0.0+10", 1, 6000);
  outside = &o;
  std::vector<CMUnitTest> tests;
  for (const Case& c : kCases) {
    const bool slow = std::strcmp(c.name, "ten_rolls_match_the_synthetic_backend") == 0;
    if (only.empty() ? !slow : only == c.name) tests.push_back({c.name, run_case, nullptr, nullptr, const_cast<Case*>(&c)});
  }
  if (tests.empty()) return 2;
  return _cmocka_run_group_tests("rig_usbscan", tests.data(), tests.size(), nullptr, nullptr);
}
