// rig_usb_libusb: a libusb host against the emulated scanner, decoding the
// wire by hand from firmware/PROTOCOL.md (no firmware code linked): it
// enumerates 1209:0004 with the application's descriptors, reads the GET_INFO
// block, and a roll's messages from bulk IN 0x81: FRAMEs with increasing
// sequence numbers, then ROLL_END; an unknown request stalls.
//
// The test starts usb-sim around itself: run without arguments, it re-runs
// itself with --inside under usb-sim, where libusb sees the testbed.
#include <libusb.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "usb_sim_run.hpp"

// Last: cmocka's fail() macro breaks standard headers included after it.
#include "cmocka.hpp"

namespace {

constexpr std::uint16_t kVendor = 0x1209, kProduct = 0x0004;
constexpr std::uint8_t kVendorIn = 0xC1, kVendorOut = 0x41;
constexpr std::uint8_t kGetInfo = 0x01, kStartRoll = 0x02, kGetError = 0x04;
constexpr std::uint8_t kBulkIn = 0x81;
constexpr unsigned kTimeoutMs = 5000;

std::uint16_t le16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }
std::uint32_t le32(const std::uint8_t* p) { return le16(p) | std::uint32_t{le16(p + 2)} << 16; }

struct Usb {
    libusb_context* context = nullptr;
    libusb_device_handle* handle = nullptr;

    Usb() {
        assert_int_equal(libusb_init(&context), 0);
        handle = libusb_open_device_with_vid_pid(context, kVendor, kProduct);
        if (handle == nullptr) fail_msg("no 1209:0004 on the emulated bus");
    }
    ~Usb() {
        if (handle != nullptr) libusb_close(handle);
        libusb_exit(context);
    }
};

struct Info {
    std::uint16_t width = 0, height = 0;
    std::uint32_t largest = 0;
};

Info get_info(Usb& usb) {
    std::uint8_t info[64] = {};
    const int n = libusb_control_transfer(usb.handle, kVendorIn, kGetInfo, 0, 0, info, sizeof info, kTimeoutMs);
    assert_int_equal(n, 44);
    assert_int_equal(le16(info), 1);       // protocol version
    assert_int_equal(le16(info + 2), 44);  // block length
    assert_int_equal(info[4], 1);          // firmware 1.0.x (the image usb-sim loaded)
    assert_int_equal(info[5], 0);
    assert_memory_equal(info + 12, "0123456789ABCDEF", 16);
    assert_int_equal(info[34], 8);  // bits per pixel
    return {le16(info + 28), le16(info + 30), le32(info + 40)};
}

void enumerates_with_the_application_descriptors(void**) {
    Usb usb;
    libusb_device_descriptor d{};
    assert_int_equal(libusb_get_device_descriptor(libusb_get_device(usb.handle), &d), 0);
    assert_int_equal(d.bcdUSB, 0x0200);
    assert_int_equal(d.bcdDevice, 0x0100);
    assert_int_equal(d.bNumConfigurations, 1);
    libusb_config_descriptor* config = nullptr;
    assert_int_equal(libusb_get_active_config_descriptor(libusb_get_device(usb.handle), &config), 0);
    assert_int_equal(config->wTotalLength, 43);
    assert_int_equal(config->bNumInterfaces, 2);
    const libusb_interface_descriptor& capture = config->interface[0].altsetting[0];
    assert_int_equal(capture.bInterfaceClass, 0xFF);
    assert_int_equal(capture.bNumEndpoints, 1);
    assert_int_equal(capture.endpoint[0].bEndpointAddress, kBulkIn);
    assert_int_equal(capture.endpoint[0].wMaxPacketSize, 512);
    const libusb_interface_descriptor& dfu = config->interface[1].altsetting[0];
    assert_int_equal(dfu.bInterfaceClass, 0xFE);
    assert_int_equal(dfu.bInterfaceProtocol, 1);
    libusb_free_config_descriptor(config);
    unsigned char serial[64] = {};
    assert_true(libusb_get_string_descriptor_ascii(usb.handle, d.iSerialNumber, serial, sizeof serial) > 0);
    assert_string_equal(reinterpret_cast<char*>(serial), "0123456789ABCDEF");
}

void a_roll_streams_frames_in_sequence(void**) {
    Usb usb;
    assert_int_equal(libusb_claim_interface(usb.handle, 0), 0);
    const Info info = get_info(usb);
    assert_true(info.width > 0 && info.height > 0);
    assert_int_equal(info.largest, 24u + std::uint32_t{info.width} * info.height);
    constexpr std::uint16_t kFrames = 3;
    assert_int_equal(libusb_control_transfer(usb.handle, kVendorOut, kStartRoll, kFrames, 0, nullptr, 0, kTimeoutMs), 0);
    // One transfer per message: a short packet ends each one.
    std::vector<std::uint8_t> message(info.largest + 512);
    for (std::uint32_t expected = 0; expected <= kFrames; ++expected) {
        int got = 0;
        assert_int_equal(libusb_bulk_transfer(usb.handle, kBulkIn, message.data(), static_cast<int>(message.size()),
                                              &got, kTimeoutMs),
                         0);
        assert_true(got >= 24);
        assert_int_equal(le32(message.data()), 0x31465352u);
        assert_int_equal(le16(message.data() + 4), 24);
        assert_int_equal(le32(message.data() + 8), expected);  // sequence number
        const std::uint16_t type = le16(message.data() + 6);
        if (expected < kFrames) {
            assert_int_equal(type, 1);  // FRAME
            assert_int_equal(le16(message.data() + 16), info.width);
            assert_int_equal(le16(message.data() + 18), info.height);
            assert_int_equal(le32(message.data() + 20), std::uint32_t{info.width} * info.height);
            assert_int_equal(got, 24 + info.width * info.height);
        } else {
            assert_int_equal(type, 3);  // ROLL_END
            assert_int_equal(got, 24);
        }
    }
    libusb_release_interface(usb.handle, 0);
}

// An unknown vendor request stalls (LIBUSB_ERROR_PIPE: the URB ended in
// -EPIPE), and GET_ERROR then names it bad_request.
void an_unknown_request_stalls(void**) {
    Usb usb;
    std::uint8_t buffer[16] = {};
    assert_int_equal(libusb_control_transfer(usb.handle, kVendorIn, 0x7F, 0, 0, buffer, sizeof buffer, kTimeoutMs),
                     LIBUSB_ERROR_PIPE);
    assert_int_equal(libusb_control_transfer(usb.handle, kVendorIn, kGetError, 0, 0, buffer, 8, kTimeoutMs), 8);
    assert_int_equal(le16(buffer), 3);  // bad_request
    assert_int_equal(get_info(usb).width > 0, 1);  // the device still answers
}

int inside() {
    const CMUnitTest tests[] = {
        cmocka_unit_test(enumerates_with_the_application_descriptors),
        cmocka_unit_test(a_roll_streams_frames_in_sequence),
        cmocka_unit_test(an_unknown_request_stalls),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "--inside") == 0) return inside();
    // Outside: a factory image in slot A, and this program again as the
    // client inside the testbed (usb-sim returns its exit status).
    char self[4096] = {};
    if (readlink("/proc/self/exe", self, sizeof self - 1) < 0) return 1;
    usbsim_test::Workdir w;
    const std::string v1 = w.sign("v1", "1.0.0+10", 1, 6000);
    const usbsim_test::Run r = w.run(v1, std::string(self) + " --inside");
    std::fputs(r.output.c_str(), stdout);
    std::fputs(r.log.c_str(), stdout);
    return r.status;
}
