// A flash port that loses power at a chosen operation: MCUboot's simulator
// approach. Every program and erase counts one; at the Nth the power fails
// (that operation optionally torn: part of it done) and every later call
// fails with power_cut until the test "restores power" by arming again.
#pragma once

#include <cstdint>

#include "fw/platform/flash.hpp"

namespace fw::platform::host {

class PowerCutFlash final : public Flash {
public:
    explicit PowerCutFlash(Flash& inner) : inner_(inner) {}

    // Cut at the `nth` program/erase from now (1 = the very next), or never (0).
    void arm(std::uint32_t nth, bool tear);
    void restore_power() { arm(0, false); }
    [[nodiscard]] bool cut() const { return cut_; }
    // Programs and erases performed (or attempted) since the last arm().
    [[nodiscard]] std::uint32_t operations() const { return operations_; }

    [[nodiscard]] std::uint32_t base() const override { return inner_.base(); }
    [[nodiscard]] std::uint32_t size() const override { return inner_.size(); }
    [[nodiscard]] std::uint32_t sector_size() const override { return inner_.sector_size(); }
    [[nodiscard]] std::uint32_t write_granularity() const override { return inner_.write_granularity(); }

    FlashStatus read(std::uint32_t offset, std::span<std::uint8_t> out) override;
    FlashStatus erase_sector(std::uint32_t offset) override;
    FlashStatus program(std::uint32_t offset, std::span<const std::uint8_t> data) override;

private:
    // True when this operation is the one that loses power.
    bool reaches_cut();
    void tear_erase(std::uint32_t offset);
    void tear_program(std::uint32_t offset, std::span<const std::uint8_t> data);

    Flash& inner_;
    std::uint32_t countdown_ = 0;
    std::uint32_t operations_ = 0;
    bool tear_ = false;
    bool cut_ = false;
};

}  // namespace fw::platform::host
