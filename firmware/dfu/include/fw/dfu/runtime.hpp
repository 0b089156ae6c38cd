// The DFU run-time interface of the application (DFU 1.1, 5 and A.1):
// appIDLE, DETACH to appDETACH, after which the application resets itself
// into the bootloader (bitWillDetach).
#pragma once

#include <stdint.h>

#include "fw/dfu/protocol.hpp"
#include "fw/usb/control.hpp"

namespace fw::dfu {

class Runtime {
public:
    explicit Runtime(uint8_t interface_number) : interface_(interface_number) {}

    usb::ControlReply handle(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity);

    // True once DETACH was accepted: after the status stage the application
    // resets into the bootloader's DFU mode.
    [[nodiscard]] bool detach_requested() const { return state_ == State::app_detach; }
    // wDetachTimeOut elapsed without the reset: back to normal operation.
    void detach_timed_out() { state_ = State::app_idle; }
    [[nodiscard]] State state() const { return state_; }

private:
    uint8_t interface_;
    State state_ = State::app_idle;
};

}  // namespace fw::dfu
