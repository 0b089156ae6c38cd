#include "fw/dfu/dfu_device.hpp"

#include "fw/dfu/descriptors.hpp"

namespace fw::dfu {
namespace {

constexpr uint8_t kDfuInterface = 0;
constexpr uint8_t kInterfaceString = 4;
constexpr uint8_t kTypeMask = 0x60;
constexpr uint8_t kTypeStandard = 0x00;
constexpr uint8_t kTypeClass = 0x20;

const char* string_text(uint8_t index, const char* serial) {
    switch (index) {
        case 1: return usb::kManufacturer;
        case 2: return "Reference rolled scanner (DFU)";
        case 3: return serial;
        case kInterfaceString: return "Inactive slot";
        default: return nullptr;
    }
}

}  // namespace

uint16_t DfuModeDescriptors::get(usb::DescriptorType type, uint8_t index, uint8_t* out, uint16_t capacity) {
    const bool first = index == 0;
    if (type == usb::DescriptorType::device && first && capacity >= usb::kDeviceDescriptorLength) {
        usb::device_descriptor(config_.bcd_device, out);
        return usb::kDeviceDescriptorLength;
    }
    if (type == usb::DescriptorType::configuration && first && capacity >= kDfuModeConfigurationLength) {
        usb::configuration_header(kDfuModeConfigurationLength, 1, out);
        const DfuInterfaceBlock block = dfu_interface_block(kDfuInterface, kProtocolDfuMode, kInterfaceString);
        for (uint8_t i = 0; i < kDfuInterfaceBlockLength; ++i) out[usb::kConfigurationHeaderLength + i] = block.bytes[i];
        return kDfuModeConfigurationLength;
    }
    if (type == usb::DescriptorType::device_qualifier && first && capacity >= usb::kQualifierLength) {
        usb::device_qualifier(out);
        return usb::kQualifierLength;
    }
    if (type != usb::DescriptorType::string) return 0;
    if (index == 0) return usb::string_descriptor(nullptr, out, capacity);
    const char* text = string_text(index, config_.serial);
    return text == nullptr ? 0 : usb::string_descriptor(text, out, capacity);
}

DfuDevice::DfuDevice(Target& target, const DfuDeviceConfig& config)
    : descriptors_(config),
      standard_(descriptors_, 1, 0),
      dfu_(target, {kDfuInterface, config.manifestation_tolerant}) {}

usb::ControlReply DfuDevice::control(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    const uint8_t type = request.bmRequestType & kTypeMask;
    if (type == kTypeStandard) return standard_.handle(request, in, in_capacity);
    // DFU class requests go to the interface, once the device is configured.
    if (type == kTypeClass && configured()) return dfu_.handle(request, in, in_capacity);
    return usb::ControlReply::stalled();
}

void DfuDevice::bus_reset() {
    standard_.reset();
    dfu_.bus_reset();
}

}  // namespace fw::dfu
