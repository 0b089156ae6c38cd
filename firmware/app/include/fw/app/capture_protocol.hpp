// The capture protocol of PROTOCOL.md §3: vendor requests, the bulk message
// header, the Info block and the error report, with their encoders.
#pragma once

#include <stdint.h>

namespace fw::app {

enum class VendorRequest : uint8_t {
    get_info = 0x01,
    start_roll = 0x02,
    stop_roll = 0x03,
    get_error = 0x04,
    get_boot_status = 0x05,
};

inline constexpr uint8_t kVendorIn = 0xC1;   // device-to-host, vendor, interface
inline constexpr uint8_t kVendorOut = 0x41;  // host-to-device, vendor, interface
inline constexpr uint8_t kCaptureInterface = 0;
inline constexpr uint8_t kDfuRuntimeInterface = 1;
inline constexpr uint8_t kBulkInEndpoint = 0x81;
inline constexpr uint16_t kBulkPacketSize = 512;

inline constexpr uint16_t kProtocolVersion = 1;
inline constexpr uint32_t kMessageMagic = 0x31465352;  // "RSF1"
inline constexpr uint16_t kHeaderLength = 24;
inline constexpr uint16_t kInfoLength = 44;
inline constexpr uint16_t kErrorReportLength = 8;
inline constexpr uint8_t kSerialLength = 16;
inline constexpr uint16_t kBootStatusLength = 24;

enum class MessageType : uint16_t { frame = 1, error = 2, roll_end = 3 };

enum class ErrorCode : uint16_t { none = 0, sensor_fault = 1, busy = 2, bad_request = 3, not_configured = 4 };
const char* error_name(ErrorCode code);

struct MessageHeader {
    MessageType type = MessageType::frame;
    uint32_t sequence = 0;
    uint32_t timestamp_ms = 0;
    uint16_t width = 0;
    uint16_t height = 0;
    uint32_t payload_length = 0;
};
void encode_header(const MessageHeader& header, uint8_t out[kHeaderLength]);

struct FirmwareVersion {
    uint8_t major = 0;
    uint8_t minor = 0;
    uint16_t patch = 0;
    uint32_t build = 0;
};

struct SensorGeometry {
    uint16_t width = 0;
    uint16_t height = 0;
    uint16_t ppi = 0;
    uint32_t frame_interval_us = 0;
};

struct Info {
    FirmwareVersion version;
    const char* serial = "";  // up to kSerialLength ASCII characters
    SensorGeometry geometry;
    bool test_boot = false;
};
void encode_info(const Info& info, uint8_t out[kInfoLength]);

struct ErrorReport {
    ErrorCode code = ErrorCode::none;
    uint16_t detail = 0;
    uint32_t sequence = 0;
};
void encode_error(const ErrorReport& report, uint8_t out[kErrorReportLength]);

// What a flasher must know before it sends a byte (PROTOCOL.md §3,
// GET_BOOT_STATUS): the running image, the floor a new image must reach,
// and what each slot holds.
enum class SlotState : uint8_t {
    empty = 0,      // no image header at the slot's start
    active = 1,     // the image the status area boots permanently
    pending = 2,    // downloaded and verified, boots in test state at the next reset
    testing = 3,    // booted once in test state, not confirmed: the next reset reverts
    confirmed = 4,  // booted in test state and confirmed: promoted at the next reset
    inactive = 5,   // holds an image the status area does not name (older, or refused)
};
const char* slot_state_name(SlotState state);

enum class BootState : uint8_t { permanent = 1, test = 2 };

struct BootStatus {
    FirmwareVersion version;        // of the running image
    uint32_t security_counter = 0;  // stored floor: an image below it is refused
    uint8_t running_slot = 0;       // 0 = A, 1 = B
    BootState state = BootState::permanent;
    SlotState slots[2] = {SlotState::empty, SlotState::empty};
    uint32_t last_refusal = 0;      // IMAGE.md §5 code of the last refusal, 0 = none
};
void encode_boot_status(const BootStatus& status, uint8_t out[kBootStatusLength]);

// Header plus one frame's pixels: the largest message (Info, offset 40).
constexpr uint32_t largest_message(const SensorGeometry& g) {
    return kHeaderLength + uint32_t{g.width} * g.height;
}

}  // namespace fw::app
