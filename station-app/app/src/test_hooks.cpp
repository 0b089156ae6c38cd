#include "test_hooks.hpp"

#include <csignal>
#include <cstdlib>
#include <string>

namespace station {

namespace {

std::string variable(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// The power-loss simulation of the resume tests, as MCUboot's.
class KillAfterStored final : public workflow::RelayDeskObserver {
 public:
  KillAfterStored(workflow::DeskObserver& inner, std::string at) : RelayDeskObserver(inner), at_(std::move(at)) {}
  void stored(std::string_view what) override {
    RelayDeskObserver::stored(what);
    if (what == at_) std::raise(SIGKILL);
  }

 private:
  std::string at_;
};

}  // namespace

void install_device_hooks(DeviceSet& devices) {
  if (variable("STATION_TEST_SCANNER") == "lockstep") devices.pace_synthetic_scanner_in_lockstep();
}

std::unique_ptr<workflow::DeskObserver> wrap_desk_observer(workflow::DeskObserver& inner) {
  const std::string at = variable("STATION_TEST_KILL_AT");
  if (at.empty()) return std::make_unique<workflow::RelayDeskObserver>(inner);
  return std::make_unique<KillAfterStored>(inner, at);
}

}  // namespace station
