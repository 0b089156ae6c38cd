#include "capture_wire.hpp"

namespace drivers::usbwire {

namespace {

constexpr std::uint32_t kMagic = 0x31465352;  // "RSF1"
constexpr std::uint16_t kProtocolVersion = 1;

std::uint16_t le16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | b[at + 1] << 8);
}
std::uint32_t le32(std::span<const std::uint8_t> b, std::size_t at) {
  return le16(b, at) | std::uint32_t{le16(b, at + 2)} << 16;
}

hal::Error lie(const std::string& device, const std::string& what) {
  return hal::make_error(hal::ErrorCode::kProtocol, device + " describes itself wrongly (GET_INFO): " + what +
                                                        "; it cannot be used for capture");
}

hal::Error bad_message(const std::string& device, const std::string& what) {
  return hal::make_error(hal::ErrorCode::kCorrupt, device + " sent a bad message on bulk IN 0x81: " + what +
                                                       "; the message was dropped");
}

}  // namespace

hal::Result<hal::ScannerBootStatus> parse_boot_status(std::span<const std::uint8_t> b, const std::string& device) {
  auto wrong = [&](const std::string& what) {
    return hal::make_error(hal::ErrorCode::kProtocol, device + " reports its boot status wrongly (GET_BOOT_STATUS): " +
                                                          what + "; nothing can be flashed on its word");
  };
  if (b.size() < kBootStatusLength) {
    return wrong("the block has " + std::to_string(b.size()) + " bytes, not " + std::to_string(kBootStatusLength));
  }
  if (le16(b, 0) != kProtocolVersion) return wrong("protocol version " + std::to_string(le16(b, 0)) + ", not 1");
  if (le16(b, 2) != kBootStatusLength) return wrong("block length " + std::to_string(le16(b, 2)) + ", not 24");
  constexpr std::uint8_t kLastSlotState = static_cast<std::uint8_t>(hal::FirmwareSlotState::kInactive);
  if (b[16] > 1) return wrong("running slot " + std::to_string(b[16]) + " (only 0 = A and 1 = B exist)");
  if (b[17] != 1 && b[17] != 2) return wrong("boot state " + std::to_string(b[17]) + " (1 permanent or 2 test)");
  for (int slot = 0; slot < 2; ++slot) {
    if (b[18 + slot] > kLastSlotState) {
      return wrong(std::string("slot ") + (slot ? "B" : "A") + " state " + std::to_string(b[18 + slot]) + " (0..5)");
    }
  }
  hal::ScannerBootStatus s;
  s.major = b[4];
  s.minor = b[5];
  s.patch = le16(b, 6);
  s.build = le32(b, 8);
  s.security_counter = le32(b, 12);
  s.running_slot = b[16];
  s.test_boot = b[17] == 2;
  s.slots = {static_cast<hal::FirmwareSlotState>(b[18]), static_cast<hal::FirmwareSlotState>(b[19])};
  s.last_refusal = le32(b, 20);
  return s;
}

hal::Result<DeviceInfo> parse_info(std::span<const std::uint8_t> b, const std::string& device) {
  if (b.size() < kInfoLength) {
    return lie(device, "the block has " + std::to_string(b.size()) + " bytes, not " + std::to_string(kInfoLength));
  }
  if (le16(b, 0) != kProtocolVersion) return lie(device, "protocol version " + std::to_string(le16(b, 0)) + ", not 1");
  if (le16(b, 2) != kInfoLength) return lie(device, "block length " + std::to_string(le16(b, 2)) + ", not 44");
  DeviceInfo info;
  info.major = b[4];
  info.minor = b[5];
  info.patch = le16(b, 6);
  info.build = le32(b, 8);
  for (std::size_t i = 12; i < 28 && b[i] != 0; ++i) info.serial.push_back(static_cast<char>(b[i]));
  info.width = le16(b, 28);
  info.height = le16(b, 30);
  info.ppi = le16(b, 32);
  info.test_image = (b[35] & 1) != 0;
  info.frame_interval_us = le32(b, 36);
  info.largest_message = le32(b, 40);
  if (b[34] != 8) return lie(device, std::to_string(b[34]) + " bits per pixel, not 8");
  if (info.width == 0 || info.height == 0) {
    return lie(device, "a " + std::to_string(info.width) + " x " + std::to_string(info.height) + " pixel sensor");
  }
  if (info.ppi == 0) return lie(device, "a resolution of 0 pixels per inch");
  if (info.frame_interval_us == 0) return lie(device, "a frame interval of 0 microseconds");
  const std::uint32_t frame_message = static_cast<std::uint32_t>(kHeaderLength) + std::uint32_t{info.width} * info.height;
  if (info.largest_message != frame_message) {
    return lie(device, "its largest message is " + std::to_string(info.largest_message) + " bytes, but a " +
                           std::to_string(info.width) + " x " + std::to_string(info.height) + " frame takes " +
                           std::to_string(frame_message));
  }
  return info;
}

hal::Result<MessageHeader> parse_message(std::span<const std::uint8_t> m, const DeviceInfo& info,
                                         const std::string& device) {
  if (m.size() < kHeaderLength) {
    return bad_message(device, "a short transfer of " + std::to_string(m.size()) + " bytes, shorter than the " +
                                   std::to_string(kHeaderLength) + "-byte header");
  }
  if (le32(m, 0) != kMagic) return bad_message(device, "no RSF1 magic at its start");
  if (le16(m, 4) != kHeaderLength) return bad_message(device, "header length " + std::to_string(le16(m, 4)));
  MessageHeader h;
  const std::uint16_t type = le16(m, 6);
  if (type < 1 || type > 3) return bad_message(device, "unknown message type " + std::to_string(type));
  h.type = static_cast<MessageType>(type);
  h.sequence = le32(m, 8);
  h.timestamp_ms = le32(m, 12);
  h.width = le16(m, 16);
  h.height = le16(m, 18);
  h.payload_length = le32(m, 20);
  const std::size_t received = m.size() - kHeaderLength;
  if (h.payload_length != received) {
    return bad_message(device, "message " + std::to_string(h.sequence) + " announces " +
                                   std::to_string(h.payload_length) + " payload bytes but " + std::to_string(received) +
                                   " came (a " + (received < h.payload_length ? "short" : "long") + " transfer)");
  }
  std::uint32_t expected = 0;
  if (h.type == MessageType::kFrame) {
    if (h.width != info.width || h.height != info.height) {
      return bad_message(device, "frame " + std::to_string(h.sequence) + " is " + std::to_string(h.width) + " x " +
                                     std::to_string(h.height) + ", the sensor " + std::to_string(info.width) + " x " +
                                     std::to_string(info.height));
    }
    expected = std::uint32_t{info.width} * info.height;
  } else if (h.type == MessageType::kError) {
    expected = kErrorReportLength;
  }
  if (h.payload_length != expected) {
    return bad_message(device, "message " + std::to_string(h.sequence) + " of type " + std::to_string(type) +
                                   " carries " + std::to_string(h.payload_length) + " bytes, not " +
                                   std::to_string(expected));
  }
  return h;
}

ErrorReport parse_error_report(std::span<const std::uint8_t> p) {
  if (p.size() < kErrorReportLength) return {};
  return {le16(p, 0), le16(p, 2), le32(p, 4)};
}

std::string error_name(std::uint16_t code) {
  switch (code) {
    case 0: return "none";
    case 1: return "sensor_fault";
    case 2: return "busy";
    case 3: return "bad_request";
    case 4: return "not_configured";
    default: return "error " + std::to_string(code);
  }
}

std::string version_text(const DeviceInfo& info) {
  return std::to_string(info.major) + "." + std::to_string(info.minor) + "." + std::to_string(info.patch) + "+" +
         std::to_string(info.build);
}

}  // namespace drivers::usbwire
