// The application's self-test after a reset. On a test-state boot (a new
// image, tried once) passing it confirms the image through the bootloader;
// failing leaves it unconfirmed, so the next reset reverts to the old one.
#pragma once

#include <stdint.h>

#include "fw/app/ports.hpp"
#include "fw/platform/ports.hpp"

namespace fw::app {

enum class SelfTest : uint8_t {
    passed_confirmed,   // test boot: checks passed, image confirmed
    passed,             // permanent image: checks passed, nothing to confirm
    bad_geometry,       // the sensor reports a size the application cannot stream
    sensor_fault,       // the sensor did not power up or deliver a frame
    blank_frame,        // the frame is one flat value: a dead or disconnected sensor
    confirm_failed,     // checks passed but the bootloader's confirmation failed
};

[[nodiscard]] constexpr bool self_test_ok(SelfTest result) {
    return result == SelfTest::passed_confirmed || result == SelfTest::passed;
}
const char* self_test_name(SelfTest result);

// Starts the watchdog (`watchdog_ms`), checks the sensor end to end (power,
// one frame latched and read row by row), then confirms a test-state image.
SelfTest run_self_test(Sensor& sensor, platform::Watchdog& watchdog, BootControl& boot, uint32_t watchdog_ms);

}  // namespace fw::app
