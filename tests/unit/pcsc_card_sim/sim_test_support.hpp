// Talks to a SimCard in hex, the way ISO/IEC 7816-4 writes APDUs.
#pragma once

#include <string>

#include "default_layout.hpp"
#include "sim_card.hpp"

namespace sim_test {

inline hal::Bytes hex(const char* text) { return hal::from_hex(text).value(); }

// The whole response as hex, e.g. "0102039000".
inline std::string send(card_sim::SimCard& card, const char* command) {
  return hal::to_hex(card.process(hex(command)));
}

// Just SW1-SW2, e.g. "6A82".
inline std::string sw(card_sim::SimCard& card, const char* command) {
  std::string all = send(card, command);
  return all.substr(all.size() - 4);
}

inline const char* const kSelectEmrtd = "00 A4 04 0C 07 A0 00 00 02 47 10 01";

}  // namespace sim_test
