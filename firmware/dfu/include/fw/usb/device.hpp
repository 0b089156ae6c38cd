// What every USB device of the scanner shares, in the application and in
// the bootloader's DFU mode: its identity (PROTOCOL.md §1), the standard
// descriptors built from it, and the chapter 9 standard requests.
#pragma once

#include <stdint.h>

#include "fw/usb/control.hpp"

namespace fw::usb {

inline constexpr uint16_t kVendorId = 0x1209;   // pid.codes
inline constexpr uint16_t kProductId = 0x0004;  // a pid.codes test id: in-house only
inline constexpr uint8_t kMaxPacket0 = 64;
inline constexpr const char* kManufacturer = "Enrollment Station Project";

inline constexpr uint8_t kDeviceDescriptorLength = 18;
inline constexpr uint8_t kQualifierLength = 10;
inline constexpr uint8_t kConfigurationHeaderLength = 9;

enum class DescriptorType : uint8_t {
    device = 1,
    configuration = 2,
    string = 3,
    interface = 4,
    endpoint = 5,
    device_qualifier = 6,
};

// bcdDevice: two decimal digits each of major and minor (1.2 is 0x0102).
constexpr uint16_t bcd_version(uint8_t major, uint8_t minor) {
    return static_cast<uint16_t>(((major / 10) % 10) << 12 | (major % 10) << 8 | ((minor / 10) % 10) << 4 |
                                 (minor % 10));
}

void device_descriptor(uint16_t bcd_device, uint8_t out[kDeviceDescriptorLength]);
void device_qualifier(uint8_t out[kQualifierLength]);
// CONFIGURATION 1: bus powered, 200 mA, `interfaces` interfaces, `total` bytes.
void configuration_header(uint16_t total, uint8_t interfaces, uint8_t out[kConfigurationHeaderLength]);
// A string descriptor (UTF-16LE) of ASCII `text`, at most 31 characters;
// nullptr gives the language list (US English). Writes at most `capacity`
// bytes and returns the descriptor's full length.
uint16_t string_descriptor(const char* text, uint8_t* out, uint16_t capacity);

// The descriptors a device answers GET_DESCRIPTOR with: the full length,
// at most `capacity` bytes written; 0 when there is no such descriptor.
class Descriptors {
public:
    virtual uint16_t get(DescriptorType type, uint8_t index, uint8_t* out, uint16_t capacity) = 0;

protected:
    ~Descriptors() = default;
};

// The standard requests (USB 2.0, 9.4) of a device with one configuration,
// interfaces with only alternate setting 0, and at most one bulk IN
// endpoint besides endpoint 0.
class StandardRequests {
public:
    StandardRequests(Descriptors& descriptors, uint8_t interfaces, uint8_t bulk_in_endpoint /* 0: none */)
        : descriptors_(descriptors), interfaces_(interfaces), bulk_in_(bulk_in_endpoint) {}

    ControlReply handle(const ControlRequest& request, uint8_t* in, uint16_t in_capacity);
    // A bus reset: the device is unconfigured again.
    void reset();

    [[nodiscard]] uint8_t configuration() const { return configuration_; }
    [[nodiscard]] bool configured() const { return configuration_ != 0; }
    [[nodiscard]] bool bulk_halted() const { return bulk_halted_; }

private:
    ControlReply get_descriptor(const ControlRequest& request, uint8_t* in, uint16_t in_capacity);
    ControlReply get_status(const ControlRequest& request, uint8_t* in, uint16_t in_capacity);
    ControlReply set_configuration(uint16_t value);
    ControlReply endpoint_feature(const ControlRequest& request, bool set);
    [[nodiscard]] bool is_interface(uint16_t index) const { return index < interfaces_; }

    Descriptors& descriptors_;
    uint8_t interfaces_;
    uint8_t bulk_in_;
    uint8_t configuration_ = 0;
    bool bulk_halted_ = false;
};

// Copies min(length, wLength, capacity) bytes: an IN answer never exceeds
// what the host asked for (USB 2.0, 9.3.5).
ControlReply answer(const uint8_t* bytes, uint16_t length, uint16_t w_length, uint8_t* in, uint16_t in_capacity);

}  // namespace fw::usb
