// The image format of firmware/IMAGE.md §1: constants, the parsed header and
// the named reasons a slot is refused.
#pragma once

#include <cstdint>

namespace fw::image {

inline constexpr std::uint32_t kMagic = 0x464E4353;  // "SCNF"
inline constexpr std::uint16_t kHeaderSize = 256;
inline constexpr std::uint16_t kFormat = 1;
inline constexpr std::uint32_t kFixedHeaderBytes = 0x20;  // fields before the reserved zeros
inline constexpr std::uint16_t kTlvMagic = 0x5446;
inline constexpr std::uint32_t kTlvInfoSize = 4;
inline constexpr std::uint32_t kTlvHeadSize = 4;

inline constexpr std::uint16_t kTlvKeyId = 0x0001;
inline constexpr std::uint16_t kTlvSha256 = 0x0010;
inline constexpr std::uint16_t kTlvEd25519 = 0x0024;
inline constexpr std::uint16_t kKeyIdSize = 8;
inline constexpr std::uint16_t kSha256Size = 32;
inline constexpr std::uint16_t kSignatureSize = 64;

// Codes are stored in status records and shown on the console: never renumber.
enum class Reason : std::uint8_t {
    ok = 0,
    bad_magic = 1,
    bad_header_size = 2,
    unsupported_format = 3,
    empty_image = 4,
    image_too_large = 5,
    bad_load_address = 6,
    bad_flags = 7,
    reserved_not_zero = 8,
    bad_tlv_magic = 9,
    tlv_area_out_of_bounds = 10,
    tlv_entry_out_of_bounds = 11,
    unknown_tlv = 12,
    duplicate_tlv = 13,
    bad_tlv_length = 14,
    missing_hash = 15,
    missing_key_id = 16,
    missing_signature = 17,
    hash_mismatch = 18,
    unknown_key = 19,
    bad_signature = 20,
    rollback = 21,
    flash_error = 22,
    truncated = 23,  // fewer bytes were downloaded than the image says it has
};

// A short, stable, lower-case name ("bad_signature").
const char* reason_name(Reason reason);

struct Version {
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
    std::uint16_t patch = 0;
    std::uint32_t build = 0;
};

struct Header {
    std::uint32_t magic = 0;
    std::uint16_t header_size = 0;
    std::uint16_t format = 0;
    std::uint32_t load_address = 0;
    std::uint32_t image_size = 0;
    Version version;
    std::uint32_t security_counter = 0;
    std::uint32_t flags = 0;
};

// Decodes the fixed fields (little-endian) of `raw`, kHeaderSize bytes. No checks.
Header decode_header(const std::uint8_t* raw);

inline std::uint16_t load_le16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
inline std::uint32_t load_le32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

}  // namespace fw::image
