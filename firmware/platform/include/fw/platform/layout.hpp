// The scanner's flash layout (firmware/IMAGE.md §2), the same on the host
// and on the M3. Offsets are flash offsets.
#pragma once

#include <cstdint>

namespace fw::platform::layout {

inline constexpr std::uint32_t kSectorSize = 4 * 1024;
inline constexpr std::uint32_t kWriteGranularity = 4;

inline constexpr std::uint32_t kBootloaderOffset = 0x00000;
inline constexpr std::uint32_t kBootloaderSize = 32 * 1024;

inline constexpr std::uint32_t kStatusOffset = 0x08000;
inline constexpr std::uint32_t kStatusSectors = 2;

inline constexpr std::uint32_t kSlotSize = 512 * 1024;
inline constexpr std::uint32_t kSlotOffset[2] = {0x10000, 0x90000};
// The last sector of a slot is its trailer (the confirm word); images use the rest.
inline constexpr std::uint32_t kSlotCapacity = kSlotSize - kSectorSize;
inline constexpr std::uint32_t kConfirmWordOffset = kSlotCapacity;

// What the bootloader's flash port must cover: status area and both slots.
inline constexpr std::uint32_t kManagedOffset = kStatusOffset;
inline constexpr std::uint32_t kManagedEnd = 0x110000;
inline constexpr std::uint32_t kManagedSize = kManagedEnd - kManagedOffset;

// Where a payload may be loaded to run (RAM on the M3).
inline constexpr std::uint32_t kLoadWindowStart = 0x20010000;
inline constexpr std::uint32_t kLoadWindowSize = 512 * 1024;

// The boot-info block shared by bootloader and application (IMAGE.md §2).
inline constexpr std::uint32_t kBootInfoAddress = 0x2000FC00;

}  // namespace fw::platform::layout
