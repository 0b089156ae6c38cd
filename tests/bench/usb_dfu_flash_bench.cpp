// Flashing throughput through the emulated scanner (usb-sim): Debian's
// dfu-util downloads a 256 KiB signed image into the inactive slot of a
// device already in DFU mode, timed inside the testbed from dfu-util's start
// to its exit (verification at manifestation included, usb-sim's set-up
// not). dfu-util waits the poll timeouts the bootloader announces for each
// erase and program, so the figure is the device's honest pace, not the
// host's. Prints KiB/s; asserts only that the slot then holds the image.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "usb_sim_run.hpp"
#include "cmocka.hpp"

namespace {

constexpr std::size_t kImageSize = 256 * 1024;
constexpr std::size_t kSignatureOverhead = 376;  // header + TLV trailer of a fw-sign image
constexpr int kRuns = 3;

// Nanoseconds from `date`, inside the testbed's shell.
constexpr const char* kTimed =
    "dfu-util -d 1209:0004 -e >/dev/null 2>&1; sleep 1; "  // DETACH: the device comes back in DFU mode
    "t0=$(date +%s%N); dfu-util -d 1209:0004 -D v2.img >/dev/null 2>&1 || exit 9; t1=$(date +%s%N); "
    "echo ELAPSED_NS=$((t1 - t0))";

double elapsed_s(const std::string& output) {
    const auto at = output.find("ELAPSED_NS=");
    if (at == std::string::npos) fail_msg("no timing in the output:\n%s", output.c_str());
    return std::strtod(output.c_str() + at + 11, nullptr) / 1e9;
}

void dfu_util_download_throughput(void**) {
    usbsim_test::Workdir w;
    const std::string v1 = w.sign("v1", "1.0.0+10", 1, 6000);
    const std::string v2 = w.sign("v2", "1.2.0+20", 2, kImageSize - kSignatureOverhead);
    const usbsim_test::Bytes image = usbsim_test::read_bytes(v2);
    assert_int_equal(image.size(), kImageSize);
    double best = 1e9, total = 0;
    for (int i = 0; i < kRuns; ++i) {
        const usbsim_test::Run r = w.run(v1, kTimed);
        assert_int_equal(r.status, 0);
        assert_true(r.slot_b.size() >= image.size() && std::equal(image.begin(), image.end(), r.slot_b.begin()));
        const double s = elapsed_s(r.output);
        best = std::min(best, s);
        total += s;
    }
    std::printf("dfu-util -D, %zu KiB signed image, emulated scanner in DFU mode: best %.2f s (%.1f KiB/s), "
                "mean of %d %.2f s (%.1f KiB/s)\n",
                kImageSize / 1024, best, kImageSize / 1024.0 / best, kRuns, total / kRuns,
                kImageSize / 1024.0 / (total / kRuns));
}

}  // namespace

int main() {
    const CMUnitTest tests[] = {cmocka_unit_test(dfu_util_download_throughput)};
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
