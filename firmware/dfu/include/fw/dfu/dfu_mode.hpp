// The DFU-mode interface of the bootloader (DFU 1.1, 6 and appendix A.2):
// a state machine over control requests and a Target. Pure logic: no USB
// hardware, no heap; the USB layer feeds it requests and, once the status
// stage of a GETSTATUS is sent, calls complete_pending() to do the slow
// flash work that the reported bwPollTimeout announced.
#pragma once

#include <stdint.h>

#include "fw/dfu/protocol.hpp"
#include "fw/dfu/target.hpp"
#include "fw/usb/control.hpp"

namespace fw::dfu {

// Largest DNLOAD/UPLOAD block (wTransferSize). 1 KiB: a flash page on most
// Cortex-M3 parts, 16 full-speed control packets, and little RAM.
inline constexpr uint16_t kTransferSize = 1024;

struct DfuModeConfig {
    uint8_t interface_number = 0;
    bool manifestation_tolerant = true;
};

class DfuMode {
public:
    DfuMode(Target& target, DfuModeConfig config);

    // Answers one control request addressed to the DFU interface. IN data
    // goes to `in` (at least `in_capacity` bytes; a GETSTATUS needs 6).
    usb::ControlReply handle(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity);

    // Runs the flash work announced by the last GETSTATUS (programming a
    // block, or manifestation). No-op when nothing is pending.
    void complete_pending();

    // A USB reset: from dfuMANIFEST-WAIT-RESET the bootloader restarts; in
    // any other state the download in progress is forgotten.
    void bus_reset();

    [[nodiscard]] State state() const { return state_; }
    [[nodiscard]] Status status() const { return status_; }
    // Why the last manifestation refused the image (ok if none did).
    [[nodiscard]] ImageReason last_refusal() const { return refusal_; }
    [[nodiscard]] uint32_t downloaded() const { return offset_; }
    [[nodiscard]] bool manifested() const { return manifested_; }

private:
    enum class Pending : uint8_t { none, block, manifest };

    usb::ControlReply dispatch(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity);
    usb::ControlReply on_dnload(const usb::ControlRequest& request);
    usb::ControlReply on_upload(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity);
    usb::ControlReply on_getstatus(uint8_t* in, uint16_t in_capacity);
    usb::ControlReply on_getstate(uint8_t* in, uint16_t in_capacity);
    usb::ControlReply accept_block(const usb::ControlRequest& request);
    usb::ControlReply fail(Status status);
    uint32_t begin_pending_work();
    void program_block();
    void run_manifestation();
    void restart();

    Target& target_;
    DfuModeConfig config_;
    State state_ = State::dfu_idle;
    Status status_ = Status::ok;
    ImageReason refusal_ = ImageReason::ok;
    Pending pending_ = Pending::none;
    bool erased_ = false;
    bool manifested_ = false;
    uint16_t next_block_ = 0;
    uint32_t offset_ = 0;  // bytes downloaded (or uploaded) so far
    uint16_t block_length_ = 0;
    uint8_t block_[kTransferSize] = {};
};

}  // namespace fw::dfu
