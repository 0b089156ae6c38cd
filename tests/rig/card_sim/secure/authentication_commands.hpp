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
// Chip Authentication (section 6.2), sharing its two INS with PACE:
// MSE:Set AT with P1-P2 41A4, then one GENERAL AUTHENTICATE carrying the
// reader's ephemeral key; both only under secure messaging.
bool is_chip_authentication_set_at(const hal::CommandApdu& c);
hal::ResponseApdu chip_authentication_set_at(CardSecurity& security, CardState& state, const hal::CommandApdu& c);
hal::ResponseApdu chip_authentication_step(CardSecurity& security, CardState& state, const hal::CommandApdu& c);
// Active Authentication: INTERNAL AUTHENTICATE (section 6.1).
void add_aa_command(Dispatcher& dispatcher, std::shared_ptr<CardSecurity> security);

// The access secret PUT DATA stored under `tag`, if any.
const hal::Bytes* stored_object(const CardState& state, std::uint16_t tag);

}  // namespace card_sim::secure
