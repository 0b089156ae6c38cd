#include "station/fwupdate/image.hpp"

#include <algorithm>

namespace station::fwupdate {

namespace {

constexpr std::uint32_t kMagic = 0x464E4353;  // "SCNF"
constexpr std::uint16_t kHeaderSize = 256;
constexpr std::uint16_t kFormat = 1;
constexpr std::uint16_t kTlvMagic = 0x5446;
constexpr std::uint16_t kTlvSha256 = 0x0010, kTlvKeyId = 0x0001, kTlvEd25519 = 0x0024;
// The scanner's slot (512 KiB) less its trailer sector, and its load window.
constexpr std::uint64_t kSlotCapacity = 512 * 1024 - 4096;
constexpr std::uint64_t kLoadWindowStart = 0x20010000, kLoadWindowSize = 0x80000;

std::uint16_t le16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | b[at + 1] << 8);
}
std::uint32_t le32(std::span<const std::uint8_t> b, std::size_t at) {
  return le16(b, at) | std::uint32_t{le16(b, at + 2)} << 16;
}

hal::Error refused(const std::string& name, const std::string& reason, const std::string& detail) {
  return hal::make_error(hal::ErrorCode::kCorrupt, "firmware image " + name + " is refused: " + reason + " (" +
                                                       detail + ")");
}

hal::Status check_header(std::span<const std::uint8_t> b, FirmwareImage& img, const std::string& name) {
  if (b.size() < kHeaderSize) {
    return refused(name, "truncated", "the file has " + std::to_string(b.size()) + " bytes, less than a header");
  }
  if (le32(b, 0) != kMagic) return refused(name, "bad_magic", "it does not start with SCNF");
  if (le16(b, 4) != kHeaderSize) return refused(name, "bad_header_size", "header size " + std::to_string(le16(b, 4)));
  if (le16(b, 6) != kFormat) return refused(name, "unsupported_format", "format " + std::to_string(le16(b, 6)));
  img.load_address = le32(b, 8);
  img.image_size = le32(b, 12);
  if (img.image_size == 0) return refused(name, "empty_image", "no payload");
  if (std::uint64_t{kHeaderSize} + img.image_size + 4 > kSlotCapacity) {
    return refused(name, "image_too_large", std::to_string(img.image_size) + " payload bytes do not fit a slot");
  }
  if (img.load_address < kLoadWindowStart ||
      std::uint64_t{img.load_address} + img.image_size > kLoadWindowStart + kLoadWindowSize) {
    return refused(name, "bad_load_address", "load address outside the scanner's load window");
  }
  img.version = {b[0x10], b[0x11], le16(b, 0x12), le32(b, 0x14)};
  img.security_counter = le32(b, 0x18);
  if (le32(b, 0x1C) != 0) return refused(name, "bad_flags", "flags " + std::to_string(le32(b, 0x1C)));
  if (std::any_of(b.begin() + 0x20, b.begin() + kHeaderSize, [](std::uint8_t x) { return x != 0; })) {
    return refused(name, "reserved_not_zero", "the reserved header bytes are not all zero");
  }
  img.signed_length = kHeaderSize + std::size_t{img.image_size};
  return {};
}

std::size_t wanted_length(std::uint16_t type) {
  return type == kTlvSha256 ? 32 : type == kTlvKeyId ? 8 : 64;
}

hal::Status check_entries(std::span<const std::uint8_t> b, std::size_t t, std::size_t end, FirmwareImage& img,
                          const std::string& name) {
  bool seen[3] = {false, false, false};
  for (std::size_t at = t + 4; at < end;) {
    if (at + 4 > end || at + 4 + le16(b, at + 2) > end) {
      return refused(name, "tlv_entry_out_of_bounds", "an entry at offset " + std::to_string(at) + " runs past the trailer");
    }
    const std::uint16_t type = le16(b, at), length = le16(b, at + 2);
    const int slot = type == kTlvSha256 ? 0 : type == kTlvKeyId ? 1 : type == kTlvEd25519 ? 2 : -1;
    if (slot < 0) return refused(name, "unknown_tlv", "entry type " + std::to_string(type));
    if (seen[slot]) return refused(name, "duplicate_tlv", "entry type " + std::to_string(type) + " twice");
    if (length != wanted_length(type)) {
      return refused(name, "bad_tlv_length", "entry type " + std::to_string(type) + " of " + std::to_string(length) + " bytes");
    }
    seen[slot] = true;
    const auto value = b.subspan(at + 4, length);
    if (slot == 0) std::copy(value.begin(), value.end(), img.sha256.begin());
    if (slot == 1) std::copy(value.begin(), value.end(), img.key_id.begin());
    if (slot == 2) std::copy(value.begin(), value.end(), img.signature.begin());
    at += 4 + length;
  }
  if (!seen[0]) return refused(name, "missing_hash", "no SHA256 entry");
  if (!seen[1]) return refused(name, "missing_key_id", "no KEYID entry");
  if (!seen[2]) return refused(name, "missing_signature", "no ED25519 entry");
  return {};
}

}  // namespace

std::string to_string(const FirmwareVersion& v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch) + "+" +
         std::to_string(v.build);
}

std::string hex(std::span<const std::uint8_t> bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::uint8_t x : bytes) {
    out.push_back(digits[x >> 4]);
    out.push_back(digits[x & 15]);
  }
  return out;
}

hal::Result<FirmwareImage> parse_image(std::span<const std::uint8_t> b, const std::string& name) {
  FirmwareImage img;
  HAL_TRY(check_header(b, img, name));
  const std::size_t t = img.signed_length;
  if (t + 4 > b.size()) return refused(name, "truncated", "the file ends before the TLV trailer");
  if (le16(b, t) != kTlvMagic) return refused(name, "bad_tlv_magic", "no TLV trailer after the payload");
  const std::size_t total = le16(b, t + 2);
  if (total < 4 || t + total > kSlotCapacity || t + total > b.size()) {
    return refused(name, "tlv_area_out_of_bounds", "a trailer of " + std::to_string(total) + " bytes");
  }
  if (t + total != b.size()) {
    return refused(name, "trailing_bytes", std::to_string(b.size() - t - total) + " bytes after the TLV trailer");
  }
  HAL_TRY(check_entries(b, t, t + total, img, name));
  img.total_length = t + total;
  return img;
}

}  // namespace station::fwupdate
