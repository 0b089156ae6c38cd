// bench_firmware_boot: flash and RAM of the M3 bootloader and application
// (arm-none-eabi-size; goal: bootloader <= 16 KiB of flash, no heap), and the
// bootloader's decision over a 256 KiB image counted in instructions under
// QEMU -icount shift=0 (one instruction per virtual nanosecond; the 25 MHz
// APB timer the bootloader reads ticks every 40), converted to milliseconds
// at 100 MHz assuming one instruction a cycle.
#include <cstdio>
#include <sstream>

#include "qemu_rig.hpp"
// Last: cmocka's fail() macro breaks standard headers included after it.
#include "cmocka.hpp"

namespace {

struct Size {
    unsigned long text = 0, data = 0, bss = 0;
};

Size size_of(const std::string& elf) {
    const auto r = testing_support::run({FW_ARM_SIZE, elf});
    if (r.exit_code != 0) fail_msg("%s failed: %s", FW_ARM_SIZE, r.err.c_str());
    std::istringstream lines(r.out);
    std::string header;
    std::getline(lines, header);
    Size s;
    lines >> s.text >> s.data >> s.bss;
    return s;
}

bool uses_heap(const std::string& elf) {
    const auto r = testing_support::run({FW_ARM_NM, elf});
    for (const char* symbol : {" malloc\n", " _sbrk\n", " sbrk\n", " operator new"}) {
        if (r.out.find(symbol) != std::string::npos) return true;
    }
    return false;
}

void report_sizes(void**) {
    for (const char* program : {"bootloader.elf", "selftest_app.elf"}) {
        const Size s = size_of(fwtest::m3_program(program));
        std::printf("%-17s flash %6lu bytes (%.1f KiB)  RAM %6lu bytes (data %lu + bss %lu, stack included in bss)  heap: %s\n",
                    program, s.text + s.data, (s.text + s.data) / 1024.0, s.data + s.bss, s.data, s.bss,
                    uses_heap(fwtest::m3_program(program)) ? "USED" : "none");
    }
    const Size boot = size_of(fwtest::m3_program("bootloader.elf"));
    std::printf("bootloader goal <= 16 KiB flash: %s\n", boot.text + boot.data <= 16 * 1024 ? "met" : "MISSED");
    assert_false(uses_heap(fwtest::m3_program("bootloader.elf")));
}

unsigned long ticks_for(std::size_t payload, const char* name) {
    fwtest::FlashPlan plan;
    plan.slot[0] = fwtest::signed_app(1, 1, fwtest::factory_key_path(), "selftest_app.bin", payload);
    const auto r = fwtest::boot_in_qemu(plan, name, true);
    const auto at = r.uart.find("boot: decided in ");
    if (r.exit_code != 0 || at == std::string::npos) fail_msg("QEMU run failed (%d):\n%s", r.exit_code, r.uart.c_str());
    return std::stoul(r.uart.substr(at + 17));
}

void report_verification(void**) {
    const unsigned long big = ticks_for(256 * 1024, "bench256k");
    const unsigned long small = ticks_for(0, "benchsmall");
    for (const auto& [label, ticks] : {std::pair{"256 KiB image", big}, std::pair{"10 KiB image", small}}) {
        const double instructions = ticks * 40.0;
        std::printf("M3 boot decision, %-13s: %.2f M instructions (icount) = %.1f ms at 100 MHz\n", label,
                    instructions / 1e6, instructions / 100e6 * 1e3);
    }
    std::printf("per KiB of image: %.0f instructions\n", (big - small) * 40.0 / (256 - 10));
    assert_true(big > small);
}

}  // namespace

int main() {
    const CMUnitTest tests[] = {cmocka_unit_test(report_sizes), cmocka_unit_test(report_verification)};
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
