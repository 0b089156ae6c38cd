#include "device_set.hpp"

#include "drivers/fprint_devices.hpp"
#include "drivers/usb_scanners.hpp"

namespace station {

DeviceSet::DeviceSet(const Config& config) : config_(config) {}
DeviceSet::~DeviceSet() = default;

hal::Result<std::vector<ScannerSummary>> DeviceSet::rolled_scanners() {
  auto found = drivers::list_usb_scanners();
  if (!found) return found.error();
  std::vector<ScannerSummary> out;
  for (const auto& s : *found) out.push_back({s.id, "usb"});
  return out;
}

hal::Result<std::vector<hal::SensorInfo>> DeviceSet::finger_sensors() { return drivers::list_fprint_sensors(); }

}  // namespace station
