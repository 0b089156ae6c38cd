// One USB control request as the DFU and application handlers see it: the
// SETUP packet's fields, plus the data stage of an OUT request.
#pragma once

#include <stdint.h>

namespace fw::usb {

struct ControlRequest {
    uint8_t bmRequestType = 0;
    uint8_t bRequest = 0;
    uint16_t wValue = 0;
    uint16_t wIndex = 0;
    uint16_t wLength = 0;
    const uint8_t* data = nullptr;  // wLength bytes for a host-to-device request

    [[nodiscard]] constexpr bool device_to_host() const { return (bmRequestType & 0x80u) != 0; }
};

// The answer: either a STALL, or `length` bytes (written into the caller's
// buffer) for an IN request, or a zero-length status stage for an OUT one.
struct ControlReply {
    bool stall = false;
    uint16_t length = 0;

    static constexpr ControlReply stalled() { return {true, 0}; }
    static constexpr ControlReply data(uint16_t n) { return {false, n}; }
    static constexpr ControlReply ack() { return {false, 0}; }
};

}  // namespace fw::usb
