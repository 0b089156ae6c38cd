#include "fw/dfu/runtime.hpp"

namespace fw::dfu {

usb::ControlReply Runtime::handle(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    const auto kind = static_cast<Request>(request.bRequest);
    const bool ours = request.wIndex == interface_;
    // An IN answer never exceeds what the host asked for (USB 2.0, 9.3.5).
    if (request.wLength < in_capacity) in_capacity = request.wLength;
    if (ours && kind == Request::getstatus && request.bmRequestType == kRequestIn) {
        const uint8_t answer[kStatusLength] = {static_cast<uint8_t>(Status::ok), 0, 0, 0,
                                               static_cast<uint8_t>(state_), 0};
        const uint16_t n = in_capacity < kStatusLength ? in_capacity : kStatusLength;
        for (uint16_t i = 0; i < n && in != nullptr; ++i) in[i] = answer[i];
        return usb::ControlReply::data(in == nullptr ? 0 : n);
    }
    if (ours && kind == Request::getstate && request.bmRequestType == kRequestIn) {
        if (in == nullptr || in_capacity == 0) return usb::ControlReply::data(0);
        in[0] = static_cast<uint8_t>(state_);
        return usb::ControlReply::data(1);
    }
    if (ours && kind == Request::detach && request.bmRequestType == kRequestOut && state_ == State::app_idle) {
        state_ = State::app_detach;
        return usb::ControlReply::ack();
    }
    // appIDLE stalls anything else and stays; appDETACH returns to appIDLE
    // (DFU 1.1, A.1.1 and A.1.2).
    state_ = State::app_idle;
    return usb::ControlReply::stalled();
}

}  // namespace fw::dfu
