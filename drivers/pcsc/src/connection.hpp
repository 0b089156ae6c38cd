// The state of PcscCardTerminal's one card connection, shared by its two
// source files.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "card_channel.hpp"
#include "drivers/pcsc_card_terminal.hpp"

namespace drivers {

struct PcscCardTerminal::Connection {
  std::string reader;
  std::unique_ptr<pcsc::CardChannel> channel;
  hal::ReaderCapabilities caps;
  // Set once the card left or a call timed out: the connection is unusable.
  std::optional<hal::Error> lost;
};

}  // namespace drivers
