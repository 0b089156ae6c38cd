// The chip-card subcommands beyond probe and apdu, registered on `station
// card` by add_card_commands().
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "context.hpp"

namespace station {

// `station card personalize`.
void add_personalize_command(CLI::App& card, Context& context);
// `station card read` and `station card verify`.
void add_read_commands(CLI::App& card, Context& context);

// The --reader option, or the configured reader when it is not given.
std::string chosen_reader(const Context& context, const std::string& option);

}  // namespace station
