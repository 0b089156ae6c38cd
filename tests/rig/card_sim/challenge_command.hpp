// GET CHALLENGE: random bytes the card remembers for a later authentication.
#pragma once

#include "dispatcher.hpp"

namespace card_sim {

void add_challenge_command(Dispatcher& dispatcher);

}  // namespace card_sim
