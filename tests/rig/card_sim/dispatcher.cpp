#include "dispatcher.hpp"

#include "status_words.hpp"

namespace card_sim {

bool is_extended_encoding(hal::ByteView raw) { return raw.size() >= 7 && raw[4] == 0x00; }

void Dispatcher::add(std::uint8_t ins, CommandHandler handler) { handlers_[ins] = std::move(handler); }

namespace {

constexpr std::uint8_t kChainingBit = 0x10;
constexpr std::uint8_t kInsGeneralAuthenticate = 0x86;
constexpr std::uint8_t kSecureMessagingBits = 0x0C;

// The class byte of the first interindustry range: b8-b5 give chaining and
// secure messaging, b2-b1 the logical channel. Secure messaging needs a
// channel layer; logical channels are not served.
std::optional<std::uint16_t> refuse_class(std::uint8_t cla, bool secure_messaging) {
  if (cla & 0xE0) return sw::kClaNotSupported;
  if ((cla & kSecureMessagingBits) && !secure_messaging) return sw::kSecureMessagingNotSupported;
  if (cla & 0x03) return sw::kLogicalChannelNotSupported;
  return std::nullopt;
}

}  // namespace

void Dispatcher::reset(CardState& state) {
  state.chain = {};
  state.last_challenge.clear();
  if (layer_) layer_->reset();
}

std::variant<hal::CommandApdu, hal::ResponseApdu> Dispatcher::join_chain(CardState& state, hal::CommandApdu command) {
  PendingChain& chain = state.chain;
  const bool more = command.cla & kChainingBit;
  if (chain.active && (chain.ins != command.ins || chain.p1 != command.p1 || chain.p2 != command.p2)) {
    chain = {};
    return status(sw::kLastCommandOfChainExpected);
  }
  if (!more && !chain.active) return command;
  if (chain.data.size() + command.data.size() > hal::kExtendedMaxLc) {
    chain = {};
    return status(sw::kWrongLength);
  }
  if (!chain.active) chain = {command.ins, command.p1, command.p2, {}, true};
  chain.data.insert(chain.data.end(), command.data.begin(), command.data.end());
  if (more) return status(sw::kOk);
  command.data = std::move(chain.data);
  command.cla = static_cast<std::uint8_t>(command.cla & ~kChainingBit);
  chain = {};
  return command;
}

hal::ResponseApdu Dispatcher::run(CardState& state, const hal::CommandApdu& command) {
  // PACE chains its GENERAL AUTHENTICATE steps, yet each step is answered on
  // its own (BSI TR-03110-3, ICAO Doc 9303 part 11 section 4.4.4): not joined.
  if (command.ins == kInsGeneralAuthenticate && handlers_[command.ins]) return handlers_[command.ins](state, command);
  auto joined = join_chain(state, command);
  if (auto* answer = std::get_if<hal::ResponseApdu>(&joined)) return *answer;
  const auto& whole = std::get<hal::CommandApdu>(joined);
  const CommandHandler& handler = handlers_[whole.ins];
  if (!handler) return status(sw::kInsNotSupported);
  return handler(state, whole);
}

hal::ResponseApdu Dispatcher::process(CardState& state, hal::ByteView raw) {
  if (raw.size() < 4) return status(sw::kWrongLength);
  if (auto refused = refuse_class(raw[0], layer_ != nullptr)) return status(*refused);
  if (is_extended_encoding(raw) && !extended_length_) return status(sw::kWrongLength);
  auto command = hal::CommandApdu::parse(raw);
  if (!command) return status(sw::kWrongLength);
  if (!layer_) return run(state, *command);
  auto unwrapped = layer_->unwrap(state, *command);
  if (auto* refusal = std::get_if<hal::ResponseApdu>(&unwrapped)) return *refusal;
  return layer_->wrap(state, *command, run(state, std::get<hal::CommandApdu>(unwrapped)));
}

}  // namespace card_sim
