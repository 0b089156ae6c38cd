// libFuzzer target: the scanner application's endpoint 0 and bulk stream
// under arbitrary control requests (standard, class, vendor) interleaved
// with main-loop turns and a host that reads bulk IN or not. Checks what a
// host relies on: no IN answer longer than wLength, every bulk packet at
// most 512 bytes, and every message that starts with our header.
//
// Input: operations. Op byte: bit 0..1 = 0: a control request from the
// next 8 bytes (SETUP: bmRequestType, bRequest, wValue, wIndex, wLength;
// wLength masked to 255) and its OUT data; 1: a main-loop turn; 2: the host
// drains bulk IN; 3: a USB reset.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "fw/app/capture_protocol.hpp"
#include "fw/app/pattern_sensor.hpp"
#include "fw/app/scanner.hpp"

namespace {

class Clock final : public fw::platform::Timer {
public:
    std::uint32_t now_ms() override { return now; }
    void delay_ms(std::uint32_t ms) override { now += ms; }
    std::uint32_t now = 0;
};

class Dog final : public fw::platform::Watchdog {
public:
    void start(std::uint32_t) override {}
    void kick() override {}
};

// A host-side view of bulk IN: a few packets of buffering, and a check of
// each message's framing as it arrives.
class Host final : public fw::app::BulkIn {
public:
    bool write_packet(const std::uint8_t* data, std::uint16_t length) override {
        if (length > fw::app::kBulkPacketSize) std::abort();
        if (queued >= 4) return false;
        ++queued;
        if (at_message_start && length > 0) {
            if (length < fw::app::kHeaderLength) std::abort();
            std::uint32_t magic = 0;
            std::memcpy(&magic, data, 4);
            if (magic != fw::app::kMessageMagic) std::abort();
        }
        at_message_start = length < fw::app::kBulkPacketSize;
        return true;
    }
    int queued = 0;
    bool at_message_start = true;
};

struct Reader {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t at = 0;
    bool empty() const { return at >= size; }
    std::uint8_t byte() { return at < size ? data[at++] : 0; }
    std::uint16_t le16() { return static_cast<std::uint16_t>(byte() | byte() << 8); }
};

void control(fw::app::Scanner& scanner, Reader& in) {
    fw::usb::ControlRequest r;
    r.bmRequestType = in.byte();
    r.bRequest = in.byte();
    r.wValue = in.le16();
    r.wIndex = in.le16();
    r.wLength = static_cast<std::uint16_t>(in.le16() & 0xFF);
    static std::uint8_t out[256];
    static std::uint8_t answer[256];
    if (!r.device_to_host()) {
        for (std::uint16_t i = 0; i < r.wLength; ++i) out[i] = in.byte();
        r.data = out;
    }
    const fw::usb::ControlReply reply = scanner.control(r, answer, sizeof answer);
    if (!reply.stall && r.device_to_host() && reply.length > r.wLength) std::abort();
    if (!reply.stall && !r.device_to_host() && reply.length != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Clock clock;
    Dog dog;
    Host host;
    // A small sensor keeps messages short enough for many to finish.
    fw::app::PatternSensor sensor(clock, {40, 30, 500, 25000});
    fw::app::Scanner scanner({sensor, host, clock, dog}, {{1, 0, 0, 1}, "0123456789ABCDEF", false});
    Reader in{data, size};
    for (int ops = 0; !in.empty() && ops < 512; ++ops) {
        switch (in.byte() & 3) {
            case 0: control(scanner, in); break;
            case 1: scanner.poll(); break;
            case 2: host.queued = 0; break;
            default:
                scanner.bus_reset();
                host.at_message_start = true;
                break;
        }
    }
    return 0;
}
