// The scanner application's M3 build, signed with the factory test key and
// booted by the real bootloader under QEMU (mps2-an385, through FW-boot's
// QEMU rig): it self-tests, confirms itself when it runs as an update in
// test state, and streams a two-frame roll of the built-in pattern through
// the same capture code the host build runs.
#include <cstdint>
#include <string>

#include "qemu_rig.hpp"
#include "cmocka.hpp"

namespace {

// The rig finds FW-boot's programs; ours is built next to them.
constexpr const char* kScannerApp = "../../app/m3/scanner_app.bin";

// Two 800 x 750 frames (24 + 600000 bytes: 1172 packets each, the last one
// short) and the 24-byte ROLL_END.
constexpr const char* kStreamed = "scanner: streamed 2 frames in 2345 packets, 1200072 bytes\n";

void expect_uart(const fwtest::QemuRun& r, const std::string& line) {
    if (r.uart.find(line) == std::string::npos) fail_msg("UART lacks \"%s\":\n%s", line.c_str(), r.uart.c_str());
}

void expect_exit(const fwtest::QemuRun& r, int code) {
    if (r.timed_out) fail_msg("QEMU timed out:\n%s", r.uart.c_str());
    if (r.exit_code != code) fail_msg("QEMU exit %d, expected %d:\n%s", r.exit_code, code, r.uart.c_str());
}

void factory_image_self_tests_and_streams(void**) {
    fwtest::FlashPlan plan;
    plan.slot[0] = fwtest::signed_app(1, 1, fwtest::factory_key_path(), kScannerApp);
    const auto r = fwtest::boot_in_qemu(plan, "scanner-factory");
    expect_exit(r, 0);
    expect_uart(r, "boot: slot A verified, version 1.0.0+10 (permanent)");
    expect_uart(r, "scanner: self-test passed\n");
    expect_uart(r, kStreamed);
}

void update_confirms_itself_and_becomes_permanent(void**) {
    fwtest::FlashPlan plan;
    plan.slot[0] = fwtest::signed_app(1, 1);
    plan.slot[1] = fwtest::signed_app(2, 2, fwtest::factory_key_path(), kScannerApp);
    fw::boot::StatusRecord record;
    record.active = 0;
    record.security_counter = 1;
    record.candidate = 1;
    record.state = fw::boot::CandidateState::pending;
    plan.record = record;
    const auto r = fwtest::boot_in_qemu(plan, "scanner-update");
    expect_exit(r, 0);
    expect_uart(r, "boot: slot B verified, version 2.0.0+20 (test)");
    expect_uart(r, "scanner: self-test passed, image confirmed\n");
    expect_uart(r, "boot: slot B verified, version 2.0.0+20 (permanent)");
    expect_uart(r, kStreamed);
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(factory_image_self_tests_and_streams),
        cmocka_unit_test(update_confirms_itself_and_becomes_permanent),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
