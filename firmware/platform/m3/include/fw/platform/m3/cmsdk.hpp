// The few registers of QEMU's mps2-an385 (ARM AN385: Cortex-M3 with CMSDK
// APB peripherals) that the firmware uses. Written from the CMSDK technical
// reference; no vendor headers exist in Debian.
#pragma once

#include <cstdint>

namespace fw::platform::m3 {

inline volatile std::uint32_t& reg(std::uintptr_t address) {
    return *reinterpret_cast<volatile std::uint32_t*>(address);
}

namespace uart0 {  // CMSDK APB UART
inline constexpr std::uintptr_t kBase = 0x40004000;
inline constexpr std::uintptr_t kData = kBase + 0x00;
inline constexpr std::uintptr_t kState = kBase + 0x04;  // bit 0: TX buffer full
inline constexpr std::uintptr_t kCtrl = kBase + 0x08;   // bit 0: TX enable
inline constexpr std::uintptr_t kBaudDiv = kBase + 0x10;
inline constexpr std::uint32_t kTxFull = 1u << 0;
inline constexpr std::uint32_t kTxEnable = 1u << 0;
}  // namespace uart0

namespace timer0 {  // CMSDK APB timer: 32-bit down-counter on the 25 MHz APB clock
inline constexpr std::uintptr_t kBase = 0x40000000;
inline constexpr std::uintptr_t kCtrl = kBase + 0x00;  // bit 0: enable
inline constexpr std::uintptr_t kValue = kBase + 0x04;
inline constexpr std::uintptr_t kReload = kBase + 0x08;
inline constexpr std::uint32_t kClockHz = 25'000'000;
}  // namespace timer0

namespace watchdog {  // CMSDK APB watchdog (SP805-like)
inline constexpr std::uintptr_t kBase = 0x40008000;
inline constexpr std::uintptr_t kLoad = kBase + 0x000;
inline constexpr std::uintptr_t kCtrl = kBase + 0x008;    // bit 0: interrupt, bit 1: reset enable
inline constexpr std::uintptr_t kIntClr = kBase + 0x00C;  // any write reloads the counter
inline constexpr std::uintptr_t kLock = kBase + 0xC00;
inline constexpr std::uint32_t kUnlockKey = 0x1ACCE551;
}  // namespace watchdog

namespace scb {  // System control block (ARMv7-M)
inline constexpr std::uintptr_t kVtor = 0xE000ED08;
inline constexpr std::uintptr_t kAircr = 0xE000ED0C;
inline constexpr std::uint32_t kAircrReset = (0x05FAu << 16) | (1u << 2);  // VECTKEY | SYSRESETREQ
}  // namespace scb

}  // namespace fw::platform::m3
