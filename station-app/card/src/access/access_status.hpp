// Sending one step of an access protocol and turning the card's refusals into
// errors a person can act on. Internal to station_card_access.
#pragma once

#include <string_view>

#include "hal/card_terminal.hpp"

namespace station::card::access {

// Authentication failures (6300, 63Cx, 6982) are kPermissionDenied with
// `hint` (what the holder should check); other status words kCardStatus.
// Both name the step and the status word.
hal::Error refusal(std::string_view step, std::uint16_t sw, std::string_view hint);

// Transmits `command`; anything but 9000 becomes refusal(step, sw, hint).
// Errors: those of CardTerminal::transmit, and the refusal.
hal::Result<hal::ResponseApdu> exchange(hal::CardTerminal& terminal, const hal::CommandApdu& command,
                                        std::string_view step, std::string_view hint);

}  // namespace station::card::access
