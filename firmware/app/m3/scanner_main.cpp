// The scanner application on the Cortex-M3 (QEMU's mps2-an385). QEMU has no
// USB device and no fingerprint sensor, so this build runs the same
// application code over the built-in pattern sensor and a bulk endpoint
// that only counts packets: it self-tests, confirms a test-state image
// through the bootloader, streams a short roll, and reports on the UART.
#include <stdint.h>

#include "fw/app/boot_link.hpp"
#include "fw/app/pattern_sensor.hpp"
#include "fw/app/scanner.hpp"
#include "fw/app/self_test.hpp"
#include "fw/platform/layout.hpp"
#include "fw/platform/m3/ports.hpp"

namespace {

using fw::platform::write_decimal;

// Stands in for the USB peripheral's bulk IN FIFO: always free.
class CountingBulkIn final : public fw::app::BulkIn {
public:
    bool write_packet(const uint8_t*, uint16_t length) override {
        ++packets;
        bytes += length;
        return true;
    }
    uint32_t packets = 0;
    uint32_t bytes = 0;
};

// The MPS2 has no unique device id; the serial says so.
constexpr const char* kSerial = "00000000QEMUMPS2";
constexpr uint32_t kWatchdogMs = 2000;
constexpr uint16_t kRollFrames = 2;

fw::boot::BootInfo& boot_info() {
    return *reinterpret_cast<fw::boot::BootInfo*>(uintptr_t{fw::platform::layout::kBootInfoAddress});
}

// SET_CONFIGURATION 1, then START_ROLL for `frames` frames, as a host would.
void start_roll(fw::app::Scanner& scanner, uint16_t frames) {
    uint8_t none[1];
    scanner.control({0x00, 9, 1, 0, 0, nullptr}, none, 0);
    scanner.control({fw::app::kVendorOut, static_cast<uint8_t>(fw::app::VendorRequest::start_roll), frames,
                     fw::app::kCaptureInterface, 0, nullptr},
                    none, 0);
}

}  // namespace

int main() {
    fw::platform::m3::UartConsole console;
    fw::platform::m3::ApbTimer timer;
    fw::platform::m3::ApbWatchdog watchdog;
    fw::boot::BootInfo& info = boot_info();
    if (info.magic != fw::boot::kBootInfoMagic) {
        console.write("scanner: no boot info: not started by the bootloader\n");
        fw::platform::m3::semihost_exit(2);
    }
    fw::app::PatternSensor sensor(timer, fw::app::kPlatenGeometry);
    fw::app::SlotConfirmation link(fw::platform::m3::flash(), info);
    const bool test_boot = link.test_boot();
    const fw::app::SelfTest result = fw::app::run_self_test(sensor, watchdog, link, kWatchdogMs);
    console.write("scanner: self-test ");
    console.write(fw::app::self_test_name(result));
    console.write("\n");
    if (test_boot) {
        // Confirmed or not, the bootloader decides at the next reset.
        fw::platform::m3::WarmReset().reset();
    }
    if (!fw::app::self_test_ok(result)) fw::platform::m3::semihost_exit(1);

    CountingBulkIn bulk;
    const fw::app::ScannerConfig config{{info.major, info.minor, info.patch, info.build}, kSerial, test_boot};
    fw::app::BootStatusReport report(fw::platform::m3::flash(), info);
    fw::app::Scanner scanner({sensor, bulk, timer, watchdog, &report}, config);
    start_roll(scanner, kRollFrames);
    fw::platform::m3::WarmReset reset;
    while (scanner.capture().streaming()) {
        scanner.poll();
        // After a DETACH's status stage (bitWillDetach): into the bootloader.
        if (scanner.detach_requested()) fw::app::reset_into_dfu(info, reset);
    }
    console.write("scanner: streamed ");
    write_decimal(console, kRollFrames);
    console.write(" frames in ");
    write_decimal(console, bulk.packets);
    console.write(" packets, ");
    write_decimal(console, bulk.bytes);
    console.write(" bytes\n");
    fw::platform::m3::semihost_exit(0);
}
