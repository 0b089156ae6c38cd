// A product build's test hooks (STATION_TEST_HOOKS=OFF): none.
#include "test_hooks.hpp"

namespace station {

void install_device_hooks(DeviceSet&) {}

std::unique_ptr<workflow::DeskObserver> wrap_desk_observer(workflow::DeskObserver& inner) {
  return std::make_unique<workflow::RelayDeskObserver>(inner);
}

}  // namespace station
