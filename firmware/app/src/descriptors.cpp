#include "fw/app/descriptors.hpp"

#include "fw/app/wire.hpp"
#include "fw/dfu/descriptors.hpp"

namespace fw::app {
namespace {

constexpr uint8_t kInterfaceString = 4;
constexpr uint8_t kDfuString = 5;

// Two decimal digits as BCD: bcdDevice shows 1.2 as 0x0102.
constexpr uint8_t bcd(uint8_t value) {
    return static_cast<uint8_t>(((value / 10) % 10) << 4 | (value % 10));
}

const char* string_text(uint8_t index, const char* serial) {
    switch (index) {
        case 1: return "Enrollment Station Project";
        case 2: return "Reference rolled scanner";
        case 3: return serial;
        case kInterfaceString: return "Rolled capture";
        case kDfuString: return "Firmware update";
        default: return nullptr;
    }
}

}  // namespace

void device_descriptor(const FirmwareVersion& version, uint8_t out[kDeviceDescriptorLength]) {
    out[0] = kDeviceDescriptorLength;
    out[1] = static_cast<uint8_t>(DescriptorType::device);
    put_le16(out + 2, 0x0200);
    out[4] = 0;  // class, subclass, protocol: per interface
    out[5] = 0;
    out[6] = 0;
    out[7] = kMaxPacket0;
    put_le16(out + 8, kVendorId);
    put_le16(out + 10, kProductId);
    put_le16(out + 12, static_cast<uint16_t>(bcd(version.major) << 8 | bcd(version.minor)));
    out[14] = 1;  // iManufacturer
    out[15] = 2;  // iProduct
    out[16] = 3;  // iSerialNumber
    out[17] = 1;  // bNumConfigurations
}

void device_qualifier(uint8_t out[kQualifierLength]) {
    const uint8_t bytes[kQualifierLength] = {
        kQualifierLength, static_cast<uint8_t>(DescriptorType::device_qualifier), 0x00, 0x02, 0, 0, 0,
        kMaxPacket0, 1, 0};
    for (uint8_t i = 0; i < kQualifierLength; ++i) out[i] = bytes[i];
}

void configuration_descriptor(uint8_t out[kConfigurationLength]) {
    const uint8_t head[25] = {
        // CONFIGURATION: 2 interfaces, value 1, bus powered, 200 mA
        9, static_cast<uint8_t>(DescriptorType::configuration), kConfigurationLength & 0xFF,
        kConfigurationLength >> 8, 2, 1, 0, 0x80, 100,
        // INTERFACE 0: vendor-specific capture, one endpoint
        9, static_cast<uint8_t>(DescriptorType::interface), kCaptureInterface, 0, 1, 0xFF, 0x00, 0x00,
        kInterfaceString,
        // ENDPOINT 0x81: bulk, 512-byte packets (high speed)
        7, static_cast<uint8_t>(DescriptorType::endpoint), kBulkInEndpoint, 0x02, kBulkPacketSize & 0xFF,
        kBulkPacketSize >> 8, 0};
    for (uint8_t i = 0; i < sizeof head; ++i) out[i] = head[i];
    const auto dfu = dfu::dfu_interface_block(kDfuRuntimeInterface, dfu::kProtocolRuntime, kDfuString);
    for (uint8_t i = 0; i < dfu::kDfuInterfaceBlockLength; ++i) out[sizeof head + i] = dfu.bytes[i];
}

uint16_t string_descriptor(uint8_t index, const char* serial, uint8_t* out, uint16_t capacity) {
    uint8_t body[2 * 32] = {};
    uint16_t body_length = 0;
    if (index == 0) {
        put_le16(body, 0x0409);  // US English only
        body_length = 2;
    } else {
        const char* text = string_text(index, serial);
        if (text == nullptr) return 0;
        for (uint16_t i = 0; text[i] != '\0' && body_length + 2u <= sizeof body; ++i) {
            put_le16(body + body_length, static_cast<uint8_t>(text[i]));
            body_length = static_cast<uint16_t>(body_length + 2);
        }
    }
    const uint16_t total = static_cast<uint16_t>(2 + body_length);
    const uint8_t head[2] = {static_cast<uint8_t>(total), static_cast<uint8_t>(DescriptorType::string)};
    for (uint16_t i = 0; i < total && i < capacity; ++i) out[i] = i < 2 ? head[i] : body[i - 2];
    return total;
}

}  // namespace fw::app
