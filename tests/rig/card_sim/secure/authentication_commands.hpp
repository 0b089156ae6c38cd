// The card's handlers of the authentication commands, each sharing the
// session state with the secure layer.
#pragma once

#include <memory>

#include "card_security.hpp"
#include "dispatcher.hpp"

namespace card_sim::secure {

// BAC: EXTERNAL AUTHENTICATE after GET CHALLENGE (part 11 section 4.3).
void add_bac_command(Dispatcher& dispatcher, std::shared_ptr<CardSecurity> security);
// PACE: MSE:Set AT, then four GENERAL AUTHENTICATE steps (section 4.4).
void add_pace_commands(Dispatcher& dispatcher, std::shared_ptr<CardSecurity> security);
// Active Authentication: INTERNAL AUTHENTICATE (section 6.1).
void add_aa_command(Dispatcher& dispatcher, std::shared_ptr<CardSecurity> security);

// The access secret PUT DATA stored under `tag`, if any.
const hal::Bytes* stored_object(const CardState& state, std::uint16_t tag);

}  // namespace card_sim::secure
