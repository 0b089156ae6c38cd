#include "challenge_command.hpp"

#include <random>

#include "status_words.hpp"

namespace card_sim {

namespace {

constexpr std::uint8_t kInsGetChallenge = 0x84;

hal::ResponseApdu get_challenge(CardState& state, const hal::CommandApdu& c) {
  if (c.p1 != 0 || c.p2 != 0) return status(sw::kIncorrectP1P2);
  if (!c.ne || !c.data.empty() || *c.ne > hal::kShortMaxLe) return status(sw::kWrongLength);
  std::random_device entropy;
  hal::Bytes challenge(*c.ne);
  for (auto& b : challenge) b = static_cast<std::uint8_t>(entropy());
  state.last_challenge = challenge;
  return hal::ResponseApdu{std::move(challenge), sw::kOk};
}

}  // namespace

void add_challenge_command(Dispatcher& dispatcher) { dispatcher.add(kInsGetChallenge, get_challenge); }

}  // namespace card_sim
