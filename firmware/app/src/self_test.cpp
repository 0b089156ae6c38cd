#include "fw/app/self_test.hpp"

namespace fw::app {
namespace {

SelfTest check_sensor(Sensor& sensor, platform::Watchdog& watchdog) {
    const SensorGeometry g = sensor.geometry();
    if (g.width == 0 || g.width > kMaxSensorWidth || g.height == 0 || g.frame_interval_us == 0) {
        return SelfTest::bad_geometry;
    }
    if (!sensor.start().ok) return SelfTest::sensor_fault;
    uint32_t latched_ms = 0;
    if (!sensor.latch_frame(latched_ms).ok) {
        sensor.stop();
        return SelfTest::sensor_fault;
    }
    // An empty platen still shows noise and the glass's shading; a frame
    // of one value means the sensor's output is stuck.
    uint8_t row[kMaxSensorWidth];
    uint8_t low = 0xFF;
    uint8_t high = 0;
    for (uint16_t y = 0; y < g.height; ++y) {
        sensor.read_row(y, row);
        for (uint16_t x = 0; x < g.width; ++x) {
            low = row[x] < low ? row[x] : low;
            high = row[x] > high ? row[x] : high;
        }
        watchdog.kick();
    }
    sensor.stop();
    return low == high ? SelfTest::blank_frame : SelfTest::passed;
}

}  // namespace

const char* self_test_name(SelfTest result) {
    switch (result) {
        case SelfTest::passed_confirmed: return "passed, image confirmed";
        case SelfTest::passed: return "passed";
        case SelfTest::bad_geometry: return "bad_geometry";
        case SelfTest::sensor_fault: return "sensor_fault";
        case SelfTest::blank_frame: return "blank_frame";
        case SelfTest::confirm_failed: return "confirm_failed";
    }
    return "unknown";
}

SelfTest run_self_test(Sensor& sensor, platform::Watchdog& watchdog, BootControl& boot, uint32_t watchdog_ms) {
    watchdog.start(watchdog_ms);
    const SelfTest checks = check_sensor(sensor, watchdog);
    if (checks != SelfTest::passed) return checks;
    if (!boot.test_boot()) return SelfTest::passed;
    return boot.confirm() ? SelfTest::passed_confirmed : SelfTest::confirm_failed;
}

}  // namespace fw::app
