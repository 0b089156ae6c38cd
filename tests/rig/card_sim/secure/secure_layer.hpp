// The card's end of secure messaging: unwraps secured commands (CLA 0C),
// wraps the answers to them, ends the session on a plain command or an SM
// error (ICAO Doc 9303 part 11 section 9.8), and refuses plain reads of the
// eMRTD application once the card is locked.
#pragma once

#include <memory>

#include "card_security.hpp"
#include "dispatcher.hpp"

namespace card_sim::secure {

class SecureLayer final : public ChannelLayer {
 public:
  explicit SecureLayer(std::shared_ptr<CardSecurity> security) : security_(std::move(security)) {}

  std::variant<hal::CommandApdu, hal::ResponseApdu> unwrap(CardState& state, const hal::CommandApdu& command) override;
  hal::ResponseApdu wrap(CardState& state, const hal::CommandApdu& received, hal::ResponseApdu response) override;
  void reset() override { security_->reset(); }

 private:
  std::shared_ptr<CardSecurity> security_;
};

}  // namespace card_sim::secure
