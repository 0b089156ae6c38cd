// The application's side of the test state: after its self-test passes it
// confirms the image it runs from by programming the slot's confirm word
// (IMAGE.md §3). It never writes the status area, so it cannot touch the
// security counter; the bootloader promotes the image at the next reset.
#pragma once

#include <cstdint>

#include "fw/platform/flash.hpp"

namespace fw::boot {

inline constexpr std::uint32_t kConfirmWord = 0x4B4F4D49;  // "IMOK"

enum class ConfirmResult : std::uint8_t {
    confirmed,      // the word now reads IMOK (or already did)
    damaged,        // a torn earlier attempt left other bits: the next reset reverts
    flash_error,
};

ConfirmResult confirm_image(platform::Flash& flash, std::uint8_t slot);
bool is_confirmed(platform::Flash& flash, std::uint8_t slot);

}  // namespace fw::boot
