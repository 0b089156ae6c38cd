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
#include "fw/boot/status.hpp"
#include "fw/image/format.hpp"
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

void put_image_magic(Rig& rig, std::uint8_t slot) {
    const std::uint8_t magic[4] = {0x53, 0x43, 0x4E, 0x46};  // "SCNF", IMAGE.md section 1
    assert_int_equal(rig.flash.program(layout::kSlotOffset[slot], magic), fw::platform::FlashStatus::ok);
}

void append(Rig& rig, std::uint8_t active, std::uint8_t candidate, fw::boot::CandidateState state) {
    fw::boot::StatusRecord r;
    r.active = active;
    r.candidate = candidate;
    r.state = state;
    r.security_counter = 5;
    assert_true(fw::boot::StatusLog(rig.flash).append(r));
}

// The running test image in B over the active A: "testing" until the
// self-test writes the confirm word, then "confirmed"; the counter is the
// status area's, the version the boot-info block's.
void boot_status_follows_the_status_area_and_confirm_word(void**) {
    Rig rig;
    put_image_magic(rig, 0);
    put_image_magic(rig, 1);
    append(rig, 0, 1, fw::boot::CandidateState::testing);
    fw::app::BootStatusReport report(rig.flash, rig.info);
    fw::app::BootStatus s = report.boot_status();
    assert_int_equal(s.version.major, 1);
    assert_int_equal(s.version.minor, 2);
    assert_int_equal(s.version.patch, 3);
    assert_int_equal(s.version.build, 4);
    assert_int_equal(s.security_counter, 5);
    assert_int_equal(s.running_slot, 1);
    assert_int_equal(static_cast<int>(s.state), static_cast<int>(fw::app::BootState::test));
    assert_int_equal(static_cast<int>(s.slots[0]), static_cast<int>(fw::app::SlotState::active));
    assert_int_equal(static_cast<int>(s.slots[1]), static_cast<int>(fw::app::SlotState::testing));
    fw::app::SlotConfirmation link(rig.flash, rig.info);
    assert_true(link.confirm());
    s = report.boot_status();
    assert_int_equal(static_cast<int>(s.slots[1]), static_cast<int>(fw::app::SlotState::confirmed));

    std::uint8_t wire[fw::app::kBootStatusLength] = {};
    fw::app::encode_boot_status(s, wire);
    const std::uint8_t expected[fw::app::kBootStatusLength] = {1, 0, 24, 0, 1, 2, 3, 0, 4, 0, 0, 0,
                                                               5, 0, 0, 0, 1, 2, 1, 4, 0, 0, 0, 0};
    assert_memory_equal(wire, expected, sizeof expected);
}

// A pending download beside an erased slot, and an image nobody names.
void boot_status_names_pending_empty_and_inactive_slots(void**) {
    Rig rig;
    rig.info.slot = 0;
    rig.info.state = static_cast<std::uint8_t>(fw::boot::RunState::permanent);
    put_image_magic(rig, 0);
    append(rig, 0, 1, fw::boot::CandidateState::pending);
    fw::app::BootStatusReport report(rig.flash, rig.info);
    assert_int_equal(static_cast<int>(report.boot_status().slots[1]), static_cast<int>(fw::app::SlotState::pending));
    append(rig, 0, fw::boot::kNoSlot, fw::boot::CandidateState::none);
    assert_int_equal(static_cast<int>(report.boot_status().slots[1]), static_cast<int>(fw::app::SlotState::empty));
    put_image_magic(rig, 1);
    const fw::app::BootStatus s = report.boot_status();
    assert_int_equal(static_cast<int>(s.slots[0]), static_cast<int>(fw::app::SlotState::active));
    assert_int_equal(static_cast<int>(s.slots[1]), static_cast<int>(fw::app::SlotState::inactive));
    assert_int_equal(static_cast<int>(s.state), static_cast<int>(fw::app::BootState::permanent));
    assert_string_equal(fw::app::slot_state_name(s.slots[1]), "inactive");
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(self_test_confirms_the_running_slot),
        cmocka_unit_test(permanent_or_unknown_boot_confirms_nothing),
        cmocka_unit_test(detach_leaves_dfu_request_then_resets),
        cmocka_unit_test(boot_status_follows_the_status_area_and_confirm_word),
        cmocka_unit_test(boot_status_names_pending_empty_and_inactive_slots),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
