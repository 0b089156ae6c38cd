#include "fw/app/scanner.hpp"

#include "fw/app/descriptors.hpp"

namespace fw::app {
namespace {

// USB 2.0, 9.4: standard request codes and the bmRequestType fields.
enum class StdRequest : uint8_t {
    get_status = 0,
    clear_feature = 1,
    set_feature = 3,
    set_address = 5,
    get_descriptor = 6,
    get_configuration = 8,
    set_configuration = 9,
    get_interface = 10,
    set_interface = 11,
};
constexpr uint8_t kTypeMask = 0x60;
constexpr uint8_t kTypeStandard = 0x00;
constexpr uint8_t kTypeClass = 0x20;
constexpr uint8_t kTypeVendor = 0x40;
constexpr uint8_t kRecipientMask = 0x1F;
constexpr uint8_t kToDevice = 0, kToInterface = 1, kToEndpoint = 2;
constexpr uint16_t kEndpointHalt = 0;

usb::ControlReply copy_out(const uint8_t* bytes, uint16_t length, uint16_t w_length, uint8_t* in,
                           uint16_t in_capacity) {
    uint16_t n = length < w_length ? length : w_length;
    n = n < in_capacity ? n : in_capacity;
    for (uint16_t i = 0; i < n; ++i) in[i] = bytes[i];
    return usb::ControlReply::data(n);
}

bool is_interface(uint16_t index) { return index == kCaptureInterface || index == kDfuRuntimeInterface; }

}  // namespace

Info scanner_info(const ScannerConfig& config, const SensorGeometry& geometry) {
    return Info{config.version, config.serial, geometry, config.test_boot};
}

Scanner::Scanner(ScannerPorts ports, const ScannerConfig& config)
    : ports_(ports),
      config_(config),
      capture_(ports.sensor, ports.bulk, ports.timer, scanner_info(config, ports.sensor.geometry())),
      runtime_(kDfuRuntimeInterface) {}

usb::ControlReply Scanner::control(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    const uint8_t type = request.bmRequestType & kTypeMask;
    if (type == kTypeStandard) return standard(request, in, in_capacity);
    if (type == kTypeVendor) return capture_.handle(request, configured(), in, in_capacity);
    if (type == kTypeClass && (request.bmRequestType & kRecipientMask) == kToInterface &&
        request.wIndex == kDfuRuntimeInterface && configured()) {
        return runtime_.handle(request, in, in_capacity);
    }
    return usb::ControlReply::stalled();
}

usb::ControlReply Scanner::standard(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    const uint8_t recipient = request.bmRequestType & kRecipientMask;
    switch (static_cast<StdRequest>(request.bRequest)) {
        case StdRequest::get_descriptor:
            if (recipient == kToDevice && request.device_to_host()) return get_descriptor(request, in, in_capacity);
            break;
        case StdRequest::get_status:
            if (request.device_to_host()) return get_status(request, in, in_capacity);
            break;
        case StdRequest::set_address:
            // The address itself is the USB peripheral's job (after the status stage).
            if (recipient == kToDevice && request.wValue <= 127) return usb::ControlReply::ack();
            break;
        case StdRequest::get_configuration:
            if (recipient == kToDevice && request.device_to_host()) {
                return copy_out(&configuration_, 1, request.wLength, in, in_capacity);
            }
            break;
        case StdRequest::set_configuration:
            if (recipient == kToDevice && !request.device_to_host()) return set_configuration(request.wValue);
            break;
        case StdRequest::get_interface:
            if (recipient == kToInterface && configured() && is_interface(request.wIndex)) {
                const uint8_t alternate = 0;
                return copy_out(&alternate, 1, request.wLength, in, in_capacity);
            }
            break;
        case StdRequest::set_interface:
            // Each interface has only alternate setting 0.
            if (recipient == kToInterface && configured() && is_interface(request.wIndex) && request.wValue == 0) {
                return usb::ControlReply::ack();
            }
            break;
        case StdRequest::clear_feature:
        case StdRequest::set_feature:
            if (recipient == kToEndpoint) {
                return endpoint_feature(request, request.bRequest == static_cast<uint8_t>(StdRequest::set_feature));
            }
            break;
    }
    return usb::ControlReply::stalled();
}

usb::ControlReply Scanner::get_descriptor(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    const auto type = static_cast<DescriptorType>(request.wValue >> 8);
    const auto index = static_cast<uint8_t>(request.wValue & 0xFF);
    uint8_t buffer[kConfigurationLength + 32] = {};
    uint16_t length = 0;
    if (type == DescriptorType::device && index == 0) {
        device_descriptor(config_.version, buffer);
        length = kDeviceDescriptorLength;
    } else if (type == DescriptorType::configuration && index == 0) {
        configuration_descriptor(buffer);
        length = kConfigurationLength;
    } else if (type == DescriptorType::device_qualifier && index == 0) {
        device_qualifier(buffer);
        length = kQualifierLength;
    } else if (type == DescriptorType::string) {
        length = string_descriptor(index, config_.serial, buffer, sizeof buffer);
    }
    if (length == 0) return usb::ControlReply::stalled();
    return copy_out(buffer, length, request.wLength, in, in_capacity);
}

usb::ControlReply Scanner::get_status(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    const uint8_t recipient = request.bmRequestType & kRecipientMask;
    uint8_t status[2] = {0, 0};  // bus powered, no remote wake-up
    if (recipient == kToInterface && !is_interface(request.wIndex)) return usb::ControlReply::stalled();
    if (recipient == kToEndpoint) {
        if (request.wIndex == kBulkInEndpoint) {
            status[0] = bulk_halted_ ? 1 : 0;
        } else if ((request.wIndex & 0x7F) != 0) {
            return usb::ControlReply::stalled();
        }
    } else if (recipient != kToDevice && recipient != kToInterface) {
        return usb::ControlReply::stalled();
    }
    return copy_out(status, 2, request.wLength, in, in_capacity);
}

usb::ControlReply Scanner::set_configuration(uint16_t value) {
    if (value > 1) return usb::ControlReply::stalled();
    if (value != configuration_) {
        capture_.abandon();
        bulk_halted_ = false;
    }
    configuration_ = static_cast<uint8_t>(value);
    return usb::ControlReply::ack();
}

usb::ControlReply Scanner::endpoint_feature(const usb::ControlRequest& request, bool set) {
    if (request.wValue != kEndpointHalt || request.wIndex != kBulkInEndpoint || !configured()) {
        return usb::ControlReply::stalled();
    }
    bulk_halted_ = set;
    return usb::ControlReply::ack();
}

void Scanner::bus_reset() {
    configuration_ = 0;
    bulk_halted_ = false;
    capture_.abandon();
    runtime_.detach_timed_out();
}

void Scanner::poll() {
    if (configured() && !bulk_halted_) capture_.pump(kPacketsPerTurn);
    ports_.watchdog.kick();
}

}  // namespace fw::app
