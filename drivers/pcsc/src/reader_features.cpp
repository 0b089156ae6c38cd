#include "reader_features.hpp"

#include <PCSC/reader.h>

namespace drivers::pcsc {

std::optional<std::uint32_t> find_feature(hal::ByteView features, std::uint8_t feature) {
  for (std::size_t at = 0; at + 6 <= features.size(); at += 6) {
    if (features[at] != feature || features[at + 1] != 4) continue;
    return static_cast<std::uint32_t>(features[at + 2]) << 24 | static_cast<std::uint32_t>(features[at + 3]) << 16 |
           static_cast<std::uint32_t>(features[at + 4]) << 8 | features[at + 5];
  }
  return std::nullopt;
}

std::optional<std::uint32_t> find_tlv_property(hal::ByteView properties, std::uint8_t tag) {
  for (std::size_t at = 0; at + 2 <= properties.size();) {
    const std::size_t length = properties[at + 1];
    if (at + 2 + length > properties.size()) return std::nullopt;
    if (properties[at] == tag && length <= 4) {
      std::uint32_t value = 0;
      for (std::size_t i = 0; i < length; ++i) value |= static_cast<std::uint32_t>(properties[at + 2 + i]) << (8 * i);
      return value;
    }
    at += 2 + length;
  }
  return std::nullopt;
}

namespace {

std::optional<hal::Bytes> control(SCARDHANDLE card, DWORD code) {
  hal::Bytes answer(MAX_BUFFER_SIZE);
  DWORD length = 0;
  if (SCardControl(card, code, nullptr, 0, answer.data(), static_cast<DWORD>(answer.size()), &length) !=
      SCARD_S_SUCCESS) {
    return std::nullopt;
  }
  answer.resize(length);
  return answer;
}

}  // namespace

std::optional<std::size_t> query_reader_apdu_limit(SCARDHANDLE card) {
  if (auto features = control(card, CM_IOCTL_GET_FEATURE_REQUEST)) {
    if (auto code = find_feature(*features, FEATURE_GET_TLV_PROPERTIES)) {
      if (auto properties = control(card, *code)) {
        if (auto limit = find_tlv_property(*properties, PCSCv2_PART10_PROPERTY_dwMaxAPDUDataSize)) return *limit;
      }
    }
  }
  std::uint8_t value[4] = {};
  DWORD length = sizeof value;
  if (SCardGetAttrib(card, SCARD_ATTR_MAXINPUT, value, &length) == SCARD_S_SUCCESS && length == sizeof value) {
    // A little-endian count of whole-APDU bytes (the CCID driver's message
    // limit): header, Lc and Le fields take up to 9 of them.
    const std::uint32_t apdu = static_cast<std::uint32_t>(value[0]) | static_cast<std::uint32_t>(value[1]) << 8 |
                               static_cast<std::uint32_t>(value[2]) << 16 | static_cast<std::uint32_t>(value[3]) << 24;
    return apdu > 9 ? apdu - 9 : 0;
  }
  return std::nullopt;
}

}  // namespace drivers::pcsc
