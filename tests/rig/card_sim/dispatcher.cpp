#include "dispatcher.hpp"

#include "status_words.hpp"

namespace card_sim {

bool is_extended_encoding(hal::ByteView raw) { return raw.size() >= 7 && raw[4] == 0x00; }

void Dispatcher::add(std::uint8_t ins, CommandHandler handler) { handlers_[ins] = std::move(handler); }

namespace {

// The class byte of the first interindustry range: b8-b5 give chaining and
// secure messaging, b2-b1 the logical channel. Only plain CLA 00 is served
// for now.
std::optional<std::uint16_t> refuse_class(std::uint8_t cla) {
  if (cla & 0xE0) return sw::kClaNotSupported;
  if (cla & 0x10) return sw::kChainingNotSupported;
  if (cla & 0x0C) return sw::kSecureMessagingNotSupported;
  if (cla & 0x03) return sw::kLogicalChannelNotSupported;
  return std::nullopt;
}

}  // namespace

hal::ResponseApdu Dispatcher::process(CardState& state, hal::ByteView raw) const {
  if (raw.size() < 4) return status(sw::kWrongLength);
  if (auto refused = refuse_class(raw[0])) return status(*refused);
  if (is_extended_encoding(raw) && !extended_length_) return status(sw::kWrongLength);
  auto command = hal::CommandApdu::parse(raw);
  if (!command) return status(sw::kWrongLength);
  const CommandHandler& handler = handlers_[command->ins];
  if (!handler) return status(sw::kInsNotSupported);
  return handler(state, *command);
}

}  // namespace card_sim
