// USB DFU 1.1 numbers: requests, states, status codes, attributes
// (USB Device Class Specification for Device Firmware Upgrade 1.1, 3 and 6).
#pragma once

#include <stdint.h>

namespace fw::dfu {

enum class Request : uint8_t {
    detach = 0,
    dnload = 1,
    upload = 2,
    getstatus = 3,
    clrstatus = 4,
    getstate = 5,
    abort = 6,
};

enum class State : uint8_t {
    app_idle = 0,
    app_detach = 1,
    dfu_idle = 2,
    dnload_sync = 3,
    dnbusy = 4,
    dnload_idle = 5,
    manifest_sync = 6,
    manifest = 7,
    manifest_wait_reset = 8,
    upload_idle = 9,
    error = 10,
};

enum class Status : uint8_t {
    ok = 0x00,
    err_target = 0x01,
    err_file = 0x02,
    err_write = 0x03,
    err_erase = 0x04,
    err_check_erased = 0x05,
    err_prog = 0x06,
    err_verify = 0x07,
    err_address = 0x08,
    err_notdone = 0x09,
    err_firmware = 0x0A,
    err_vendor = 0x0B,
    err_usbr = 0x0C,
    err_por = 0x0D,
    err_unknown = 0x0E,
    err_stalledpkt = 0x0F,
};

// bmRequestType of class requests to an interface (USB 2.0, 9.3.1).
inline constexpr uint8_t kRequestOut = 0x21;  // host-to-device, class, interface
inline constexpr uint8_t kRequestIn = 0xA1;   // device-to-host, class, interface

// bmAttributes bits of the DFU functional descriptor (DFU 1.1, 4.1.3).
inline constexpr uint8_t kCanDnload = 1u << 0;
inline constexpr uint8_t kCanUpload = 1u << 1;
inline constexpr uint8_t kManifestationTolerant = 1u << 2;
inline constexpr uint8_t kWillDetach = 1u << 3;

inline constexpr uint16_t kDfuVersion = 0x0110;   // bcdDFUVersion
inline constexpr uint8_t kFunctionalType = 0x21;  // DFU FUNCTIONAL descriptor
inline constexpr uint8_t kInterfaceClass = 0xFE;  // application specific
inline constexpr uint8_t kInterfaceSubclass = 0x01;
inline constexpr uint8_t kProtocolRuntime = 0x01;
inline constexpr uint8_t kProtocolDfuMode = 0x02;
inline constexpr uint8_t kStatusLength = 6;       // DFU_GETSTATUS answer

// The DFU_GETSTATUS answer (DFU 1.1, 6.1.2: bStatus, 3-byte bwPollTimeout,
// bState, iString 0) and the DFU_GETSTATE one, cut to `capacity` bytes;
// each returns how many it wrote.
uint16_t encode_status(Status status, uint32_t poll_ms, State state, uint8_t* out, uint16_t capacity);
uint16_t encode_state(State state, uint8_t* out, uint16_t capacity);

// The names dfu-util and the spec use ("dfuDNBUSY", "errVERIFY").
const char* state_name(State state);
const char* status_name(Status status);

}  // namespace fw::dfu
