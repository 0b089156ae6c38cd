// The chip-card subcommands beyond probe and apdu, registered on `station
// card` by add_card_commands().
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "context.hpp"
#include "station/workflow/card_issue.hpp"

namespace station {

// The card's use case (station/workflow/card_issue.hpp) as the
// configuration sets it up: [card] journal_dir, face_bytes, wait_timeout_ms,
// journal_expiry_hours and reader, [store] wrap_key. Options given on the
// command line change it afterwards.
workflow::CardIssueOptions card_issue_options(const Context& context);
// The devices the card needs: the terminal, the key store opened on first
// need, the clock.
workflow::CardIssueDevices card_issue_devices(Context& context);
// Progress lines of the card on stderr.
void card_note(const std::string& line);
// What was written, and the access number to print on the card.
void print_card_issued(const Output& out, const workflow::CardIssued& issued, const std::string& state_dir);

// `station card personalize`.
void add_personalize_command(CLI::App& card, Context& context);
// `station card read` and `station card verify`.
void add_read_commands(CLI::App& card, Context& context);

// The --reader option, or the configured reader when it is not given.
std::string chosen_reader(const Context& context, const std::string& option);

}  // namespace station
