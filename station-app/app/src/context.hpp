// What every subcommand gets: the parsed global options, the configuration
// and the devices it names. Devices are opened on first use, so `--help` and
// commands that need no device never touch hardware.
#pragma once

#include <functional>
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

// A subcommand's CLI11 callback only chooses what to run (defer); main()
// runs it after the whole command line is parsed and the configuration is
// loaded, because CLI11 calls subcommand callbacks before it returns, when the
// global options may not all be known yet.
class Context {
 public:
  using Action = std::function<hal::Status()>;

  // `options` is filled in by the parser; it is read only in run().
  explicit Context(const GlobalOptions& options) : options_(options) {}

  void defer(Action action) { action_ = std::move(action); }
  // Runs on the device set when it is made (the test hooks, test_hooks.hpp).
  void on_devices(std::function<void(DeviceSet&)> hook) { on_devices_ = std::move(hook); }

  // Loads the configuration, runs the deferred action, prints any failure
  // and returns the exit code.
  int run();

  const Config& config() const { return config_; }
  const Output& out() const { return *out_; }
  DeviceSet& devices();

 private:
  const GlobalOptions& options_;
  std::unique_ptr<Output> out_;
  Config config_;
  std::unique_ptr<DeviceSet> devices_;
  Action action_;
  std::function<void(DeviceSet&)> on_devices_;
};

}  // namespace station
