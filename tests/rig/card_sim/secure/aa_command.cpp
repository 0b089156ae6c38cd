#include "authentication_commands.hpp"
#include "put_data_command.hpp"
#include "station/card/access/active_authentication.hpp"
#include "status_words.hpp"

namespace card_sim::secure {

namespace {

constexpr std::uint8_t kInsInternalAuthenticate = 0x88;

hal::ResponseApdu internal_authenticate(const CardSecurity& security, CardState& state, const hal::CommandApdu& c) {
  if (c.p1 != 0 || c.p2 != 0) return status(sw::kIncorrectP1P2);
  if (c.data.size() != access::kAaChallengeSize || !c.ne) return status(sw::kWrongLength);
  // Part 11 section 6.1: once issued, the chip signs only for a reader that
  // passed BAC or PACE.
  if (state.locked() && !security.command_secured) return status(sw::kSecurityStatusNotSatisfied);
  const hal::Bytes* key = stored_object(state, kAaKeyObject);
  if (!key) return status(sw::kReferencedDataNotFound);
  auto signature = access::sign_aa_challenge(*key, c.data);
  if (!signature) return status(sw::kConditionsNotSatisfied);
  if (*c.ne < signature->size()) return status(static_cast<std::uint16_t>(0x6C00 | signature->size()));
  return hal::ResponseApdu{std::move(*signature), sw::kOk};
}

}  // namespace

void add_aa_command(Dispatcher& dispatcher, std::shared_ptr<CardSecurity> security) {
  dispatcher.add(kInsInternalAuthenticate, [security](CardState& state, const hal::CommandApdu& c) {
    return internal_authenticate(*security, state, c);
  });
}

}  // namespace card_sim::secure
