// The application's self-test: a test-state image is confirmed only after
// the sensor works end to end; a failure leaves it unconfirmed, so the
// bootloader reverts at the next reset.
#include <cstdint>
#include <vector>

#include "fw/app/pattern_sensor.hpp"
#include "fw/app/self_test.hpp"
#include "fw/platform/host/ports.hpp"
#include "cmocka.hpp"

namespace {

using fw::app::SelfTest;

class FakeBoot final : public fw::app::BootControl {
public:
    bool test_boot() override { return test; }
    bool confirm() override {
        ++confirms;
        return confirm_ok;
    }
    bool test = true;
    bool confirm_ok = true;
    int confirms = 0;
};

// A sensor whose faults and output the test chooses.
class ScriptedSensor final : public fw::app::Sensor {
public:
    fw::app::SensorGeometry geometry() const override { return g; }
    fw::app::SensorResult start() override { return {power_ok, 1}; }
    fw::app::SensorResult latch_frame(std::uint32_t& ts) override {
        ts = 25;
        return {frame_ok, 2};
    }
    void read_row(std::uint16_t y, std::uint8_t* out) override {
        for (std::uint16_t x = 0; x < g.width; ++x) out[x] = flat ? 128 : static_cast<std::uint8_t>(x + y);
    }
    void stop() override {}
    fw::app::SensorGeometry g{64, 48, 500, 25000};
    bool power_ok = true, frame_ok = true, flat = false;
};

struct Rig {
    fw::platform::host::RecordingWatchdog watchdog;
    FakeBoot boot;
    ScriptedSensor sensor;
    SelfTest run() { return fw::app::run_self_test(sensor, watchdog, boot, 2000); }
};

void test_boot_passing_confirms(void**) {
    Rig rig;
    assert_int_equal(rig.run(), SelfTest::passed_confirmed);
    assert_int_equal(rig.boot.confirms, 1);
    assert_int_equal(rig.watchdog.timeout_ms(), 2000);
    assert_true(rig.watchdog.kicks() > 0);
}

void permanent_image_is_not_confirmed_again(void**) {
    Rig rig;
    rig.boot.test = false;
    assert_int_equal(rig.run(), SelfTest::passed);
    assert_int_equal(rig.boot.confirms, 0);
}

void sensor_failures_leave_image_unconfirmed(void**) {
    Rig power;
    power.sensor.power_ok = false;
    assert_int_equal(power.run(), SelfTest::sensor_fault);
    Rig frame;
    frame.sensor.frame_ok = false;
    assert_int_equal(frame.run(), SelfTest::sensor_fault);
    Rig flat;
    flat.sensor.flat = true;
    assert_int_equal(flat.run(), SelfTest::blank_frame);
    Rig wide;
    wide.sensor.g.width = fw::app::kMaxSensorWidth + 1;
    assert_int_equal(wide.run(), SelfTest::bad_geometry);
    assert_int_equal(power.boot.confirms + frame.boot.confirms + flat.boot.confirms + wide.boot.confirms, 0);
    assert_false(fw::app::self_test_ok(flat.run()));
}

void failed_confirmation_is_reported(void**) {
    Rig rig;
    rig.boot.confirm_ok = false;
    assert_int_equal(rig.run(), SelfTest::confirm_failed);
    assert_string_equal(fw::app::self_test_name(SelfTest::confirm_failed), "confirm_failed");
}

void m3_pattern_sensor_passes(void**) {
    fw::platform::host::ManualTimer timer;
    fw::app::PatternSensor sensor(timer, fw::app::kPlatenGeometry);
    fw::platform::host::RecordingWatchdog watchdog;
    FakeBoot boot;
    assert_int_equal(fw::app::run_self_test(sensor, watchdog, boot, 1000), SelfTest::passed_confirmed);
    assert_int_equal(timer.now_ms(), 25);  // one frame interval waited
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boot_passing_confirms),
        cmocka_unit_test(permanent_image_is_not_confirmed_again),
        cmocka_unit_test(sensor_failures_leave_image_unconfirmed),
        cmocka_unit_test(failed_confirmation_is_reported),
        cmocka_unit_test(m3_pattern_sensor_passes),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
