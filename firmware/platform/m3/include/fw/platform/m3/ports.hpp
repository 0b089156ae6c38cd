// The M3 (QEMU mps2-an385) implementations of the ports.
#pragma once

#include <cstdint>

#include "fw/platform/ports.hpp"
#include "fw/platform/ram_nor_flash.hpp"

namespace fw::platform::m3 {

class UartConsole final : public Console {
public:
    UartConsole();
    void write(std::string_view text) override;
};

class ApbTimer final : public Timer {
public:
    ApbTimer();
    std::uint32_t now_ms() override;
    // Raw 25 MHz ticks since construction (for measurements).
    std::uint64_t now_ticks();
    void delay_ms(std::uint32_t ms) override;

private:
    std::uint32_t last_value_;
    std::uint64_t ticks_ = 0;
};

class ApbWatchdog final : public Watchdog {
public:
    void start(std::uint32_t timeout_ms) override;
    void kick() override;
};

// QEMU reloads its -device loader files on a system reset, which would undo
// what the bootloader wrote to the emulated flash; so a reset here restarts
// the bootloader in place (IMAGE.md §2), keeping RAM-backed flash as it is.
class WarmReset final : public Reset {
public:
    void reset() override;
};

// The status area and both slots, kept in SSRAM1 at their flash offsets.
RamNorFlash& flash();

// Semihosting SYS_EXIT_EXTENDED: QEMU exits with `code`.
[[noreturn]] void semihost_exit(std::uint32_t code);

// Sets VTOR, loads MSP from vectors[0] and branches to vectors[1].
[[noreturn]] void jump_to(std::uint32_t vector_table);

}  // namespace fw::platform::m3
