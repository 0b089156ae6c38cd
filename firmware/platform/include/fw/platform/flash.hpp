// The flash port: NOR flash as the bootloader sees it. Offsets are flash
// offsets of the scanner's layout (firmware/IMAGE.md §2), not CPU addresses,
// so the same boot code runs over RAM on the host and on the M3.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace fw::platform {

enum class FlashStatus : std::uint8_t {
    ok = 0,
    out_of_range,  // part of the range lies outside the device
    misaligned,    // program offset/length not a multiple of the granularity, erase not at a sector start
    not_erased,    // program would have to set a bit that is 0 (NOR refuses)
    power_cut,     // the device lost power during or before this operation
};

const char* flash_status_name(FlashStatus status);

class Flash {
public:
    // First flash offset this device covers and its size in bytes.
    [[nodiscard]] virtual std::uint32_t base() const = 0;
    [[nodiscard]] virtual std::uint32_t size() const = 0;
    [[nodiscard]] virtual std::uint32_t sector_size() const = 0;
    [[nodiscard]] virtual std::uint32_t write_granularity() const = 0;

    virtual FlashStatus read(std::uint32_t offset, std::span<std::uint8_t> out) = 0;
    // Sets the whole sector starting at `offset` to 0xFF.
    virtual FlashStatus erase_sector(std::uint32_t offset) = 0;
    // Clears bits only: every 0 bit of `data` becomes 0, 1 bits must already be 1.
    virtual FlashStatus program(std::uint32_t offset, std::span<const std::uint8_t> data) = 0;

protected:
    // Never deleted through the port: no virtual destructor, no operator delete
    // needed by the freestanding build.
    ~Flash() = default;
};

// True when [offset, offset + length) lies inside [base, base + size);
// computed without overflow.
constexpr bool flash_range_ok(std::uint32_t base, std::uint32_t size, std::uint32_t offset,
                              std::uint64_t length) {
    return offset >= base && std::uint64_t{offset} - base + length <= size;
}

}  // namespace fw::platform
