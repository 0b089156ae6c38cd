// The bootloader's DFU-mode USB device: its descriptors parsed back field by
// field, and a download through endpoint 0 as dfu-util drives it.
#include <array>
#include <cstdint>
#include <vector>

#include "fake_target.hpp"
#include "fw/dfu/dfu_device.hpp"
#include "cmocka.hpp"

namespace {

using fw::dfu::State;
using fw::usb::ControlReply;
using fw::usb::ControlRequest;

std::uint16_t le16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }

struct Rig {
    fw::dfu::testing::FakeTarget target{8192};
    fw::dfu::DfuDevice device{target, {0x0100, "00C0FFEE12345678", true}};
    std::array<std::uint8_t, 1024> buf{};

    ControlReply in(std::uint8_t type, std::uint8_t request, std::uint16_t value, std::uint16_t index,
                    std::uint16_t length) {
        return device.control({type, request, value, index, length, nullptr}, buf.data(), buf.size());
    }
    ControlReply out(std::uint8_t type, std::uint8_t request, std::uint16_t value, std::uint16_t index,
                     const std::vector<std::uint8_t>& data) {
        return device.control({type, request, value, index, static_cast<std::uint16_t>(data.size()), data.data()},
                              buf.data(), buf.size());
    }
};

void dfu_mode_descriptors(void**) {
    Rig rig;
    ControlReply r = rig.in(0x80, 6, 0x0100, 0, 64);
    assert_int_equal(r.length, 18);
    assert_int_equal(rig.buf[0], 18);
    assert_int_equal(rig.buf[1], 1);
    assert_int_equal(le16(&rig.buf[8]), 0x1209);
    assert_int_equal(le16(&rig.buf[10]), 0x0004);
    assert_int_equal(le16(&rig.buf[12]), 0x0100);
    r = rig.in(0x80, 6, 0x0200, 0, 255);
    assert_int_equal(r.length, 27);
    const std::uint8_t* c = rig.buf.data();
    assert_int_equal(c[0], 9);
    assert_int_equal(c[1], 2);
    assert_int_equal(le16(&c[2]), 27);
    assert_int_equal(c[4], 1);
    const std::uint8_t* i = c + 9;
    assert_int_equal(i[0], 9);
    assert_int_equal(i[1], 4);
    assert_int_equal(i[2], 0);
    assert_int_equal(i[4], 0);
    assert_int_equal(i[5], 0xFE);
    assert_int_equal(i[6], 0x01);
    assert_int_equal(i[7], 0x02);  // DFU mode
    const std::uint8_t* f = c + 18;
    assert_int_equal(f[0], 9);
    assert_int_equal(f[1], 0x21);
    assert_int_equal(f[2], 0x0F);
    assert_int_equal(le16(&f[5]), 1024);
    assert_int_equal(le16(&f[7]), 0x0110);
    r = rig.in(0x80, 6, 0x0304, 0x0409, 255);
    assert_false(r.stall);
    assert_int_equal(rig.buf[0], 2 + 2 * 13);  // "Inactive slot"
}

void download_through_endpoint_zero(void**) {
    Rig rig;
    // Class requests wait for the configuration.
    assert_true(rig.in(0xA1, 3, 0, 0, 6).stall);
    assert_false(rig.out(0x00, 9, 1, 0, {}).stall);
    std::vector<std::uint8_t> image(1500);
    for (std::size_t n = 0; n < image.size(); ++n) image[n] = static_cast<std::uint8_t>(n * 13);
    std::uint16_t block = 0;
    for (std::size_t at = 0; at < image.size(); at += 1024, ++block) {
        const std::size_t n = std::min<std::size_t>(1024, image.size() - at);
        assert_false(rig.out(0x21, 1, block, 0, std::vector<std::uint8_t>(image.begin() + at, image.begin() + at + n)).stall);
        assert_int_equal(rig.in(0xA1, 3, 0, 0, 6).length, 6);
        assert_int_equal(rig.buf[4], static_cast<std::uint8_t>(State::dnbusy));
        rig.device.complete_pending();
        rig.in(0xA1, 3, 0, 0, 6);
        assert_int_equal(rig.buf[4], static_cast<std::uint8_t>(State::dnload_idle));
    }
    assert_false(rig.out(0x21, 1, block, 0, {}).stall);
    rig.in(0xA1, 3, 0, 0, 6);
    rig.device.complete_pending();
    rig.in(0xA1, 3, 0, 0, 6);
    assert_int_equal(rig.buf[4], static_cast<std::uint8_t>(State::dfu_idle));
    assert_true(rig.target.pending);
    assert_memory_equal(rig.target.slot(), image.data(), image.size());
    // Vendor requests and other recipients are not ours.
    assert_true(rig.in(0xC1, 1, 0, 0, 44).stall);
    rig.device.bus_reset();
    assert_false(rig.device.configured());
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dfu_mode_descriptors),
        cmocka_unit_test(download_through_endpoint_zero),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
