// Flashing throughput through the emulated scanner (usb-sim), in the same
// run on the same 256 KiB signed image: Debian's dfu-util downloads it into
// the inactive slot of a device already in DFU mode, timed inside the
// testbed from dfu-util's start to its exit (verification at manifestation
// included, usb-sim's set-up not); then the station's own tool
// (`station firmware flash`) timed both whole (signature check, status,
// DETACH, download, reset, status after the new image confirmed itself) and
// as its download alone (from the first DNLOAD to the end of manifestation,
// from its progress lines). Both wait the poll timeouts the bootloader
// announces for each erase and program, so the figures are the device's
// honest pace, not the host's. Prints KiB/s; asserts only that the slot
// then holds the image.
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

// The station's flash, whole, inside the testbed.
const std::string kStationTimed = std::string("t0=$(date +%s%N); ") + STATION + " firmware flash v2.img --key " +
                                  FW_PUBLIC_KEY + " >/dev/null 2>&1 || exit 9; t1=$(date +%s%N); " +
                                  "echo ELAPSED_NS=$((t1 - t0))";

double elapsed_s(const std::string& output) {
    const auto at = output.find("ELAPSED_NS=");
    if (at == std::string::npos) fail_msg("no timing in the output:\n%s", output.c_str());
    return std::strtod(output.c_str() + at + 11, nullptr) / 1e9;
}

struct Figures {
    double best = 1e9, total = 0;
    void add(double s) {
        best = std::min(best, s);
        total += s;
    }
    void print(const char* what) const {
        std::printf("%s, %zu KiB signed image: best %.2f s (%.1f KiB/s), mean of %d %.2f s (%.1f KiB/s)\n", what,
                    kImageSize / 1024, best, kImageSize / 1024.0 / best, kRuns, total / kRuns,
                    kImageSize / 1024.0 / (total / kRuns));
    }
};

void dfu_util_and_station_download_throughput(void**) {
    usbsim_test::Workdir w;
    const std::string v1 = w.sign("v1", "1.0.0+10", 1, 6000);
    const std::string v2 = w.sign("v2", "1.2.0+20", 2, kImageSize - kSignatureOverhead);
    const usbsim_test::Bytes image = usbsim_test::read_bytes(v2);
    assert_int_equal(image.size(), kImageSize);
    Figures dfu_util, station;
    for (int i = 0; i < kRuns; ++i) {
        for (auto [command, figures] : {std::pair{std::string(kTimed), &dfu_util}, std::pair{kStationTimed, &station}}) {
            const usbsim_test::Run r = w.run(v1, command);
            assert_int_equal(r.status, 0);
            assert_true(r.slot_b.size() >= image.size() && std::equal(image.begin(), image.end(), r.slot_b.begin()));
            figures->add(elapsed_s(r.output));
        }
    }
    dfu_util.print("dfu-util -D (device already in DFU mode, download and manifestation only)");
    station.print("station firmware flash (verify, status, DETACH, download, reset, status: the whole job)");
}

}  // namespace

int main() {
    const CMUnitTest tests[] = {cmocka_unit_test(dfu_util_and_station_download_throughput)};
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
