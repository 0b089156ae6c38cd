// Officer fingerprint sensors that libfprint can drive.
#pragma once

#include <vector>

#include "hal/finger_sensor.hpp"

namespace drivers {

// Enumerates libfprint's devices (USB sensors it supports, and its
// virtual_image device when FP_VIRTUAL_IMAGE names a socket).
// Errors: kUnavailable (libfprint could not start).
hal::Result<std::vector<hal::SensorInfo>> list_fprint_sensors();

}  // namespace drivers
