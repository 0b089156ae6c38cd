// station: the enrollment station's command-line program.
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>

#include "commands.hpp"
#include "context.hpp"
#include "test_hooks.hpp"

int main(int argc, char** argv) {
  // A write past the file size limit (ulimit -f) then fails with EFBIG,
  // reported as a full disk (exit 9), instead of SIGXFSZ killing the program
  // mid-command. Set here, not in a library, as it is process-wide.
  std::signal(SIGXFSZ, SIG_IGN);
  station::GlobalOptions options;
  CLI::App app{"Enrollment station: citizen enrollment, chip card personalization, registry sync.", "station"};
  app.set_version_flag("--version", "station 0.1.0");
  app.add_option("-c,--config", options.config_path, "TOML configuration file (default: built-in defaults)");
  app.add_flag("--json", options.json, "print data as one JSON document on stdout");
  app.footer(station::exit_code_help());
  app.require_subcommand(1);

  station::Context context(options);
  context.on_devices(station::install_device_hooks);
  station::add_devices_command(app, context);
  station::add_firmware_commands(app, context);
  station::add_card_commands(app, context);
  station::add_store_commands(app, context);
  station::add_biometrics_commands(app, context);
  station::add_capture_commands(app, context);
  station::add_sync_commands(app, context);
  station::add_crl_command(app, context);
  station::add_enroll_command(app, context);
  station::add_officers_command(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : station::kExitUsage;
  }
  // The configuration is loaded only now (its path is an option), before the
  // chosen command runs, so a bad file fails every command the same way.
  return context.run();
}
