#include "fw/dfu/runtime.hpp"

namespace fw::dfu {

usb::ControlReply Runtime::handle(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    const auto kind = static_cast<Request>(request.bRequest);
    const bool ours = request.wIndex == interface_;
    // An IN answer never exceeds what the host asked for (USB 2.0, 9.3.5).
    if (request.wLength < in_capacity) in_capacity = request.wLength;
    if (ours && kind == Request::getstatus && request.bmRequestType == kRequestIn) {
        return usb::ControlReply::data(encode_status(Status::ok, 0, state_, in, in_capacity));
    }
    if (ours && kind == Request::getstate && request.bmRequestType == kRequestIn) {
        return usb::ControlReply::data(encode_state(state_, in, in_capacity));
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
