// Everything the simulated card remembers: it survives removal and
// re-insertion, as an EEPROM would, while the selection does not.
#pragma once

#include "file_system.hpp"
#include "hal/bytes.hpp"

namespace card_sim {

// A vpcd frame has a 16-bit length, so a response carries at most this much
// data before SW1-SW2.
inline constexpr std::size_t kMaxResponseData = 0xFFFF - 2;

struct CardState {
  FileSystem files;
  hal::Bytes last_challenge;  // for the authentication commands to come
};

}  // namespace card_sim
