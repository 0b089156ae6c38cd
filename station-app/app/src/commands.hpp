// Each group of subcommands registers itself on the CLI here; a callback runs
// the command and records its outcome in the Context.
#pragma once

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace station {

void add_devices_command(CLI::App& app, Context& context);
void add_card_commands(CLI::App& app, Context& context);
void add_store_commands(CLI::App& app, Context& context);
void add_biometrics_commands(CLI::App& app, Context& context);
void add_capture_commands(CLI::App& app, Context& context);
void add_sync_commands(CLI::App& app, Context& context);
// `station crl install`.
void add_crl_command(CLI::App& app, Context& context);
// `station officers add|list|unlock`.
void add_officers_command(CLI::App& app, Context& context);
// `station enroll`.
void add_enroll_command(CLI::App& app, Context& context);
// `station firmware inspect|verify`.
void add_firmware_commands(CLI::App& app, Context& context);

}  // namespace station
