// Frames through the emulated USB path beside the synthetic backend, in one
// run: drivers/usbscan reads 800 x 750 frames over real libusb from usb-sim
// (umockdev, the firmware's host build streaming a synthetic hand), and
// drivers/synthetic_scanner serves the same frame size at its configured
// 40 frames/s. Prints frames/s and the latency of each next_frame() (mean,
// median, p95, max); asserts only that every frame arrived in sequence.
// usb-sim does not emulate packet timing (PROTOCOL.md: frames come as fast
// as the host reads), so the USB figure is the software path's ceiling:
// libusb, usbdevfs through umockdev, the firmware's streaming and our driver.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "drivers/synthetic_scanner.hpp"
#include "drivers/system_clock.hpp"
#include "drivers/usb_rolled_scanner.hpp"
#include "usb_sim_run.hpp"
#include "cmocka.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kUsbFrames = 200;
constexpr int kSyntheticFrames = 80;  // 2 s at 40 frames/s

class FlatPlaten final : public drivers::PlatenSource {
 public:
  void begin_session() override {}
  void draw(std::uint32_t index, std::span<std::uint8_t> pixels) override {
    std::fill(pixels.begin(), pixels.end(), static_cast<std::uint8_t>(index));
  }
};

// Reads `n` frames; prints frames/s and per-frame latency.
void measure(hal::RolledScanner& scanner, int n, const char* what) {
  auto opened = scanner.open();
  if (!opened) fail_msg("open %s: %s", what, opened.error().message.c_str());
  assert_true(scanner.start_capture().ok());
  std::vector<double> ms;
  const auto start = Clock::now();
  for (int i = 0; i < n; ++i) {
    const auto before = Clock::now();
    auto frame = scanner.next_frame(std::chrono::milliseconds(5000));
    if (!frame) fail_msg("%s frame %d: %s", what, i, frame.error().message.c_str());
    assert_int_equal(frame->sequence, static_cast<std::uint32_t>(i));
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - before).count());
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  assert_true(scanner.stop_capture().ok());
  scanner.close();
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double m : ms) sum += m;
  std::printf("%-46s %6.1f frames/s; next_frame mean %6.2f ms  median %6.2f  p95 %6.2f  max %6.2f  (n=%d)\n", what,
              n / seconds, sum / n, ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.back(), n);
}

void inside_the_testbed(void**) {
  drivers::UsbRolledScanner usb;
  measure(usb, kUsbFrames, "USB (libusb, umockdev, firmware host build)");
  drivers::SystemClock clock;
  drivers::SyntheticScanner synthetic({}, clock, std::make_unique<FlatPlaten>());
  measure(synthetic, kSyntheticFrames, "synthetic backend at 40 frames/s");
}

std::string self_path() {
  char path[4096] = {};
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  return n > 0 ? std::string(path, static_cast<std::size_t>(n)) : std::string();
}

void usb_and_synthetic_frame_rates(void**) {
  usbsim_test::Workdir w;
  const std::string image = w.sign("v1", "1.0.0+10", 1, 6000);
  const usbsim_test::Run r = w.run(image, self_path() + " --inside", "--hand 42");
  std::fputs(r.output.c_str(), stdout);
  assert_int_equal(r.status, 0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--inside") == 0) {
    const CMUnitTest inside[] = {cmocka_unit_test(inside_the_testbed)};
    return cmocka_run_group_tests(inside, nullptr, nullptr);
  }
  const CMUnitTest outside[] = {cmocka_unit_test(usb_and_synthetic_frame_rates)};
  return cmocka_run_group_tests(outside, nullptr, nullptr);
}
