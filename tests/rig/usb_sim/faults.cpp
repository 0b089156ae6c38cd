#include "faults.hpp"

#include <cstdlib>
#include <utility>

namespace usbsim {

namespace {

constexpr std::size_t kPacket = 512;
constexpr std::size_t kShortCut = 100;
constexpr int kOverrunPackets = 8;
constexpr std::uint32_t kLyingLargest = 4096;

bool stream_fault(FaultKind k) {
    return k != FaultKind::lying_info && k != FaultKind::lying_descriptors && k != FaultKind::power_cut;
}

std::uint32_t le32(const Bytes& b, std::size_t at) {
    return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | std::uint32_t{b[at + 3]} << 24;
}

void put_le32(std::uint8_t* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

}  // namespace

std::optional<Fault> parse_fault(const std::string& text, std::string& error) {
    static const std::pair<const char*, FaultKind> kinds[] = {
        {"unplug", FaultKind::unplug},         {"stall", FaultKind::stall},
        {"sequence", FaultKind::sequence},     {"short", FaultKind::short_message},
        {"oversized", FaultKind::oversized},   {"lying-info", FaultKind::lying_info},
        {"lying-descriptors", FaultKind::lying_descriptors}, {"power-cut", FaultKind::power_cut}};
    const std::string name = text.substr(0, text.find('@'));
    const std::string number = text.find('@') == std::string::npos ? "0" : text.substr(text.find('@') + 1);
    char* end = nullptr;
    const unsigned long at = std::strtoul(number.c_str(), &end, 10);
    if (number.empty() || *end != '\0' || at > 1000000) {
        error = "--fault '" + text + "': the message number after '@' must be a whole number";
        return std::nullopt;
    }
    for (const auto& [word, kind] : kinds) {
        if (name != word) continue;
        if (kind == FaultKind::sequence && at == 0) {
            error = "--fault sequence@0: message 0 has no earlier number to repeat";
            return std::nullopt;
        }
        return Fault{kind, static_cast<std::uint32_t>(at)};
    }
    error = "--fault '" + text + "': unknown kind (unplug, stall, sequence, short, oversized, lying-info, "
            "lying-descriptors, power-cut)";
    return std::nullopt;
}

std::optional<Bytes> FaultyBus::raw(ScannerModel& model) {
    if (!queued_.empty()) {
        Bytes p = std::move(queued_.front());
        queued_.pop_front();
        return p;
    }
    return model.bulk_in_packet();
}

void FaultyBus::drop_rest_of_message(ScannerModel& model) {
    while (std::optional<Bytes> p = model.bulk_in_packet())
        if (p->size() < kPacket) return;
}

bool FaultyBus::fires_on(const Bytes& p) {
    if (fired_ || !fault_ || !stream_fault(fault_->kind) || !at_message_start_) return false;
    if (p.size() < 12 || le32(p, 0) != 0x31465352u || le32(p, 8) != fault_->at) return false;
    fired_ = true;
    return true;
}

BulkEvent FaultyBus::next_packet(ScannerModel& model) {
    std::optional<Bytes> p = raw(model);
    if (!p) return {};
    BulkEvent event = fires_on(*p) ? play(std::move(*p), model) : BulkEvent{BulkEvent::Kind::packet, std::move(*p)};
    if (event.kind == BulkEvent::Kind::packet && overrun_pending_ && event.packet.size() < kPacket) {
        // The message should end here: it goes on for more packets instead.
        overrun_pending_ = false;
        event.packet.resize(kPacket, 0xA5);
        for (int i = 0; i < kOverrunPackets; ++i) queued_.emplace_back(kPacket, 0xA5);
        queued_.emplace_back(10, 0xA5);
    }
    if (event.kind == BulkEvent::Kind::packet) at_message_start_ = event.packet.size() < kPacket;
    return event;
}

BulkEvent FaultyBus::play(Bytes packet, ScannerModel& model) {
    switch (fault_->kind) {
        case FaultKind::unplug:
            return {BulkEvent::Kind::unplug, {}};
        case FaultKind::stall:
            if (packet.size() == kPacket) drop_rest_of_message(model);
            return {BulkEvent::Kind::stall, {}};
        case FaultKind::sequence:
            put_le32(packet.data() + 8, fault_->at - 1);
            break;
        case FaultKind::short_message:
            if (packet.size() == kPacket) drop_rest_of_message(model);
            packet.resize(std::min(packet.size(), kShortCut));
            break;
        case FaultKind::oversized:
            overrun_pending_ = true;
            break;
        default:
            break;
    }
    return {BulkEvent::Kind::packet, std::move(packet)};
}

void FaultyBus::edit_control(const Setup& s, ControlAnswer& answer) const {
    constexpr std::uint8_t kVendorIn = 0xC1, kGetInfo = 0x01;
    if (!fault_ || fault_->kind != FaultKind::lying_info) return;
    if (s.bmRequestType != kVendorIn || s.bRequest != kGetInfo || answer.stalled || answer.data.size() < 44) return;
    put_le32(answer.data.data() + 40, kLyingLargest);
}

bool FaultyBus::cuts_power(const Setup& s) {
    constexpr std::uint8_t kDfuOut = 0x21, kDnload = 1;
    if (fired_ || !fault_ || fault_->kind != FaultKind::power_cut) return false;
    if (s.bmRequestType != kDfuOut || s.bRequest != kDnload || s.wLength == 0 || s.wValue != fault_->at) return false;
    fired_ = true;
    return true;
}

void FaultyBus::edit_identity(Identity& id) const {
    if (!fault_ || fault_->kind != FaultKind::lying_descriptors || id.dfu_mode) return;
    Bytes& d = id.descriptors;
    for (std::size_t i = 0; i + 2 < d.size() && d[i] > 0; i += d[i])
        if (d[i] == 7 && d[i + 1] == 5 && d[i + 2] == 0x81) d[i + 2] = 0x82;
}

}  // namespace usbsim
