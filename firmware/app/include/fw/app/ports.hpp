// The application's own ports: the sensor and the bulk IN endpoint. The
// timer, watchdog and reset ports are the platform's (fw/platform/ports.hpp).
#pragma once

#include <stdint.h>

#include "fw/app/capture_protocol.hpp"

namespace fw::app {

// The widest sensor the application streams: one row is buffered.
inline constexpr uint16_t kMaxSensorWidth = 1024;

struct SensorResult {
    bool ok = true;
    uint16_t fault = 0;  // the sensor's own fault code when !ok
};

class Sensor {
public:
    [[nodiscard]] virtual SensorGeometry geometry() const = 0;
    // Powers the sensor up for a roll.
    virtual SensorResult start() = 0;
    // Waits for the next frame and latches it in the sensor's memory;
    // `timestamp_ms` is when it was latched.
    virtual SensorResult latch_frame(uint32_t& timestamp_ms) = 0;
    // Row `y` of the latched frame, geometry().width bytes.
    virtual void read_row(uint16_t y, uint8_t* out) = 0;
    virtual void stop() = 0;

protected:
    ~Sensor() = default;
};

// Bulk IN endpoint 0x81: one packet of at most kBulkPacketSize bytes; false
// when the endpoint's buffer is still full (the host has not read), and the
// same packet is offered again later. A zero-length packet ends a message
// whose size is a multiple of the packet size.
class BulkIn {
public:
    virtual bool write_packet(const uint8_t* data, uint16_t length) = 0;

protected:
    ~BulkIn() = default;
};

// The bootloader's test state, seen from the application: whether this
// image runs unconfirmed, and the confirmation after the self-test
// (fw::boot::confirm_image on the device).
class BootControl {
public:
    [[nodiscard]] virtual bool test_boot() = 0;
    virtual bool confirm() = 0;

protected:
    ~BootControl() = default;
};

// The boot state the bootloader left (slots, counter), read for
// GET_BOOT_STATUS when the host asks; fw::app::BootStatusReport on the device.
class BootReport {
public:
    [[nodiscard]] virtual BootStatus boot_status() = 0;

protected:
    ~BootReport() = default;
};

}  // namespace fw::app
