#include "fw/app/capture_protocol.hpp"

#include "fw/app/wire.hpp"

namespace fw::app {

const char* error_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::none: return "none";
        case ErrorCode::sensor_fault: return "sensor_fault";
        case ErrorCode::busy: return "busy";
        case ErrorCode::bad_request: return "bad_request";
        case ErrorCode::not_configured: return "not_configured";
    }
    return "unknown";
}

void encode_header(const MessageHeader& header, uint8_t out[kHeaderLength]) {
    put_le32(out + 0, kMessageMagic);
    put_le16(out + 4, kHeaderLength);
    put_le16(out + 6, static_cast<uint16_t>(header.type));
    put_le32(out + 8, header.sequence);
    put_le32(out + 12, header.timestamp_ms);
    put_le16(out + 16, header.width);
    put_le16(out + 18, header.height);
    put_le32(out + 20, header.payload_length);
}

void encode_info(const Info& info, uint8_t out[kInfoLength]) {
    put_le16(out + 0, kProtocolVersion);
    put_le16(out + 2, kInfoLength);
    out[4] = info.version.major;
    out[5] = info.version.minor;
    put_le16(out + 6, info.version.patch);
    put_le32(out + 8, info.version.build);
    bool ended = false;
    for (uint8_t i = 0; i < kSerialLength; ++i) {
        ended = ended || info.serial[i] == '\0';
        out[12 + i] = ended ? 0 : static_cast<uint8_t>(info.serial[i]);
    }
    put_le16(out + 28, info.geometry.width);
    put_le16(out + 30, info.geometry.height);
    put_le16(out + 32, info.geometry.ppi);
    out[34] = 8;  // bits per pixel
    out[35] = info.test_boot ? 1 : 0;
    put_le32(out + 36, info.geometry.frame_interval_us);
    put_le32(out + 40, largest_message(info.geometry));
}

const char* slot_state_name(SlotState state) {
    switch (state) {
        case SlotState::empty: return "empty";
        case SlotState::active: return "active";
        case SlotState::pending: return "pending";
        case SlotState::testing: return "testing";
        case SlotState::confirmed: return "confirmed";
        case SlotState::inactive: return "inactive";
    }
    return "unknown";
}

void encode_boot_status(const BootStatus& status, uint8_t out[kBootStatusLength]) {
    put_le16(out + 0, kProtocolVersion);
    put_le16(out + 2, kBootStatusLength);
    out[4] = status.version.major;
    out[5] = status.version.minor;
    put_le16(out + 6, status.version.patch);
    put_le32(out + 8, status.version.build);
    put_le32(out + 12, status.security_counter);
    out[16] = status.running_slot;
    out[17] = static_cast<uint8_t>(status.state);
    out[18] = static_cast<uint8_t>(status.slots[0]);
    out[19] = static_cast<uint8_t>(status.slots[1]);
    put_le32(out + 20, status.last_refusal);
}

void encode_error(const ErrorReport& report, uint8_t out[kErrorReportLength]) {
    put_le16(out + 0, static_cast<uint16_t>(report.code));
    put_le16(out + 2, report.detail);
    put_le32(out + 4, report.sequence);
}

}  // namespace fw::app
