// The host build's USB endpoints: the Scanner behind plain function calls.
// Tests call it directly; the rig's umockdev ioctl handler turns URBs into
// these calls (control transfers in, bulk IN packets out).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "fw/app/ports.hpp"
#include "fw/usb/control.hpp"

namespace fw::app {
class Scanner;
}

namespace fw::app::host {

struct ControlResult {
    bool stalled = false;
    std::vector<std::uint8_t> data;  // IN data (empty for OUT requests)
};

// Bulk IN with the buffering of a real endpoint: `depth` packets wait for
// the host; past that the firmware is told the endpoint is busy.
class UsbPort final : public BulkIn {
public:
    explicit UsbPort(std::size_t depth = 64) : depth_(depth) {}

    bool write_packet(const std::uint8_t* data, std::uint16_t length) override;

    // One control transfer: the SETUP fields and, for OUT, its data stage.
    ControlResult control(Scanner& scanner, std::uint8_t bmRequestType, std::uint8_t bRequest, std::uint16_t wValue,
                          std::uint16_t wIndex, std::uint16_t wLength, const std::vector<std::uint8_t>& out = {});

    // The oldest packet waiting on bulk IN 0x81, if any.
    std::optional<std::vector<std::uint8_t>> read_packet();
    [[nodiscard]] std::size_t waiting() const { return packets_.size(); }

private:
    std::size_t depth_;
    std::deque<std::vector<std::uint8_t>> packets_;
};

}  // namespace fw::app::host
