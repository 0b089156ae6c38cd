#include "fw/platform/host/power_cut_flash.hpp"

#include <algorithm>
#include <array>

namespace fw::platform::host {

void PowerCutFlash::arm(std::uint32_t nth, bool tear) {
    countdown_ = nth;
    tear_ = tear;
    cut_ = false;
    operations_ = 0;
}

bool PowerCutFlash::reaches_cut() {
    ++operations_;
    if (cut_) return true;
    if (countdown_ == 0) return false;
    if (--countdown_ != 0) return false;
    cut_ = true;
    return true;
}

FlashStatus PowerCutFlash::read(std::uint32_t offset, std::span<std::uint8_t> out) {
    if (cut_) return FlashStatus::power_cut;
    return inner_.read(offset, out);
}

FlashStatus PowerCutFlash::erase_sector(std::uint32_t offset) {
    const bool was_cut = cut_;
    if (!reaches_cut()) return inner_.erase_sector(offset);
    if (!was_cut && tear_) tear_erase(offset);
    return FlashStatus::power_cut;
}

FlashStatus PowerCutFlash::program(std::uint32_t offset, std::span<const std::uint8_t> data) {
    const bool was_cut = cut_;
    if (!reaches_cut()) return inner_.program(offset, data);
    if (!was_cut && tear_) tear_program(offset, data);
    return FlashStatus::power_cut;
}

// A torn erase: the first half of the sector reads erased, the rest keeps its
// old contents (real parts leave a mix; any mix must be survivable). Done as
// erase + re-program of the kept half, since program cannot set bits.
void PowerCutFlash::tear_erase(std::uint32_t offset) {
    const std::uint32_t sector = inner_.sector_size();
    std::array<std::uint8_t, 4096> kept{};
    const std::uint32_t half = std::min<std::uint32_t>(sector / 2, kept.size());
    if (inner_.read(offset + sector - half, std::span(kept).first(half)) != FlashStatus::ok) return;
    if (inner_.erase_sector(offset) != FlashStatus::ok) return;
    (void)inner_.program(offset + sector - half, std::span<const std::uint8_t>(kept).first(half));
}

// A torn program: the first half of the words land, and one more word gets
// only some of its cleared bits (the cell was mid-write when power failed).
void PowerCutFlash::tear_program(std::uint32_t offset, std::span<const std::uint8_t> data) {
    const std::uint32_t unit = inner_.write_granularity();
    const std::size_t words = data.size() / unit;
    const std::size_t landed = words / 2;
    if (landed > 0) (void)inner_.program(offset, data.first(landed * unit));
    if (landed >= words) return;
    std::array<std::uint8_t, 16> partial{};
    const std::size_t at = landed * unit;
    for (std::size_t i = 0; i < unit && i < partial.size(); ++i) {
        // Only every other cleared bit of the word reaches the cell.
        partial[i] = static_cast<std::uint8_t>(data[at + i] | 0x55);
    }
    (void)inner_.program(offset + static_cast<std::uint32_t>(at), std::span<const std::uint8_t>(partial).first(unit));
}

}  // namespace fw::platform::host
