#include "fw/app/descriptors.hpp"

#include "fw/dfu/descriptors.hpp"

namespace fw::app {
namespace {

constexpr uint8_t kInterfaceString = 4;
constexpr uint8_t kDfuString = 5;

const char* string_text(uint8_t index, const char* serial) {
    switch (index) {
        case 1: return usb::kManufacturer;
        case 2: return "Reference rolled scanner";
        case 3: return serial;
        case kInterfaceString: return "Rolled capture";
        case kDfuString: return "Firmware update";
        default: return nullptr;
    }
}

}  // namespace

void configuration_descriptor(uint8_t out[kConfigurationLength]) {
    usb::configuration_header(kConfigurationLength, 2, out);
    const uint8_t capture[16] = {
        // INTERFACE 0: vendor-specific capture, one endpoint
        9, static_cast<uint8_t>(usb::DescriptorType::interface), kCaptureInterface, 0, 1, 0xFF, 0x00, 0x00,
        kInterfaceString,
        // ENDPOINT 0x81: bulk, 512-byte packets (high speed)
        7, static_cast<uint8_t>(usb::DescriptorType::endpoint), kBulkInEndpoint, 0x02, kBulkPacketSize & 0xFF,
        kBulkPacketSize >> 8, 0};
    uint8_t* at = out + usb::kConfigurationHeaderLength;
    for (uint8_t i = 0; i < sizeof capture; ++i) *at++ = capture[i];
    const auto dfu = dfu::dfu_interface_block(kDfuRuntimeInterface, dfu::kProtocolRuntime, kDfuString);
    for (uint8_t i = 0; i < dfu::kDfuInterfaceBlockLength; ++i) *at++ = dfu.bytes[i];
}

uint16_t AppDescriptors::get(usb::DescriptorType type, uint8_t index, uint8_t* out, uint16_t capacity) {
    const bool first = index == 0;
    if (type == usb::DescriptorType::device && first && capacity >= usb::kDeviceDescriptorLength) {
        usb::device_descriptor(usb::bcd_version(version_.major, version_.minor), out);
        return usb::kDeviceDescriptorLength;
    }
    if (type == usb::DescriptorType::configuration && first && capacity >= kConfigurationLength) {
        configuration_descriptor(out);
        return kConfigurationLength;
    }
    if (type == usb::DescriptorType::device_qualifier && first && capacity >= usb::kQualifierLength) {
        usb::device_qualifier(out);
        return usb::kQualifierLength;
    }
    if (type != usb::DescriptorType::string) return 0;
    if (index == 0) return usb::string_descriptor(nullptr, out, capacity);
    const char* text = string_text(index, serial_);
    return text == nullptr ? 0 : usb::string_descriptor(text, out, capacity);
}

}  // namespace fw::app
