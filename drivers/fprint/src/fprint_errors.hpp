// Turns libfprint's GErrors into the HAL's error kinds.
#pragma once

#include <glib.h>

#include <string_view>

#include "hal/result.hpp"

namespace drivers {

// `action` names what failed ("capture", "enroll"...); `timed_out` tells a
// cancellation by our deadline (kTimeout) from one asked for (kCancelled).
hal::Error fprint_error(const GError* error, std::string_view action, bool timed_out);

}  // namespace drivers
