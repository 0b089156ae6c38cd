// The boot-info block (IMAGE.md §2): how the bootloader tells the
// application which slot and state it runs in, and how the application asks
// for DFU mode across a reset. It sits in RAM that neither program's
// start-up code clears.
#pragma once

#include <cstdint>

namespace fw::boot {

inline constexpr std::uint32_t kBootInfoMagic = 0x4F464E49;   // "INFO"
inline constexpr std::uint32_t kDfuRequest = 0x52554644;      // "DFUR"

struct BootInfo {
    std::uint32_t magic;
    std::uint8_t slot;
    std::uint8_t state;  // RunState
    std::uint16_t reserved;
    std::uint8_t major;
    std::uint8_t minor;
    std::uint16_t patch;
    std::uint32_t build;
    std::uint32_t security_counter;
    std::uint32_t last_reason;
    std::uint32_t dfu_request;
};
static_assert(sizeof(BootInfo) == 28);

}  // namespace fw::boot
