// What the rig asks pcscd to know it is ready: the vpcd reader is listed,
// and a card is (or is not) in it. Uses libpcsclite directly, not the driver
// under test.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "hal/result.hpp"

namespace rig {

using Clock = std::chrono::steady_clock;

// Polls until a reader named "<friendly name> NN 00" (slot 0) is listed, and
// returns its full name. `still_alive` is asked between polls so a pcscd that
// died is reported at once. Errors: kTimeout, kUnavailable.
hal::Result<std::string> wait_for_reader(const std::string& friendly_name, Clock::time_point deadline,
                                         const std::function<hal::Result<void>()>& still_alive);

// Errors: kTimeout, kUnavailable.
hal::Result<void> wait_for_card_state(const std::string& reader, bool present, Clock::time_point deadline);

}  // namespace rig
