#include "secure_layer.hpp"

#include "status_words.hpp"

namespace card_sim::secure {

namespace {

constexpr std::uint8_t kSecureMessagingBits = 0x0C;
// Part 11 section 9.8.7: plain answers to SM errors, which end the session.
constexpr std::uint16_t kSmObjectsMissing = 0x6987;
constexpr std::uint16_t kSmObjectsIncorrect = 0x6988;

bool reads_file(std::uint8_t ins) { return ins == 0xB0 || ins == 0xB1; }

}  // namespace

std::variant<hal::CommandApdu, hal::ResponseApdu> SecureLayer::unwrap(CardState& state,
                                                                      const hal::CommandApdu& command) {
  security_->command_secured = (command.cla & kSecureMessagingBits) != 0;
  if (!security_->command_secured) {
    // A plain command ends secure messaging.
    security_->session.reset();
    // Once locked, the holder's data leaves the card only encrypted; the MF
    // (EF.CardAccess, which PACE needs first) stays readable.
    if (state.locked() && reads_file(command.ins) && !state.files.master_file_current())
      return status(sw::kSecurityStatusNotSatisfied);
    return command;
  }
  if (!security_->session) return status(sw::kSecureMessagingNotSupported);
  auto plain = security_->session->unprotect_command(command);
  if (!plain) {
    security_->reset();
    return status(plain.error().code == hal::ErrorCode::kCorrupt ? kSmObjectsIncorrect : kSmObjectsMissing);
  }
  return *plain;
}

hal::ResponseApdu SecureLayer::wrap(CardState&, const hal::CommandApdu& received, hal::ResponseApdu response) {
  const bool secured = (received.cla & kSecureMessagingBits) != 0;
  if (!secured || !security_->session) return response;
  auto wrapped = security_->session->protect_response(response, (received.ins & 1) != 0);
  if (!wrapped) {
    security_->reset();
    return status(kSmObjectsIncorrect);
  }
  // Chip Authentication: the next command must come under the new keys,
  // SSC zero; the old session is gone for good.
  if (security_->next_session) {
    security_->session = std::move(security_->next_session);
    security_->next_session.reset();
  }
  return *wrapped;
}

}  // namespace card_sim::secure
