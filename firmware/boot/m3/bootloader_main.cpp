// The bootloader on the M3 (QEMU mps2-an385): decide, copy, jump. All the
// deciding is fw::boot::boot(); this file is the board glue.
#include <cstring>

#include "fw/boot/boot_info.hpp"
#include "fw/boot/bootloader.hpp"
#include "fw/boot/keys.hpp"
#include "fw/platform/layout.hpp"
#include "fw/platform/m3/ports.hpp"

namespace {

namespace layout = fw::platform::layout;
using fw::boot::BootInfo;
using fw::boot::BootOutcome;

BootInfo& boot_info() { return *reinterpret_cast<BootInfo*>(std::uintptr_t{layout::kBootInfoAddress}); }

bool take_dfu_request() {
    BootInfo& info = boot_info();
    const bool requested = info.magic == fw::boot::kBootInfoMagic && info.dfu_request == fw::boot::kDfuRequest;
    info.dfu_request = 0;
    return requested;
}

void publish(const BootOutcome& o) {
    BootInfo& info = boot_info();
    info.magic = fw::boot::kBootInfoMagic;
    info.slot = o.slot;
    info.state = static_cast<std::uint8_t>(o.state);
    info.reserved = 0;
    info.major = o.header.version.major;
    info.minor = o.header.version.minor;
    info.patch = o.header.version.patch;
    info.build = o.header.version.build;
    info.security_counter = o.security_counter;
    info.last_reason = static_cast<std::uint32_t>(o.last_refusal);
    info.dfu_request = 0;
}

}  // namespace

int main() {
    fw::platform::m3::UartConsole console;
    fw::platform::m3::ApbTimer timer;
    const bool dfu = take_dfu_request();
    console.write("boot: scanner bootloader\n");
    const fw::boot::BootConfig config{fw::boot::builtin_keys(), layout::kLoadWindowStart, layout::kLoadWindowSize};
    const std::uint64_t start = timer.now_ticks();
    const BootOutcome outcome = fw::boot::boot(fw::platform::m3::flash(), console, config, dfu);
    // Under QEMU -icount shift=0 one instruction is 1 ns: ticks x 40 = instructions.
    console.write("boot: decided in ");
    fw::platform::write_decimal(console, static_cast<std::uint32_t>(timer.now_ticks() - start));
    console.write(" ticks of 25 MHz\n");
    if (outcome.action == BootOutcome::Action::dfu) {
        // No USB device model on this board: the host build runs DFU mode.
        console.write("boot: stopping (no USB device on this board)\n");
        fw::platform::m3::semihost_exit(3);
    }
    publish(outcome);
    const std::uint32_t payload = layout::kSlotOffset[outcome.slot] + outcome.header.header_size;
    auto* load = reinterpret_cast<std::uint8_t*>(std::uintptr_t{outcome.header.load_address});
    if (fw::platform::m3::flash().read(payload, std::span(load, outcome.header.image_size)) !=
        fw::platform::FlashStatus::ok) {
        console.write("boot: copying the image failed\n");
        fw::platform::m3::semihost_exit(4);
    }
    fw::platform::m3::jump_to(outcome.header.load_address);
}
