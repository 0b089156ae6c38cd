// The capture protocol's two structures (firmware/PROTOCOL.md §3): the Info
// block of GET_INFO and the 24-byte header of a bulk message, decoded and
// checked against what the station can use. Every refusal names the field.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "hal/result.hpp"
#include "hal/scanner_updater.hpp"

namespace drivers::usbwire {

inline constexpr std::uint8_t kGetInfo = 0x01, kStartRoll = 0x02, kStopRoll = 0x03, kGetError = 0x04,
                               kGetBootStatus = 0x05;
inline constexpr std::uint8_t kVendorIn = 0xC1, kVendorOut = 0x41;
inline constexpr std::uint8_t kBulkIn = 0x81;
inline constexpr std::size_t kPacket = 512;
inline constexpr std::size_t kInfoLength = 44;
inline constexpr std::size_t kHeaderLength = 24;
inline constexpr std::size_t kErrorReportLength = 8;
inline constexpr std::size_t kBootStatusLength = 24;

struct DeviceInfo {
  std::uint16_t major = 0, minor = 0, patch = 0;
  std::uint32_t build = 0;
  std::string serial;
  std::uint16_t width = 0, height = 0, ppi = 0;
  bool test_image = false;
  std::uint32_t frame_interval_us = 0;
  std::uint32_t largest_message = 0;
};

enum class MessageType : std::uint16_t { kFrame = 1, kError = 2, kRollEnd = 3 };

struct MessageHeader {
  MessageType type = MessageType::kFrame;
  std::uint32_t sequence = 0;
  std::uint32_t timestamp_ms = 0;
  std::uint16_t width = 0, height = 0;
  std::uint32_t payload_length = 0;
};

struct ErrorReport {
  std::uint16_t code = 0, detail = 0;
  std::uint32_t sequence = 0;
};

// `device` names the scanner in messages ("scanner 0123… at usb:1-1").
// Errors: kProtocol (a field the protocol does not allow, or a frame size
// that disagrees with the largest message).
hal::Result<DeviceInfo> parse_info(std::span<const std::uint8_t> block, const std::string& device);

// Checks the header of one whole message of `length` bytes against `info`.
// Errors: kCorrupt (wrong magic or header length, unknown type, a payload
// length that disagrees with the bytes received or the frame size).
hal::Result<MessageHeader> parse_message(std::span<const std::uint8_t> message, const DeviceInfo& info,
                                         const std::string& device);

// The Boot status block of GET_BOOT_STATUS (serial and location are the
// caller's to fill). Errors: kProtocol naming the field out of its range.
hal::Result<hal::ScannerBootStatus> parse_boot_status(std::span<const std::uint8_t> block, const std::string& device);

ErrorReport parse_error_report(std::span<const std::uint8_t> payload);
// "sensor_fault", "busy", ... as PROTOCOL.md names the codes.
std::string error_name(std::uint16_t code);

std::string version_text(const DeviceInfo& info);  // "1.2.3+45"

}  // namespace drivers::usbwire
