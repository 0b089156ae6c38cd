// rig_usb_dfu_util: Debian's dfu-util against the emulated scanner (usb-sim:
// umockdev, the firmware's host build behind it). It lists the scanner with
// the firmware's descriptors, downloads a signed image into the inactive
// slot (which then holds exactly the image), reads it back identical, and
// after a USB reset (usbutils' usbreset) the bootloader runs it in test
// state and the application's self-test confirms it. A tampered image is
// refused at manifestation and the old image still boots.
#include <algorithm>
#include <string>

#include "usb_sim_run.hpp"
// Last: cmocka's fail() macro breaks standard headers included after it.
#include "cmocka.hpp"

namespace {

using usbsim_test::Bytes;
using usbsim_test::Run;
using usbsim_test::Workdir;

constexpr const char* kDownload = "dfu-util -d 1209:0004 -E 1 -D ";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void expect(const Run& r, const std::string& part) {
    if (contains(r.output + r.log, part)) return;
    // cmocka cuts long messages: the end of the output is what explains.
    const std::string tail = r.output.substr(r.output.size() > 1200 ? r.output.size() - 1200 : 0);
    fail_msg("expected '%s'; output ends:\n%s\n--- boot log:\n%s", part.c_str(), tail.c_str(), r.log.c_str());
}

bool slot_holds(const Run& r, const Bytes& image) {
    return r.slot_b.size() >= image.size() && std::equal(image.begin(), image.end(), r.slot_b.begin());
}

void lists_the_scanner_with_the_firmware_descriptors(void**) {
    Workdir w;
    const std::string v1 = w.sign("v1", "1.0.0+10", 1, 6000);
    // After DETACH the device resets itself and comes back at a new address,
    // as soon as a loaded machine lets it: polled until then (CTest's timeout
    // bounds a hang), never for a fixed count.
    const Run r = w.run(v1, "dfu-util -l && lsusb -v -d 1209:0004 && dfu-util -d 1209:0004 -e && "
                            "until dfu-util -l | grep -q DFU:; do sleep 0.2; done; "
                            "dfu-util -l");
    assert_int_equal(r.status, 0);
    expect(r, "Found Runtime: [1209:0004] ver=0100");
    expect(r, "name=\"Firmware update\", serial=\"0123456789ABCDEF\"");
    expect(r, "iProduct                2 Reference rolled scanner");
    expect(r, "wTotalLength       0x002b");
    expect(r, "bEndpointAddress     0x81  EP 1 IN");
    expect(r, "Found DFU: [1209:0004] ver=0100, devnum=3, cfg=1, intf=0");
    expect(r, "name=\"Inactive slot\"");
    expect(r, "boot: dfu mode");
    expect(r, "boot: slot A permanent version 1.0.0");
}

void downloads_reads_back_and_boots_the_new_image(void**) {
    Workdir w;
    const std::string v1 = w.sign("v1", "1.0.0+10", 1, 6000);
    const std::string v2 = w.sign("v2", "1.2.0+20", 2, 20000);
    const Bytes image = usbsim_test::read_bytes(v2);
    const Run r = w.run(v1, std::string(kDownload) + "v2.img && echo DOWNLOAD-OK && dfu-util -d 1209:0004 -U up.img"
                            " && usbreset 1209:0004 && dfu-util -l");
    assert_int_equal(r.status, 0);
    expect(r, "DOWNLOAD-OK");
    assert_true(slot_holds(r, image));
    assert_true(usbsim_test::read_bytes(w.path("up.img")) == image);
    expect(r, "Received a total of " + std::to_string(image.size()) + " bytes");
    expect(r, "boot: slot B test version 1.2.0");
    expect(r, "self-test passed, image confirmed");
    expect(r, "Found Runtime: [1209:0004] ver=0102");  // back as the new firmware
}

void a_tampered_image_is_refused_and_the_old_one_boots(void**) {
    Workdir w;
    const std::string v1 = w.sign("v1", "1.0.0+10", 1, 6000);
    Bytes bad = usbsim_test::read_bytes(w.sign("v2", "1.2.0+20", 2, 20000));
    bad[3000] ^= 0x10;
    usbsim_test::write_bytes(w.path("bad.img"), bad);
    const Run r = w.run(v1, std::string(kDownload) + "bad.img; echo dfu-util-status=$?; usbreset 1209:0004 && dfu-util -l");
    expect(r, "status(7) = Programmed memory failed verification");
    expect(r, "Found Runtime: [1209:0004] ver=0100");
    assert_false(contains(r.log, "slot B"));
    const std::string tail = r.log.substr(r.log.rfind("boot:"));
    assert_true(contains(tail, "boot: slot A permanent version 1.0.0"));
}

}  // namespace

int main() {
    const CMUnitTest tests[] = {
        cmocka_unit_test(lists_the_scanner_with_the_firmware_descriptors),
        cmocka_unit_test(downloads_reads_back_and_boots_the_new_image),
        cmocka_unit_test(a_tampered_image_is_refused_and_the_old_one_boots),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
