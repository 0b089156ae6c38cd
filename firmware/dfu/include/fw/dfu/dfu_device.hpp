// The bootloader's USB device in DFU mode (DFU 1.1, 4.2): one configuration
// with one DFU-mode interface, the same identity as the application
// (PROTOCOL.md §1), standard requests, and class requests to the DfuMode
// state machine. What the host's dfu-util talks to after a DETACH.
#pragma once

#include <stdint.h>

#include "fw/dfu/dfu_mode.hpp"
#include "fw/usb/control.hpp"
#include "fw/usb/device.hpp"

namespace fw::dfu {

struct DfuDeviceConfig {
    uint16_t bcd_device = 0;  // the bootloader's version, BCD
    const char* serial = "";  // the same serial as the application
    bool manifestation_tolerant = true;
};

inline constexpr uint16_t kDfuModeConfigurationLength = 27;

class DfuModeDescriptors final : public usb::Descriptors {
public:
    explicit DfuModeDescriptors(const DfuDeviceConfig& config) : config_(config) {}
    uint16_t get(usb::DescriptorType type, uint8_t index, uint8_t* out, uint16_t capacity) override;

private:
    DfuDeviceConfig config_;
};

class DfuDevice {
public:
    DfuDevice(Target& target, const DfuDeviceConfig& config);

    usb::ControlReply control(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity);
    // After the status stage of each control transfer (see DfuMode).
    void complete_pending() { dfu_.complete_pending(); }
    void bus_reset();

    [[nodiscard]] const DfuMode& dfu() const { return dfu_; }
    [[nodiscard]] bool configured() const { return standard_.configured(); }

private:
    DfuModeDescriptors descriptors_;
    usb::StandardRequests standard_;
    DfuMode dfu_;
};

}  // namespace fw::dfu
