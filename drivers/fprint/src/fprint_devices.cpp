#include "drivers/fprint_devices.hpp"

#include <fprint.h>

#include "glib_ptr.hpp"

namespace drivers {

hal::Result<std::vector<hal::SensorInfo>> list_fprint_sensors() {
  glib::ObjectPtr<FpContext> context(fp_context_new());
  if (!context) return hal::make_error(hal::ErrorCode::kUnavailable, "libfprint could not create a context");
  // get_devices enumerates on first use; it returns a borrowed array.
  GPtrArray* devices = fp_context_get_devices(context.get());
  std::vector<hal::SensorInfo> sensors;
  for (guint i = 0; devices && i < devices->len; ++i) {
    auto* device = static_cast<FpDevice*>(g_ptr_array_index(devices, i));
    sensors.push_back({std::string(fp_device_get_driver(device)) + ":" + fp_device_get_device_id(device),
                       fp_device_get_driver(device), fp_device_get_name(device)});
  }
  return sensors;
}

}  // namespace drivers
