// The scanner application's USB device: routes each control request to the
// standard-request handler, the capture interface or the DFU run-time
// interface, and turns the main loop (streaming, watchdog).
#pragma once

#include <stdint.h>

#include "fw/app/capture.hpp"
#include "fw/app/descriptors.hpp"
#include "fw/app/ports.hpp"
#include "fw/dfu/runtime.hpp"
#include "fw/platform/ports.hpp"
#include "fw/usb/control.hpp"
#include "fw/usb/device.hpp"

namespace fw::app {

struct ScannerConfig {
    FirmwareVersion version;
    const char* serial = "";  // 16 hex digits of the MCU's unique id
    bool test_boot = false;   // running unconfirmed (reported in Info)
};

struct ScannerPorts {
    Sensor& sensor;
    BulkIn& bulk;
    platform::Timer& timer;
    platform::Watchdog& watchdog;
    BootReport* boot = nullptr;  // answers GET_BOOT_STATUS; null: stalled
};

// Packets a main-loop turn may send before it returns to control requests.
inline constexpr uint16_t kPacketsPerTurn = 16;

class Scanner {
public:
    Scanner(ScannerPorts ports, const ScannerConfig& config);

    // One control transfer on endpoint 0. IN data goes to `in`, which must
    // hold at least 64 bytes (the largest descriptor the device sends).
    usb::ControlReply control(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity);

    // A USB bus reset: unconfigured, roll abandoned, DFU run-time to appIDLE.
    void bus_reset();

    // One turn of the main loop: streams, then kicks the watchdog. A turn
    // that never returns (a stuck sensor) stops the kicks, and the watchdog
    // resets the device.
    void poll();

    // DETACH was accepted: after its status stage the device resets into
    // the bootloader (bitWillDetach).
    [[nodiscard]] bool detach_requested() const { return runtime_.detach_requested(); }
    [[nodiscard]] bool configured() const { return standard_.configured(); }
    [[nodiscard]] const Capture& capture() const { return capture_; }

private:
    usb::ControlReply standard(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity);

    ScannerPorts ports_;
    AppDescriptors descriptors_;
    usb::StandardRequests standard_;
    Capture capture_;
    dfu::Runtime runtime_;
};

// The Info block this device reports.
Info scanner_info(const ScannerConfig& config, const SensorGeometry& geometry);

}  // namespace fw::app
