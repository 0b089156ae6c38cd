#include "fw/boot/confirm.hpp"

#include "fw/image/format.hpp"
#include "fw/platform/layout.hpp"

namespace fw::boot {
namespace {

std::uint32_t confirm_offset(std::uint8_t slot) {
    return platform::layout::kSlotOffset[slot & 1] + platform::layout::kConfirmWordOffset;
}

bool read_word(platform::Flash& flash, std::uint8_t slot, std::uint32_t& word) {
    std::uint8_t raw[4];
    if (flash.read(confirm_offset(slot), raw) != platform::FlashStatus::ok) return false;
    word = image::load_le32(raw);
    return true;
}

}  // namespace

bool is_confirmed(platform::Flash& flash, std::uint8_t slot) {
    std::uint32_t word = 0;
    return read_word(flash, slot, word) && word == kConfirmWord;
}

ConfirmResult confirm_image(platform::Flash& flash, std::uint8_t slot) {
    std::uint32_t word = 0;
    if (!read_word(flash, slot, word)) return ConfirmResult::flash_error;
    if (word == kConfirmWord) return ConfirmResult::confirmed;
    if (word != 0xFFFFFFFF) return ConfirmResult::damaged;
    const std::uint8_t raw[4] = {0x49, 0x4D, 0x4F, 0x4B};
    if (flash.program(confirm_offset(slot), raw) != platform::FlashStatus::ok) return ConfirmResult::flash_error;
    return is_confirmed(flash, slot) ? ConfirmResult::confirmed : ConfirmResult::flash_error;
}

}  // namespace fw::boot
