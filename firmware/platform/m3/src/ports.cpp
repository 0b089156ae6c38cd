#include "fw/platform/m3/ports.hpp"

#include "fw/platform/layout.hpp"
#include "fw/platform/m3/cmsdk.hpp"

namespace fw::platform::m3 {

UartConsole::UartConsole() {
    reg(uart0::kBaudDiv) = 16;  // the smallest divisor the UART accepts; QEMU ignores the rate
    reg(uart0::kCtrl) = uart0::kTxEnable;
}

void UartConsole::write(std::string_view text) {
    for (char c : text) {
        while ((reg(uart0::kState) & uart0::kTxFull) != 0) {
        }
        reg(uart0::kData) = static_cast<std::uint8_t>(c);
    }
}

ApbTimer::ApbTimer() {
    reg(timer0::kReload) = 0xFFFFFFFF;
    reg(timer0::kValue) = 0xFFFFFFFF;
    reg(timer0::kCtrl) = 1;
    last_value_ = reg(timer0::kValue);
}

std::uint64_t ApbTimer::now_ticks() {
    const std::uint32_t value = reg(timer0::kValue);
    ticks_ += last_value_ - value;  // counts down; unsigned difference handles the wrap
    last_value_ = value;
    return ticks_;
}

std::uint32_t ApbTimer::now_ms() { return static_cast<std::uint32_t>(now_ticks() / (timer0::kClockHz / 1000)); }

void ApbTimer::delay_ms(std::uint32_t ms) {
    const std::uint32_t start = now_ms();
    while (now_ms() - start < ms) {
    }
}

void ApbWatchdog::start(std::uint32_t timeout_ms) {
    reg(watchdog::kLock) = watchdog::kUnlockKey;
    // The watchdog resets on its second time-out: half the budget per count.
    reg(watchdog::kLoad) = timeout_ms * (timer0::kClockHz / 1000) / 2;
    reg(watchdog::kCtrl) = 0x3;
    reg(watchdog::kLock) = 0;
}

void ApbWatchdog::kick() {
    reg(watchdog::kLock) = watchdog::kUnlockKey;
    reg(watchdog::kIntClr) = 1;
    reg(watchdog::kLock) = 0;
}

void WarmReset::reset() {
    jump_to(layout::kBootloaderOffset);
}

RamNorFlash& flash() {
    // SSRAM1 is plain memory at CPU address == flash offset.
    static RamNorFlash device(
        std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(std::uintptr_t{layout::kManagedOffset}),
                                layout::kManagedSize),
        layout::kManagedOffset, layout::kSectorSize, layout::kWriteGranularity);
    return device;
}

void semihost_exit(std::uint32_t code) {
    // ADP_Stopped_ApplicationExit with an exit code (SYS_EXIT_EXTENDED, 0x20).
    static volatile std::uint32_t block[2];
    block[0] = 0x20026;
    block[1] = code;
    register std::uint32_t r0 asm("r0") = 0x20;
    register volatile std::uint32_t* r1 asm("r1") = block;
    asm volatile("bkpt 0xAB" : : "r"(r0), "r"(r1) : "memory");
    for (;;) {
    }
}

void jump_to(std::uint32_t vector_table) {
    const auto* vectors = reinterpret_cast<const volatile std::uint32_t*>(std::uintptr_t{vector_table});
    const std::uint32_t stack = vectors[0];
    const std::uint32_t entry = vectors[1];
    reg(scb::kVtor) = vector_table;
    asm volatile(
        "msr msp, %0\n"
        "bx %1\n"
        :
        : "r"(stack), "r"(entry)
        : "memory");
    __builtin_unreachable();
}

}  // namespace fw::platform::m3
