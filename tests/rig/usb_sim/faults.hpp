// Faults usb-sim can play on the bus (--fault KIND@N), so the station's
// driver meets what a broken cable, a confused device or a lying one sends.
// Stream faults fire once, on the first bulk message whose sequence number
// is N (N counts from 0 in each roll):
//   unplug      the device dies instead of sending message N: every request
//               then fails with ENODEV, as after a disconnect (its node
//               stays in sysfs: umockdev cannot drop a node held open)
//   stall       the bulk endpoint halts instead (URB status -EPIPE) until CLEAR_HALT
//   sequence    message N carries the sequence number N-1 (N >= 1)
//   short       message N is cut after 100 bytes (a short packet ends it)
//   oversized   message N runs 8 packets past its announced length
// Update fault:
//   power-cut   the device loses power as DFU_DNLOAD block N arrives: that
//               request and every later one fail as after a disconnect; the
//               flash keeps what was written before (--dump-flash saves it,
//               and --flash starts the next usb-sim from it)
// Description faults (N is ignored):
//   lying-info         GET_INFO claims a largest message of 4096 bytes, too small for a frame
//   lying-descriptors  the capture interface's bulk endpoint shows as 0x82 instead of 0x81
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "scanner_model.hpp"

namespace usbsim {

enum class FaultKind { unplug, stall, sequence, short_message, oversized, lying_info, lying_descriptors, power_cut };

struct Fault {
    FaultKind kind = FaultKind::stall;
    std::uint32_t at = 0;
};

// "stall@5" → {stall, 5}; an error names what is wrong with `text`.
std::optional<Fault> parse_fault(const std::string& text, std::string& error);

struct BulkEvent {
    enum class Kind { packet, nothing, stall, unplug } kind = Kind::nothing;
    Bytes packet;
};

// Bulk IN as the host sees it: the model's packets, with the fault applied.
class FaultyBus {
public:
    explicit FaultyBus(std::optional<Fault> fault) : fault_(fault) {}

    BulkEvent next_packet(ScannerModel& model);
    void edit_control(const Setup& setup, ControlAnswer& answer) const;
    void edit_identity(Identity& id) const;
    // power-cut: true when this request is the DNLOAD the power fails at.
    bool cuts_power(const Setup& setup);

private:
    std::optional<Bytes> raw(ScannerModel& model);
    void drop_rest_of_message(ScannerModel& model);
    bool fires_on(const Bytes& first_packet);
    BulkEvent play(Bytes packet, ScannerModel& model);

    std::optional<Fault> fault_;
    bool fired_ = false;
    bool at_message_start_ = true;
    bool overrun_pending_ = false;  // oversized: the message's end is to be pushed out
    std::deque<Bytes> queued_;
};

}  // namespace usbsim
