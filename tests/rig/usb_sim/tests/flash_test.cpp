// rig_usb_flash: `station firmware status|flash` against the emulated
// scanner (usb-sim: umockdev, the firmware's host build), through the
// station's own libusb DFU client: the status a flasher needs, flash +
// reboot + confirm, a downgrade refused before a byte is sent, a power cut
// mid-transfer (the old image still runs from the persisted flash and a
// retry finishes), and Debian's dfu-util writing the same slot bytes.
#include <algorithm>
#include <string>

#include "usb_sim_run.hpp"
// Last: cmocka's fail() macro breaks standard headers included after it.
#include "cmocka.hpp"

namespace {

using usbsim_test::Bytes;
using usbsim_test::Run;
using usbsim_test::Workdir;

const std::string kStation = STATION;
const std::string kKey = std::string(" --key ") + FW_PUBLIC_KEY;
// The slot less its trailer sector (the confirm word the self-test writes).
constexpr std::size_t kSlotCapacity = 512 * 1024 - 4096;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void expect(const Run& r, const std::string& part) {
    if (contains(r.output + r.log, part)) return;
    const std::string tail = r.output.substr(r.output.size() > 1500 ? r.output.size() - 1500 : 0);
    fail_msg("expected '%s'; output ends:\n%s\n--- boot log:\n%s", part.c_str(), tail.c_str(), r.log.c_str());
}

// The exit status, or the output that explains another one.
void expect_status(const Run& r, int status) {
    if (r.status == status) return;
    const std::string tail = r.output.substr(r.output.size() > 1500 ? r.output.size() - 1500 : 0);
    fail_msg("exit status %d, not %d; output ends:\n%s\n--- boot log:\n%s", r.status, status, tail.c_str(),
             r.log.c_str());
}

// dfu-util detaches, then waits for DFU mode itself: on a loaded machine the
// re-enumeration can take longer than its -E wait.
constexpr const char* kDfuUtilDownload =
    "dfu-util -d 1209:0004 -e >/dev/null; "
    "for i in $(seq 100); do dfu-util -l 2>/dev/null | grep -q 'Found DFU' && break; sleep 0.1; done; "
    "dfu-util -d 1209:0004 -D v2.img";

std::string flash(const std::string& image) { return kStation + " firmware flash " + image + kKey; }
std::string status() { return kStation + " firmware status"; }

void status_names_what_runs_and_each_slot(void**) {
    Workdir w;
    const std::string v1 = w.sign("v1", "1.0.0+10", 3, 6000);
    const Run r = w.run(v1, status());
    expect_status(r, 0);
    expect(r, "scanner           0123456789ABCDEF at usb:1-");
    expect(r, "running           1.0.0+10 from slot A (permanent)");
    expect(r, "security counter  3");
    expect(r, "slot A            active");
    expect(r, "slot B            empty");
    expect(r, "last refusal      none");
}

void flash_reboots_into_the_image_and_it_confirms(void**) {
    Workdir w;
    const std::string v1 = w.sign("v1", "1.0.0+10", 1, 6000);
    const std::string v2 = w.sign("v2", "1.2.0+20", 2, 40000);
    const Run r = w.run(v1, flash("v2.img") + " && " + status());
    expect_status(r, 0);
    expect(r, "sent 100% (");
    expect(r, "flashed 1.2.0+20");
    expect(r, "to scanner 0123456789ABCDEF; it was running 1.0.0+10");
    expect(r, "boot: slot B test version 1.2.0");
    expect(r, "self-test passed, image confirmed");
    expect(r, "running           1.2.0+20 from slot B (test boot");
    expect(r, "slot B            confirmed");
    const Bytes image = usbsim_test::read_bytes(v2);
    assert_true(std::equal(image.begin(), image.end(), r.slot_b.begin()));

    // Debian's dfu-util sends the same file: the slot holds the same bytes.
    Workdir other;
    other.sign("v2", "1.2.0+20", 2, 40000);
    const Run d = other.run(other.sign("v1", "1.0.0+10", 1, 6000), kDfuUtilDownload);
    expect_status(d, 0);
    assert_true(d.slot_b.size() >= kSlotCapacity && r.slot_b.size() >= kSlotCapacity);
    assert_true(std::equal(d.slot_b.begin(), d.slot_b.begin() + kSlotCapacity, r.slot_b.begin()));
}

void a_downgrade_is_refused_before_a_byte_is_sent(void**) {
    Workdir w;
    const std::string v2 = w.sign("v2", "1.2.0+20", 2, 6000);
    w.sign("v1", "1.0.0+10", 1, 6000);
    const Run r = w.run(v2, flash("v1.img"));
    expect_status(r, 8);  // exit code: refused data
    expect(r, "has security counter 1, below the 2 of scanner 0123456789ABCDEF");
    expect(r, "nothing was sent");
    // One boot only: the scanner never left its application for DFU mode.
    assert_false(contains(r.log, "dfu mode"));
    assert_true(std::all_of(r.slot_b.begin(), r.slot_b.end(), [](std::uint8_t b) { return b == 0xFF; }));
}

void a_power_cut_mid_flash_keeps_the_old_image_and_a_retry_finishes(void**) {
    Workdir w;
    const std::string v1 = w.sign("v1", "1.0.0+10", 1, 6000);
    w.sign("v2", "1.2.0+20", 2, 40000);
    const Run cut = w.run(v1, flash("v2.img"), "--fault power-cut@20 --dump-flash " + w.path("flash.bin"));
    expect_status(cut, 4);  // exit code: the device is unavailable
    expect(cut, "DFU_DNLOAD of block 20");
    expect(cut, "The update did not finish: the scanner keeps booting its old firmware; run the flash again");
    // Power back: usb-sim starts from the flash as the cut left it.
    const Run back = w.run(v1, status() + " && " + flash("v2.img") + " && " + status(),
                           "--flash " + w.path("flash.bin"));
    expect_status(back, 0);
    expect(back, "running           1.0.0+10 from slot A (permanent)");
    expect(back, "flashed 1.2.0+20");
    expect(back, "slot B            confirmed");
}

}  // namespace

int main() {
    const CMUnitTest tests[] = {
        cmocka_unit_test(status_names_what_runs_and_each_slot),
        cmocka_unit_test(flash_reboots_into_the_image_and_it_confirms),
        cmocka_unit_test(a_downgrade_is_refused_before_a_byte_is_sent),
        cmocka_unit_test(a_power_cut_mid_flash_keeps_the_old_image_and_a_retry_finishes),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
