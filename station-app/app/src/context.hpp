// What every subcommand gets: the parsed global options, the configuration
// and the devices it names. Devices are opened on first use, so `--help` and
// commands that need no device never touch hardware.
#pragma once

#include <memory>
#include <string>

#include "device_set.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "station/config.hpp"

namespace station {

struct GlobalOptions {
  std::string config_path;  // empty: built-in defaults
  bool json = false;
};

class Context {
 public:
  explicit Context(const GlobalOptions& options) : options_(options), out_(options.json) {}

  // Loads the configuration once. Errors: those of load_config().
  hal::Status load();

  const Config& config() const { return config_; }
  const Output& out() const { return out_; }
  DeviceSet& devices();

  // Records the command's outcome as the exit code; prints the failure.
  void finish(const hal::Status& status);
  int exit_code() const { return exit_code_; }

 private:
  GlobalOptions options_;
  Output out_;
  Config config_;
  std::unique_ptr<DeviceSet> devices_;
  int exit_code_ = kExitOk;
};

}  // namespace station
