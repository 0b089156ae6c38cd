#include "fw/usb/device.hpp"

namespace fw::usb {
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
constexpr uint8_t kRecipientMask = 0x1F;
constexpr uint8_t kToDevice = 0, kToInterface = 1, kToEndpoint = 2;
constexpr uint16_t kEndpointHalt = 0;
// The largest descriptor any of our devices sends (the application's
// configuration, 43 bytes; a 31-character string, 64).
constexpr uint16_t kDescriptorBuffer = 96;

}  // namespace

ControlReply StandardRequests::handle(const ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    const uint8_t recipient = request.bmRequestType & kRecipientMask;
    const bool to_host = request.device_to_host();
    switch (static_cast<StdRequest>(request.bRequest)) {
        case StdRequest::get_descriptor:
            if (recipient == kToDevice && to_host) return get_descriptor(request, in, in_capacity);
            break;
        case StdRequest::get_status:
            if (to_host) return get_status(request, in, in_capacity);
            break;
        case StdRequest::set_address:
            // The address itself is the USB peripheral's job (after the status stage).
            if (recipient == kToDevice && !to_host && request.wValue <= 127) return ControlReply::ack();
            break;
        case StdRequest::get_configuration:
            if (recipient == kToDevice && to_host) return answer(&configuration_, 1, request.wLength, in, in_capacity);
            break;
        case StdRequest::set_configuration:
            if (recipient == kToDevice && !to_host) return set_configuration(request.wValue);
            break;
        case StdRequest::get_interface:
            if (recipient == kToInterface && to_host && configured() && is_interface(request.wIndex)) {
                const uint8_t alternate = 0;
                return answer(&alternate, 1, request.wLength, in, in_capacity);
            }
            break;
        case StdRequest::set_interface:
            if (recipient == kToInterface && !to_host && configured() && is_interface(request.wIndex) &&
                request.wValue == 0) {
                return ControlReply::ack();
            }
            break;
        case StdRequest::clear_feature:
        case StdRequest::set_feature:
            if (recipient == kToEndpoint && !to_host) {
                return endpoint_feature(request, request.bRequest == static_cast<uint8_t>(StdRequest::set_feature));
            }
            break;
    }
    return ControlReply::stalled();
}

ControlReply StandardRequests::get_descriptor(const ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    uint8_t buffer[kDescriptorBuffer] = {};
    const auto type = static_cast<DescriptorType>(request.wValue >> 8);
    const auto index = static_cast<uint8_t>(request.wValue & 0xFF);
    const uint16_t length = descriptors_.get(type, index, buffer, sizeof buffer);
    if (length == 0 || length > sizeof buffer) return ControlReply::stalled();
    return answer(buffer, length, request.wLength, in, in_capacity);
}

ControlReply StandardRequests::get_status(const ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    const uint8_t recipient = request.bmRequestType & kRecipientMask;
    uint8_t status[2] = {0, 0};  // bus powered, no remote wake-up, not halted
    if (recipient == kToInterface && !is_interface(request.wIndex)) return ControlReply::stalled();
    if (recipient == kToEndpoint) {
        if (bulk_in_ != 0 && request.wIndex == bulk_in_) {
            status[0] = bulk_halted_ ? 1 : 0;
        } else if ((request.wIndex & 0x7F) != 0) {
            return ControlReply::stalled();
        }
    } else if (recipient != kToDevice && recipient != kToInterface) {
        return ControlReply::stalled();
    }
    return answer(status, 2, request.wLength, in, in_capacity);
}

ControlReply StandardRequests::set_configuration(uint16_t value) {
    if (value > 1) return ControlReply::stalled();
    if (value != configuration_) bulk_halted_ = false;
    configuration_ = static_cast<uint8_t>(value);
    return ControlReply::ack();
}

ControlReply StandardRequests::endpoint_feature(const ControlRequest& request, bool set) {
    if (request.wValue != kEndpointHalt || bulk_in_ == 0 || request.wIndex != bulk_in_ || !configured()) {
        return ControlReply::stalled();
    }
    bulk_halted_ = set;
    return ControlReply::ack();
}

void StandardRequests::reset() {
    configuration_ = 0;
    bulk_halted_ = false;
}

}  // namespace fw::usb
