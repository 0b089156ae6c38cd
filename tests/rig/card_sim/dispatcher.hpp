// Routes a command APDU to the handler of its INS after the checks every
// command shares (length encoding, class byte).
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include "card_state.hpp"
#include "hal/apdu.hpp"

namespace card_sim {

using CommandHandler = std::function<hal::ResponseApdu(CardState&, const hal::CommandApdu&)>;

inline hal::ResponseApdu status(std::uint16_t sw) { return hal::ResponseApdu{{}, sw}; }

// True when the raw command uses the extended length encoding (ISO/IEC
// 7816-4 section 5.1: a body starting with 00 and longer than one byte).
bool is_extended_encoding(hal::ByteView raw);

class Dispatcher {
 public:
  explicit Dispatcher(bool extended_length) : extended_length_(extended_length) {}

  void add(std::uint8_t ins, CommandHandler handler);

  // Always answers: a malformed command gets the status word that says why.
  hal::ResponseApdu process(CardState& state, hal::ByteView raw) const;

 private:
  bool extended_length_;
  std::array<CommandHandler, 256> handlers_{};
};

}  // namespace card_sim
