// NOR rules over plain memory: the host's flash and, since QEMU's mps2-an385
// emulates no flash controller, the M3's too (firmware/IMAGE.md §2).
#pragma once

#include "fw/platform/flash.hpp"

namespace fw::platform {

class RamNorFlash final : public Flash {
public:
    // `memory` backs flash offsets [base, base + memory.size()).
    RamNorFlash(std::span<std::uint8_t> memory, std::uint32_t base, std::uint32_t sector_size,
                std::uint32_t write_granularity);

    [[nodiscard]] std::uint32_t base() const override { return base_; }
    [[nodiscard]] std::uint32_t size() const override;
    [[nodiscard]] std::uint32_t sector_size() const override { return sector_size_; }
    [[nodiscard]] std::uint32_t write_granularity() const override { return granularity_; }

    FlashStatus read(std::uint32_t offset, std::span<std::uint8_t> out) override;
    FlashStatus erase_sector(std::uint32_t offset) override;
    FlashStatus program(std::uint32_t offset, std::span<const std::uint8_t> data) override;

private:
    std::span<std::uint8_t> memory_;
    std::uint32_t base_;
    std::uint32_t sector_size_;
    std::uint32_t granularity_;
};

}  // namespace fw::platform
