// The application's USB descriptors (PROTOCOL.md §2): a composite device
// with a vendor capture interface and a DFU 1.1 run-time interface.
#pragma once

#include <stdint.h>

#include "fw/app/capture_protocol.hpp"

namespace fw::app {

inline constexpr uint16_t kVendorId = 0x1209;   // pid.codes
inline constexpr uint16_t kProductId = 0x0004;  // a pid.codes test id: in-house only
inline constexpr uint8_t kMaxPacket0 = 64;

inline constexpr uint8_t kDeviceDescriptorLength = 18;
inline constexpr uint8_t kQualifierLength = 10;
inline constexpr uint16_t kConfigurationLength = 43;
inline constexpr uint8_t kStringCount = 6;  // index 0 (languages) .. 5

enum class DescriptorType : uint8_t {
    device = 1,
    configuration = 2,
    string = 3,
    interface = 4,
    endpoint = 5,
    device_qualifier = 6,
};

void device_descriptor(const FirmwareVersion& version, uint8_t out[kDeviceDescriptorLength]);
void device_qualifier(uint8_t out[kQualifierLength]);
void configuration_descriptor(uint8_t out[kConfigurationLength]);

// Writes string descriptor `index` (UTF-16LE) into `out`, at most
// `capacity` bytes, and returns its full length; 0 for an unknown index.
uint16_t string_descriptor(uint8_t index, const char* serial, uint8_t* out, uint16_t capacity);

}  // namespace fw::app
