// SELECT, CREATE FILE, READ BINARY and UPDATE BINARY (even and odd INS) over
// the card's FileSystem.
#pragma once

#include <cstddef>

#include "dispatcher.hpp"

namespace card_sim {

struct FileCommandOptions {
  // CREATE FILE keeps this many bytes less than asked while the FCP still
  // states the asked size: a card that lies about its files.
  std::size_t shrink_files = 0;
};

void add_file_commands(Dispatcher& dispatcher, FileCommandOptions options = {});

}  // namespace card_sim
