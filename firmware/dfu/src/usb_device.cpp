#include "fw/usb/device.hpp"

namespace fw::usb {
namespace {

constexpr void put_le16(uint8_t* out, uint16_t value) {
    out[0] = static_cast<uint8_t>(value & 0xFFu);
    out[1] = static_cast<uint8_t>(value >> 8);
}

}  // namespace

void device_descriptor(uint16_t bcd_device, uint8_t out[kDeviceDescriptorLength]) {
    out[0] = kDeviceDescriptorLength;
    out[1] = static_cast<uint8_t>(DescriptorType::device);
    put_le16(out + 2, 0x0200);
    out[4] = 0;  // class, subclass, protocol: per interface
    out[5] = 0;
    out[6] = 0;
    out[7] = kMaxPacket0;
    put_le16(out + 8, kVendorId);
    put_le16(out + 10, kProductId);
    put_le16(out + 12, bcd_device);
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

void configuration_header(uint16_t total, uint8_t interfaces, uint8_t out[kConfigurationHeaderLength]) {
    out[0] = kConfigurationHeaderLength;
    out[1] = static_cast<uint8_t>(DescriptorType::configuration);
    put_le16(out + 2, total);
    out[4] = interfaces;
    out[5] = 1;     // bConfigurationValue
    out[6] = 0;     // iConfiguration
    out[7] = 0x80;  // bus powered, no remote wake-up
    out[8] = 100;   // 200 mA: sensor and illumination
}

uint16_t string_descriptor(const char* text, uint8_t* out, uint16_t capacity) {
    uint8_t body[2 * 31] = {};
    uint16_t body_length = 0;
    if (text == nullptr) {
        put_le16(body, 0x0409);  // US English only
        body_length = 2;
    }
    for (uint16_t i = 0; text != nullptr && text[i] != '\0' && body_length + 2u <= sizeof body; ++i) {
        put_le16(body + body_length, static_cast<uint8_t>(text[i]));
        body_length = static_cast<uint16_t>(body_length + 2);
    }
    const uint16_t total = static_cast<uint16_t>(2 + body_length);
    const uint8_t head[2] = {static_cast<uint8_t>(total), static_cast<uint8_t>(DescriptorType::string)};
    for (uint16_t i = 0; i < total && i < capacity; ++i) out[i] = i < 2 ? head[i] : body[i - 2];
    return total;
}

ControlReply answer(const uint8_t* bytes, uint16_t length, uint16_t w_length, uint8_t* in, uint16_t in_capacity) {
    uint16_t n = length < w_length ? length : w_length;
    n = n < in_capacity ? n : in_capacity;
    for (uint16_t i = 0; i < n; ++i) in[i] = bytes[i];
    return ControlReply::data(n);
}

}  // namespace fw::usb
