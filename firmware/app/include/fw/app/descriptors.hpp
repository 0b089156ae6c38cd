// The application's USB descriptors (PROTOCOL.md §2): a composite device
// with a vendor capture interface and a DFU 1.1 run-time interface.
#pragma once

#include <stdint.h>

#include "fw/app/capture_protocol.hpp"
#include "fw/usb/device.hpp"

namespace fw::app {

inline constexpr uint16_t kConfigurationLength = 43;

void configuration_descriptor(uint8_t out[kConfigurationLength]);

class AppDescriptors final : public usb::Descriptors {
public:
    AppDescriptors(const FirmwareVersion& version, const char* serial) : version_(version), serial_(serial) {}
    uint16_t get(usb::DescriptorType type, uint8_t index, uint8_t* out, uint16_t capacity) override;

private:
    FirmwareVersion version_;
    const char* serial_;
};

}  // namespace fw::app
