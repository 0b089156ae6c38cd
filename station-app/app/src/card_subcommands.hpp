// The chip-card subcommands beyond probe and apdu, registered on `station
// card` by add_card_commands().
#pragma once

#include <functional>

#include <CLI/CLI.hpp>
#include <string>

#include "context.hpp"
#include "station/store/store.hpp"

namespace station {

struct PersonalizeArgs {
  std::string from;
  std::string dossier;
  std::string as;  // the officer writing a dossier's card (logs in)
  std::string state_dir = "/var/lib/station/card";
  std::string reader;
  std::string signer_key = "document-signer";
  std::string csca;
  std::size_t face_bytes = 16000;
  unsigned attempts = 5;
  double wait = 0;
  bool restart = false;
};

// Writes and verifies the card of sealed dossier `id` (resumably, through the
// journal in args.state_dir), then moves the dossier to personalized, before
// the journal is cleared. The viewing of its data is audited under `actor`.
// `mark_personalized` (default: the store's transition) records it, so that
// an enrollment can keep its own view of the dossier current.
// Errors: kFailedPrecondition (not sealed), the card's and the store's.
hal::Status personalize_dossier(Context& context, const PersonalizeArgs& args, store::Store& s, const std::string& id,
                                const std::string& actor, const std::function<hal::Status()>& mark_personalized = {});

// `station card personalize`.
void add_personalize_command(CLI::App& card, Context& context);
// `station card read` and `station card verify`.
void add_read_commands(CLI::App& card, Context& context);

// The --reader option, or the configured reader when it is not given.
std::string chosen_reader(const Context& context, const std::string& option);

}  // namespace station
