// The simulated card's access control (ICAO Doc 9303 part 11): BAC's
// EXTERNAL AUTHENTICATE, PACE's MSE:Set AT and GENERAL AUTHENTICATE, Active
// Authentication's INTERNAL AUTHENTICATE, and the secure messaging layer the
// dispatcher runs every command through. Keys come from the PUT DATA objects
// personalization stored (put_data_command.hpp).
#pragma once

#include "dispatcher.hpp"

namespace card_sim::secure {

void install_access_control(Dispatcher& dispatcher);

}  // namespace card_sim::secure
