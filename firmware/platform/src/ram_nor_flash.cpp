#include "fw/platform/ram_nor_flash.hpp"

#include <cstring>

namespace fw::platform {

RamNorFlash::RamNorFlash(std::span<std::uint8_t> memory, std::uint32_t base, std::uint32_t sector_size,
                         std::uint32_t write_granularity)
    : memory_(memory), base_(base), sector_size_(sector_size), granularity_(write_granularity) {}

std::uint32_t RamNorFlash::size() const { return static_cast<std::uint32_t>(memory_.size()); }

FlashStatus RamNorFlash::read(std::uint32_t offset, std::span<std::uint8_t> out) {
    if (!flash_range_ok(base_, size(), offset, out.size())) return FlashStatus::out_of_range;
    if (!out.empty()) std::memcpy(out.data(), memory_.data() + (offset - base_), out.size());
    return FlashStatus::ok;
}

FlashStatus RamNorFlash::erase_sector(std::uint32_t offset) {
    if (!flash_range_ok(base_, size(), offset, sector_size_)) return FlashStatus::out_of_range;
    if ((offset - base_) % sector_size_ != 0) return FlashStatus::misaligned;
    std::memset(memory_.data() + (offset - base_), 0xFF, sector_size_);
    return FlashStatus::ok;
}

FlashStatus RamNorFlash::program(std::uint32_t offset, std::span<const std::uint8_t> data) {
    if (!flash_range_ok(base_, size(), offset, data.size())) return FlashStatus::out_of_range;
    if ((offset - base_) % granularity_ != 0 || data.size() % granularity_ != 0) return FlashStatus::misaligned;
    std::uint8_t* cell = memory_.data() + (offset - base_);
    // Checked before anything changes, so a refused program leaves the flash as it was.
    for (std::size_t i = 0; i < data.size(); ++i) {
        if ((data[i] & ~cell[i] & 0xFF) != 0) return FlashStatus::not_erased;
    }
    for (std::size_t i = 0; i < data.size(); ++i) cell[i] = static_cast<std::uint8_t>(cell[i] & data[i]);
    return FlashStatus::ok;
}

const char* flash_status_name(FlashStatus status) {
    switch (status) {
        case FlashStatus::ok: return "ok";
        case FlashStatus::out_of_range: return "out_of_range";
        case FlashStatus::misaligned: return "misaligned";
        case FlashStatus::not_erased: return "not_erased";
        case FlashStatus::power_cut: return "power_cut";
    }
    return "unknown";
}

}  // namespace fw::platform
