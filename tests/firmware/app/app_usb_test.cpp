// The scanner application on its USB port, as the station's driver sees it:
// descriptors parsed back field by field, and the capture protocol (info,
// a roll's frames, stop, error reports) over control and bulk transfers.
#include <cstdint>
#include <string>
#include <vector>

#include "fw/app/capture_protocol.hpp"
#include "fw/app/descriptors.hpp"
#include "fw/app/host/synthetic_sensor.hpp"
#include "fw/app/host/usb_port.hpp"
#include "fw/app/scanner.hpp"
#include "fw/platform/host/ports.hpp"
#include "station/biometrics/synthetic_finger.hpp"
#include "station/biometrics/synthetic_roll.hpp"
#include "cmocka.hpp"

namespace {

namespace bio = station::biometrics;
using fw::app::ErrorCode;
using fw::app::MessageType;
using fw::app::VendorRequest;
using fw::app::host::UsbPort;

constexpr std::uint8_t kStdIn = 0x80, kStdOut = 0x00;
constexpr std::uint8_t kGetDescriptor = 6, kSetConfiguration = 9;

std::uint16_t le16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }
std::uint32_t le32(const std::uint8_t* p) { return le16(p) | std::uint32_t{le16(p + 2)} << 16; }

class TestWatchdog final : public fw::platform::Watchdog {
public:
    void start(std::uint32_t ms) override { timeout = ms; }
    void kick() override { ++kicks; }
    std::uint32_t timeout = 0;
    int kicks = 0;
};

bio::SyntheticRoll small_roll() {
    bio::SyntheticFingerOptions finger;
    finger.width = 160;
    finger.height = 120;
    finger.finger_width = 90;
    auto made = bio::make_synthetic_finger(7, finger);
    if (!made.ok()) fail_msg("finger: %s", made.error().describe().c_str());
    bio::RollOptions roll;
    roll.lead_in = 1;
    roll.lead_out = 1;
    auto rolled = bio::SyntheticRoll::make(std::move(*made), roll);
    if (!rolled.ok()) fail_msg("roll: %s", rolled.error().describe().c_str());
    return std::move(*rolled);
}

struct Device {
    Device()
        : sensor(timer, small_roll()),
          scanner({sensor, port, timer, watchdog}, {{1, 2, 3, 45}, "00C0FFEE12345678", true}) {}

    fw::app::host::ControlResult std_in(std::uint8_t request, std::uint16_t value, std::uint16_t length) {
        return port.control(scanner, kStdIn, request, value, 0, length);
    }
    fw::app::host::ControlResult descriptor(std::uint8_t type, std::uint8_t index, std::uint16_t length) {
        return std_in(kGetDescriptor, static_cast<std::uint16_t>(type << 8 | index), length);
    }
    void configure() { assert_false(port.control(scanner, kStdOut, kSetConfiguration, 1, 0, 0).stalled); }
    fw::app::host::ControlResult vendor_in(VendorRequest r, std::uint16_t length) {
        return port.control(scanner, fw::app::kVendorIn, static_cast<std::uint8_t>(r), 0, 0, length);
    }
    bool vendor_out(VendorRequest r, std::uint16_t value) {
        return !port.control(scanner, fw::app::kVendorOut, static_cast<std::uint8_t>(r), value, 0, 0).stalled;
    }

    struct Message {
        MessageType type;
        std::uint32_t sequence, timestamp_ms;
        std::uint16_t width, height;
        std::vector<std::uint8_t> payload;
        std::vector<std::size_t> packet_sizes;
    };
    // Reads one whole message from bulk IN, running the main loop as the
    // host waits; empty when the device has nothing to send.
    std::optional<Message> read_message() {
        std::vector<std::uint8_t> bytes;
        std::vector<std::size_t> sizes;
        for (int idle = 0; idle < 4;) {
            auto packet = port.read_packet();
            if (!packet) {
                scanner.poll();
                if (port.waiting() == 0) ++idle;
                continue;
            }
            sizes.push_back(packet->size());
            bytes.insert(bytes.end(), packet->begin(), packet->end());
            if (packet->size() < fw::app::kBulkPacketSize) break;
        }
        if (sizes.empty()) return std::nullopt;
        assert_true(bytes.size() >= fw::app::kHeaderLength);
        assert_int_equal(le32(bytes.data()), 0x31465352u);
        assert_int_equal(le16(bytes.data() + 4), 24);
        const std::uint32_t length = le32(bytes.data() + 20);
        assert_int_equal(bytes.size(), 24 + length);
        return Message{static_cast<MessageType>(le16(bytes.data() + 6)), le32(bytes.data() + 8),
                       le32(bytes.data() + 12), le16(bytes.data() + 16), le16(bytes.data() + 18),
                       std::vector<std::uint8_t>(bytes.begin() + 24, bytes.end()), sizes};
    }

    fw::platform::host::ManualTimer timer;
    TestWatchdog watchdog;
    fw::app::host::SyntheticSensor sensor;
    UsbPort port{8};
    fw::app::Scanner scanner;
};

std::string utf16_text(const std::vector<std::uint8_t>& d) {
    std::string s;
    for (std::size_t i = 2; i + 1 < d.size(); i += 2) s.push_back(static_cast<char>(d[i]));
    return s;
}

void device_descriptor_fields(void**) {
    Device dev;
    const auto r = dev.descriptor(1, 0, 64);
    assert_false(r.stalled);
    const auto& d = r.data;
    assert_int_equal(d.size(), 18);
    assert_int_equal(d[0], 18);
    assert_int_equal(d[1], 1);
    assert_int_equal(le16(&d[2]), 0x0200);
    assert_int_equal(d[4], 0);
    assert_int_equal(d[5], 0);
    assert_int_equal(d[6], 0);
    assert_int_equal(d[7], 64);
    assert_int_equal(le16(&d[8]), 0x1209);
    assert_int_equal(le16(&d[10]), 0x0004);
    assert_int_equal(le16(&d[12]), 0x0102);  // firmware 1.2 as BCD
    assert_int_equal(d[14], 1);
    assert_int_equal(d[15], 2);
    assert_int_equal(d[16], 3);
    assert_int_equal(d[17], 1);
    // A host asking for 8 bytes first gets 8.
    assert_int_equal(dev.descriptor(1, 0, 8).data.size(), 8);
    const auto q = dev.descriptor(6, 0, 10).data;
    assert_int_equal(q.size(), 10);
    assert_int_equal(q[0], 10);
    assert_int_equal(q[1], 6);
    assert_int_equal(q[7], 64);
    assert_int_equal(q[8], 1);
}

void configuration_descriptor_walks_to_total_length(void**) {
    Device dev;
    const auto head = dev.descriptor(2, 0, 9).data;
    assert_int_equal(head.size(), 9);
    const std::uint16_t total = le16(&head[2]);
    assert_int_equal(total, 43);
    const auto d = dev.descriptor(2, 0, 255).data;
    assert_int_equal(d.size(), total);
    assert_int_equal(d[4], 2);     // bNumInterfaces
    assert_int_equal(d[5], 1);     // bConfigurationValue
    assert_int_equal(d[7], 0x80);  // bus powered
    // Walk the chain by bLength: it must end exactly at wTotalLength.
    std::vector<std::size_t> at;
    std::size_t pos = 0;
    while (pos < d.size()) {
        assert_true(d[pos] >= 2);
        at.push_back(pos);
        pos += d[pos];
    }
    assert_int_equal(pos, total);
    assert_int_equal(at.size(), 5);
    const std::uint8_t* if0 = &d[at[1]];
    assert_int_equal(if0[0], 9);
    assert_int_equal(if0[1], 4);
    assert_int_equal(if0[2], 0);
    assert_int_equal(if0[4], 1);
    assert_int_equal(if0[5], 0xFF);
    assert_int_equal(if0[6], 0x00);
    assert_int_equal(if0[7], 0x00);
    const std::uint8_t* ep = &d[at[2]];
    assert_int_equal(ep[0], 7);
    assert_int_equal(ep[1], 5);
    assert_int_equal(ep[2], 0x81);
    assert_int_equal(ep[3], 0x02);
    assert_int_equal(le16(&ep[4]), 512);
    const std::uint8_t* if1 = &d[at[3]];
    assert_int_equal(if1[0], 9);
    assert_int_equal(if1[1], 4);
    assert_int_equal(if1[2], 1);
    assert_int_equal(if1[4], 0);
    assert_int_equal(if1[5], 0xFE);
    assert_int_equal(if1[6], 0x01);
    assert_int_equal(if1[7], 0x01);
    const std::uint8_t* fn = &d[at[4]];
    assert_int_equal(fn[0], 9);
    assert_int_equal(fn[1], 0x21);
    assert_int_equal(fn[2], 0x0F);
    assert_int_equal(le16(&fn[5]), 1024);
    assert_int_equal(le16(&fn[7]), 0x0110);
}

void string_descriptors_read_back(void**) {
    Device dev;
    const auto langs = dev.descriptor(3, 0, 255).data;
    assert_int_equal(langs.size(), 4);
    assert_int_equal(langs[0], 4);
    assert_int_equal(langs[1], 3);
    assert_int_equal(le16(&langs[2]), 0x0409);
    const auto product = dev.descriptor(3, 2, 255).data;
    assert_int_equal(product[0], product.size());
    assert_int_equal(product[1], 3);
    assert_string_equal(utf16_text(product).c_str(), "Reference rolled scanner");
    assert_string_equal(utf16_text(dev.descriptor(3, 3, 255).data).c_str(), "00C0FFEE12345678");
    assert_string_equal(utf16_text(dev.descriptor(3, 5, 255).data).c_str(), "Firmware update");
    assert_true(dev.descriptor(3, 6, 255).stalled);
    assert_true(dev.descriptor(7, 0, 255).stalled);
}

void capture_needs_configuration(void**) {
    Device dev;
    assert_true(dev.vendor_in(VendorRequest::get_info, 44).stalled);
    dev.configure();
    const auto err = dev.vendor_in(VendorRequest::get_error, 8).data;
    assert_int_equal(le16(&err[0]), static_cast<int>(ErrorCode::not_configured));
    // GET_ERROR clears the report.
    assert_int_equal(le16(&dev.vendor_in(VendorRequest::get_error, 8).data[0]), 0);
}

void info_reports_version_serial_geometry(void**) {
    Device dev;
    dev.configure();
    const auto r = dev.vendor_in(VendorRequest::get_info, 64);
    assert_false(r.stalled);
    const auto& d = r.data;
    assert_int_equal(d.size(), 44);
    assert_int_equal(le16(&d[0]), 1);
    assert_int_equal(le16(&d[2]), 44);
    assert_int_equal(d[4], 1);
    assert_int_equal(d[5], 2);
    assert_int_equal(le16(&d[6]), 3);
    assert_int_equal(le32(&d[8]), 45);
    assert_memory_equal(&d[12], "00C0FFEE12345678", 16);
    assert_int_equal(le16(&d[28]), 160);
    assert_int_equal(le16(&d[30]), 120);
    assert_int_equal(le16(&d[32]), 500);
    assert_int_equal(d[34], 8);
    assert_int_equal(d[35], 1);  // test boot
    assert_int_equal(le32(&d[36]), 25000);
    assert_int_equal(le32(&d[40]), 24 + 160 * 120);
    // Too short a buffer is a bad request, not a truncated block.
    assert_true(dev.vendor_in(VendorRequest::get_info, 43).stalled);
    assert_int_equal(le16(&dev.vendor_in(VendorRequest::get_error, 8).data[0]),
                     static_cast<int>(ErrorCode::bad_request));
}

void roll_streams_numbered_timestamped_frames(void**) {
    Device dev;
    dev.configure();
    assert_true(dev.vendor_out(VendorRequest::start_roll, 3));
    // The same roll, rendered here: what frame n must show.
    const bio::SyntheticRoll truth = small_roll();
    std::vector<std::uint8_t> expected(160 * 120);
    std::uint32_t last_time = 0;
    for (std::uint32_t n = 0; n < 3; ++n) {
        const auto m = dev.read_message();
        assert_true(m.has_value());
        assert_int_equal(m->type, MessageType::frame);
        assert_int_equal(m->sequence, n);
        assert_true(m->timestamp_ms > last_time);
        last_time = m->timestamp_ms;
        assert_int_equal(m->width, 160);
        assert_int_equal(m->height, 120);
        assert_int_equal(m->payload.size(), 160 * 120);
        // Every packet but the last is full.
        for (std::size_t i = 0; i + 1 < m->packet_sizes.size(); ++i) assert_int_equal(m->packet_sizes[i], 512);
        assert_true(m->packet_sizes.back() < 512);
        // The pixels are the roll's frame n, row by row.
        truth.render(n, expected);
        assert_memory_equal(m->payload.data(), expected.data(), expected.size());
    }
    const auto end = dev.read_message();
    assert_true(end.has_value());
    assert_int_equal(end->type, MessageType::roll_end);
    assert_int_equal(end->sequence, 3);
    assert_true(end->payload.empty());
    assert_false(dev.read_message().has_value());
    assert_false(dev.sensor.powered());
    assert_true(dev.watchdog.kicks > 0);
}

void stop_ends_roll_with_roll_end(void**) {
    Device dev;
    dev.configure();
    assert_true(dev.vendor_out(VendorRequest::start_roll, 0));
    assert_int_equal(dev.read_message()->type, MessageType::frame);
    assert_int_equal(dev.read_message()->type, MessageType::frame);
    // A second START while rolling is refused as busy.
    assert_false(dev.vendor_out(VendorRequest::start_roll, 0));
    assert_int_equal(le16(&dev.vendor_in(VendorRequest::get_error, 8).data[0]), static_cast<int>(ErrorCode::busy));
    assert_true(dev.vendor_out(VendorRequest::stop_roll, 0));
    std::optional<Device::Message> m;
    std::uint32_t last = 1;
    for (int guard = 0; guard < 4; ++guard) {
        m = dev.read_message();
        assert_true(m.has_value());
        assert_int_equal(m->sequence, last + 1);
        last = m->sequence;
        if (m->type == MessageType::roll_end) break;
    }
    assert_int_equal(m->type, MessageType::roll_end);
    assert_false(dev.read_message().has_value());
    // A new roll numbers from 0 again.
    assert_true(dev.vendor_out(VendorRequest::start_roll, 1));
    assert_int_equal(dev.read_message()->sequence, 0);
}

void sensor_fault_sends_error_report(void**) {
    Device dev;
    dev.configure();
    dev.sensor.fail_at_frame(2, 0x42);
    assert_true(dev.vendor_out(VendorRequest::start_roll, 0));
    assert_int_equal(dev.read_message()->type, MessageType::frame);
    assert_int_equal(dev.read_message()->type, MessageType::frame);
    const auto m = dev.read_message();
    assert_true(m.has_value());
    assert_int_equal(m->type, MessageType::error);
    assert_int_equal(m->sequence, 2);
    assert_int_equal(m->payload.size(), 8);
    assert_int_equal(le16(&m->payload[0]), static_cast<int>(ErrorCode::sensor_fault));
    assert_int_equal(le16(&m->payload[2]), 0x42);
    assert_int_equal(le32(&m->payload[4]), 2);
    // The roll is over: nothing follows, the sensor is off, GET_ERROR agrees.
    assert_false(dev.read_message().has_value());
    assert_false(dev.sensor.powered());
    const auto err = dev.vendor_in(VendorRequest::get_error, 8).data;
    assert_int_equal(le16(&err[0]), static_cast<int>(ErrorCode::sensor_fault));
    assert_int_equal(le16(&err[2]), 0x42);
}

void sensor_power_fault_at_start(void**) {
    Device dev;
    dev.configure();
    dev.sensor.fail_power_up(7);
    assert_true(dev.vendor_out(VendorRequest::start_roll, 0));
    const auto m = dev.read_message();
    assert_int_equal(m->type, MessageType::error);
    assert_int_equal(m->sequence, 0);
    assert_int_equal(le16(&m->payload[2]), 7);
    assert_false(dev.read_message().has_value());
}

void dfu_detach_on_interface_1(void**) {
    Device dev;
    // Class requests need the configuration.
    assert_true(dev.port.control(dev.scanner, 0x21, 0, 1000, 1, 0).stalled);
    dev.configure();
    const auto status = dev.port.control(dev.scanner, 0xA1, 3, 0, 1, 6);
    assert_false(status.stalled);
    assert_int_equal(status.data[4], 0);  // appIDLE
    assert_false(dev.port.control(dev.scanner, 0x21, 0, 1000, 1, 0).stalled);
    assert_true(dev.scanner.detach_requested());
}

void deconfiguring_abandons_the_roll(void**) {
    Device dev;
    dev.configure();
    assert_true(dev.vendor_out(VendorRequest::start_roll, 0));
    dev.scanner.poll();
    assert_false(dev.port.control(dev.scanner, kStdOut, kSetConfiguration, 0, 0, 0).stalled);
    assert_false(dev.scanner.capture().rolling());
    assert_false(dev.sensor.powered());
    assert_true(dev.port.control(dev.scanner, kStdOut, kSetConfiguration, 2, 0, 0).stalled);
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(device_descriptor_fields),
        cmocka_unit_test(configuration_descriptor_walks_to_total_length),
        cmocka_unit_test(string_descriptors_read_back),
        cmocka_unit_test(capture_needs_configuration),
        cmocka_unit_test(info_reports_version_serial_geometry),
        cmocka_unit_test(roll_streams_numbered_timestamped_frames),
        cmocka_unit_test(stop_ends_roll_with_roll_end),
        cmocka_unit_test(sensor_fault_sends_error_report),
        cmocka_unit_test(sensor_power_fault_at_start),
        cmocka_unit_test(dfu_detach_on_interface_1),
        cmocka_unit_test(deconfiguring_abandons_the_roll),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
