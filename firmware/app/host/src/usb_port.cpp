#include "fw/app/host/usb_port.hpp"

#include "fw/app/scanner.hpp"

namespace fw::app::host {

bool UsbPort::write_packet(const std::uint8_t* data, std::uint16_t length) {
    if (packets_.size() >= depth_ || length > kBulkPacketSize) return false;
    packets_.emplace_back(data, data + length);
    return true;
}

ControlResult UsbPort::control(Scanner& scanner, std::uint8_t bmRequestType, std::uint8_t bRequest,
                               std::uint16_t wValue, std::uint16_t wIndex, std::uint16_t wLength,
                               const std::vector<std::uint8_t>& out) {
    const bool in = (bmRequestType & 0x80u) != 0;
    // An OUT data stage carries exactly wLength bytes; a short one is the
    // caller's mistake, and the firmware must never read past it.
    if (!in && out.size() < wLength) return {true, {}};
    const usb::ControlRequest request{bmRequestType, bRequest, wValue, wIndex, wLength, in ? nullptr : out.data()};
    std::vector<std::uint8_t> buffer(in ? wLength : 0);
    const usb::ControlReply reply =
        scanner.control(request, buffer.data(), static_cast<std::uint16_t>(buffer.size()));
    if (reply.stall) return {true, {}};
    buffer.resize(in ? reply.length : 0);
    return {false, std::move(buffer)};
}

std::optional<std::vector<std::uint8_t>> UsbPort::read_packet() {
    if (packets_.empty()) return std::nullopt;
    std::vector<std::uint8_t> packet = std::move(packets_.front());
    packets_.pop_front();
    return packet;
}

}  // namespace fw::app::host
