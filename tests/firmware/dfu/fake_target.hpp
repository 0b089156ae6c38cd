// A Target over a RAM slot for the DFU unit tests and fuzzer. The slot sits
// between two guard areas: any byte changed there means the state machine
// (or the Target contract) let a write escape the inactive slot.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "fw/dfu/target.hpp"

namespace fw::dfu::testing {

class FakeTarget final : public Target {
public:
    static constexpr std::uint32_t kGuard = 64;
    static constexpr std::uint8_t kGuardByte = 0xA5;

    explicit FakeTarget(std::uint32_t capacity)
        : capacity_(capacity), flash_(capacity + 2 * kGuard, kGuardByte) {
        std::memset(flash_.data() + kGuard, 0x00, capacity);  // not erased yet
    }

    std::uint32_t capacity() const override { return capacity_; }

    FlashStatus erase() override {
        ++erases;
        if (fail_erase) return FlashStatus::erase_failed;
        std::memset(flash_.data() + kGuard, 0xFF, capacity_);
        return FlashStatus::ok;
    }

    FlashStatus write(std::uint32_t offset, const std::uint8_t* data, std::uint32_t length) override {
        ++writes;
        if (offset > capacity_ || length > capacity_ - offset) {
            ++out_of_range_writes;
            return FlashStatus::out_of_range;
        }
        if (fail_write) return FlashStatus::write_failed;
        std::memcpy(flash_.data() + kGuard + offset, data, length);
        if (offset + length > high_water) high_water = offset + length;
        return FlashStatus::ok;
    }

    std::uint32_t read(std::uint32_t offset, std::uint8_t* out, std::uint32_t length) override {
        // The readable extent is what was programmed, as a real slot would
        // report the image it holds.
        if (offset >= high_water) return 0;
        const std::uint32_t n = length < high_water - offset ? length : high_water - offset;
        std::memcpy(out, flash_.data() + kGuard + offset, n);
        return n;
    }

    ManifestVerdict manifest(std::uint32_t total_length) override {
        manifest_length = total_length;
        ++manifests;
        if (verdict.accepted()) pending = true;
        return verdict;
    }

    std::uint32_t erase_poll_ms() const override { return 400; }
    std::uint32_t program_poll_ms(std::uint32_t length) const override { return 2 + length / 256; }
    std::uint32_t manifest_poll_ms(std::uint32_t total_length) const override { return 50 + total_length / 1024; }

    const std::uint8_t* slot() const { return flash_.data() + kGuard; }
    bool guards_intact() const {
        for (std::uint32_t i = 0; i < kGuard; ++i) {
            if (flash_[i] != kGuardByte || flash_[kGuard + capacity_ + i] != kGuardByte) return false;
        }
        return true;
    }

    ManifestVerdict verdict{};
    bool fail_erase = false;
    bool fail_write = false;
    bool pending = false;
    int erases = 0;
    int writes = 0;
    int manifests = 0;
    int out_of_range_writes = 0;
    std::uint32_t manifest_length = 0;
    std::uint32_t high_water = 0;

private:
    std::uint32_t capacity_;
    std::vector<std::uint8_t> flash_;
};

}  // namespace fw::dfu::testing
