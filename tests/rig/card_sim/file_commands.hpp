// SELECT, READ BINARY and UPDATE BINARY over the card's FileSystem.
#pragma once

#include "dispatcher.hpp"

namespace card_sim {

void add_file_commands(Dispatcher& dispatcher);

}  // namespace card_sim
