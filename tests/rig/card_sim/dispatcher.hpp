// Routes a command APDU to the handler of its INS after the checks every
// command shares (length encoding, class byte, command chaining), through
// the secure channel layer when one is installed.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <variant>

#include "card_state.hpp"
#include "hal/apdu.hpp"

namespace card_sim {

using CommandHandler = std::function<hal::ResponseApdu(CardState&, const hal::CommandApdu&)>;

inline hal::ResponseApdu status(std::uint16_t sw) { return hal::ResponseApdu{{}, sw}; }

// True when the raw command uses the extended length encoding (ISO/IEC
// 7816-4 section 5.1: a body starting with 00 and longer than one byte).
bool is_extended_encoding(hal::ByteView raw);

// Secure messaging between reader and card (tests/rig/card_sim/secure/). The
// dispatcher is the one place that calls it: every command passes unwrap()
// before its handler runs, every answer passes wrap() on its way out.
class ChannelLayer {
 public:
  virtual ~ChannelLayer() = default;
  // `command` as received (CLA b4-b3 say whether it came secured). Returns the
  // plain command for the handler, or the answer to give instead (a bad MAC,
  // a command the card accepts only under secure messaging).
  virtual std::variant<hal::CommandApdu, hal::ResponseApdu> unwrap(CardState& state,
                                                                   const hal::CommandApdu& command) = 0;
  // The handler's answer to `received` (the command as it came in), as it
  // leaves the card.
  virtual hal::ResponseApdu wrap(CardState& state, const hal::CommandApdu& received, hal::ResponseApdu response) = 0;
  // Reset, power off or removal: session keys are gone.
  virtual void reset() = 0;
};

class Dispatcher {
 public:
  explicit Dispatcher(bool extended_length) : extended_length_(extended_length) {}

  void add(std::uint8_t ins, CommandHandler handler);
  // Without a layer, secured commands (CLA 0C) are refused with 6882.
  void set_channel_layer(std::unique_ptr<ChannelLayer> layer) { layer_ = std::move(layer); }
  ChannelLayer* channel_layer() { return layer_.get(); }

  // Always answers: a malformed command gets the status word that says why.
  hal::ResponseApdu process(CardState& state, hal::ByteView raw);

  // Drops the chain in progress and the secure channel's session.
  void reset(CardState& state);

 private:
  hal::ResponseApdu run(CardState& state, const hal::CommandApdu& command);
  // Collects chained parts; returns the joined command once the last part
  // came, or the answer to a part (9000) or to a broken chain.
  std::variant<hal::CommandApdu, hal::ResponseApdu> join_chain(CardState& state, hal::CommandApdu command);

  bool extended_length_;
  std::array<CommandHandler, 256> handlers_{};
  std::unique_ptr<ChannelLayer> layer_;
};

}  // namespace card_sim
