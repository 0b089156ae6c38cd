// A minimal application for the QEMU tests: it shows the application's side
// of the boot contract on the UART (the scanner application proper lives in
// firmware/app). It prints what it runs, self-tests when it runs in test
// state, confirms, and restarts so the bootloader makes it permanent.
// FW_APP_SELFTEST_FAILS builds a variant whose self-test fails: it restarts
// without confirming, and the bootloader must revert.
#include "fw/boot/boot_info.hpp"
#include "fw/boot/bootloader.hpp"
#include "fw/boot/confirm.hpp"
#include "fw/platform/layout.hpp"
#include "fw/platform/m3/ports.hpp"

namespace {

namespace layout = fw::platform::layout;
using fw::platform::write_decimal;

const fw::boot::BootInfo& info() {
    return *reinterpret_cast<const fw::boot::BootInfo*>(std::uintptr_t{layout::kBootInfoAddress});
}

void say_running(fw::platform::Console& out, const fw::boot::BootInfo& i) {
    out.write("app: running version ");
    write_decimal(out, i.major);
    out.write(".");
    write_decimal(out, i.minor);
    out.write(".");
    write_decimal(out, i.patch);
    out.write("+");
    write_decimal(out, i.build);
    const char slot[2] = {fw::boot::slot_name(i.slot), '\0'};
    out.write(" from slot ");
    out.write(slot);
    out.write(i.state == static_cast<std::uint8_t>(fw::boot::RunState::test) ? " (test)\n" : " (permanent)\n");
}

// What a scanner checks before trusting a new image: its timer runs and its
// RAM holds patterns (the sensor check lives in the real application).
bool self_test(fw::platform::m3::ApbTimer& timer) {
#ifdef FW_APP_SELFTEST_FAILS
    (void)timer;
    return false;
#else
    static volatile std::uint32_t cells[64];
    for (std::uint32_t i = 0; i < 64; ++i) cells[i] = 0xA5A5A5A5u ^ i;
    for (std::uint32_t i = 0; i < 64; ++i) {
        if (cells[i] != (0xA5A5A5A5u ^ i)) return false;
    }
    const std::uint64_t before = timer.now_ticks();
    for (int spin = 0; spin < 1000; ++spin) asm volatile("");
    return timer.now_ticks() != before;
#endif
}

}  // namespace

int main() {
    fw::platform::m3::UartConsole console;
    fw::platform::m3::ApbTimer timer;
    const fw::boot::BootInfo& i = info();
    if (i.magic != fw::boot::kBootInfoMagic) {
        console.write("app: no boot info: not started by the bootloader\n");
        return 2;
    }
    say_running(console, i);
    if (i.state != static_cast<std::uint8_t>(fw::boot::RunState::test)) return 0;
    if (!self_test(timer)) {
        console.write("app: self-test failed: not confirming, restarting\n");
    } else if (fw::boot::confirm_image(fw::platform::m3::flash(), i.slot) == fw::boot::ConfirmResult::confirmed) {
        console.write("app: self-test passed: image confirmed, restarting\n");
    } else {
        console.write("app: confirming failed, restarting\n");
    }
    fw::platform::m3::WarmReset().reset();
    return 1;
}
