// The application's side of the boot contract on a RAM flash with the real
// layout: a test-state image is confirmed through the bootloader's confirm
// word after the self-test, a permanent or unknown boot confirms nothing,
// and DETACH leaves the DFU request before the reset.
#include <cstdint>
#include <vector>

#include "fw/app/boot_link.hpp"
#include "fw/app/pattern_sensor.hpp"
#include "fw/app/self_test.hpp"
#include "fw/boot/bootloader.hpp"
#include "fw/boot/confirm.hpp"
#include "fw/platform/host/ports.hpp"
#include "fw/platform/layout.hpp"
#include "fw/platform/ram_nor_flash.hpp"
#include "cmocka.hpp"

namespace {

namespace layout = fw::platform::layout;

struct Rig {
    std::vector<std::uint8_t> memory = std::vector<std::uint8_t>(layout::kManagedEnd, 0xFF);
    fw::platform::RamNorFlash flash{memory, 0, layout::kSectorSize, layout::kWriteGranularity};
    fw::boot::BootInfo info{fw::boot::kBootInfoMagic, 1, static_cast<std::uint8_t>(fw::boot::RunState::test),
                            0, 1, 2, 3, 4, 1, 0, 0};
    fw::platform::host::ManualTimer timer;
    fw::platform::host::RecordingWatchdog watchdog;
    fw::app::PatternSensor sensor{timer, fw::app::kPlatenGeometry};
};

void self_test_confirms_the_running_slot(void**) {
    Rig rig;
    fw::app::SlotConfirmation link(rig.flash, rig.info);
    assert_false(fw::boot::is_confirmed(rig.flash, 1));
    assert_int_equal(fw::app::run_self_test(rig.sensor, rig.watchdog, link, 1000),
                     fw::app::SelfTest::passed_confirmed);
    assert_true(fw::boot::is_confirmed(rig.flash, 1));
    assert_false(fw::boot::is_confirmed(rig.flash, 0));  // the other slot untouched
}

void permanent_or_unknown_boot_confirms_nothing(void**) {
    Rig permanent;
    permanent.info.state = static_cast<std::uint8_t>(fw::boot::RunState::permanent);
    fw::app::SlotConfirmation a(permanent.flash, permanent.info);
    assert_int_equal(fw::app::run_self_test(permanent.sensor, permanent.watchdog, a, 1000), fw::app::SelfTest::passed);
    Rig garbage;
    garbage.info.magic = 0;
    fw::app::SlotConfirmation b(garbage.flash, garbage.info);
    assert_false(b.test_boot());
    assert_false(b.confirm());
    Rig wild;
    wild.info.slot = 7;
    fw::app::SlotConfirmation c(wild.flash, wild.info);
    assert_false(c.confirm());
    for (Rig* r : {&permanent, &garbage, &wild}) {
        assert_false(fw::boot::is_confirmed(r->flash, 0));
        assert_false(fw::boot::is_confirmed(r->flash, 1));
    }
}

void detach_leaves_dfu_request_then_resets(void**) {
    Rig rig;
    fw::platform::host::RecordingReset reset;
    fw::app::reset_into_dfu(rig.info, reset);
    assert_int_equal(rig.info.dfu_request, fw::boot::kDfuRequest);
    assert_int_equal(reset.count(), 1);
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(self_test_confirms_the_running_slot),
        cmocka_unit_test(permanent_or_unknown_boot_confirms_nothing),
        cmocka_unit_test(detach_leaves_dfu_request_then_resets),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
