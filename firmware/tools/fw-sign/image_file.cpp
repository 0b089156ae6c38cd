#include "image_file.hpp"

#include <charconv>

#include "fw/crypto/sha256.hpp"
#include "fw/image/format.hpp"
#include "fw/image/verify.hpp"
#include "fw/platform/layout.hpp"

namespace fw_sign {
namespace {

namespace image = fw::image;
namespace layout = fw::platform::layout;

constexpr std::uint32_t kTrailerSize = image::kTlvInfoSize + (image::kTlvHeadSize + image::kSha256Size) +
                                       (image::kTlvHeadSize + image::kKeyIdSize) +
                                       (image::kTlvHeadSize + image::kSignatureSize);

void put_le(Bytes& out, std::size_t offset, std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) {
        out[offset + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value >> (8 * i));
    }
}

void append_le16(Bytes& out, std::uint16_t value) {
    out.push_back(static_cast<std::uint8_t>(value));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
}

void append_tlv(Bytes& out, std::uint16_t type, const std::uint8_t* value, std::uint16_t length) {
    append_le16(out, type);
    append_le16(out, length);
    out.insert(out.end(), value, value + length);
}

// One decimal number of the version, whole and within `max`.
bool parse_part(const std::string& text, std::uint64_t max, std::uint64_t& out) {
    if (text.empty() || text.size() > 10) {
        return false;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size() && out <= max;
}

}  // namespace

Outcome<ImageFields> parse_version(const std::string& text, ImageFields fields) {
    const Error bad{"--version '" + text +
                    "' is not X.Y.Z+B (major and minor 0-255, patch 0-65535, build 0-4294967295), e.g. 1.4.2+37"};
    const std::size_t dot1 = text.find('.');
    const std::size_t dot2 = dot1 == std::string::npos ? dot1 : text.find('.', dot1 + 1);
    const std::size_t plus = dot2 == std::string::npos ? dot2 : text.find('+', dot2 + 1);
    if (plus == std::string::npos) {
        return bad;
    }
    std::uint64_t major = 0, minor = 0, patch = 0, build = 0;
    if (!parse_part(text.substr(0, dot1), 255, major) ||
        !parse_part(text.substr(dot1 + 1, dot2 - dot1 - 1), 255, minor) ||
        !parse_part(text.substr(dot2 + 1, plus - dot2 - 1), 65535, patch) ||
        !parse_part(text.substr(plus + 1), 0xFFFFFFFF, build)) {
        return bad;
    }
    fields.version.major = static_cast<std::uint8_t>(major);
    fields.version.minor = static_cast<std::uint8_t>(minor);
    fields.version.patch = static_cast<std::uint16_t>(patch);
    fields.version.build = static_cast<std::uint32_t>(build);
    return fields;
}

Outcome<Bytes> signed_part(const ImageFields& fields, const Bytes& payload) {
    if (payload.empty()) {
        return Error{"the payload is empty: an image must carry at least one byte"};
    }
    const std::uint64_t total = std::uint64_t{image::kHeaderSize} + payload.size() + kTrailerSize;
    if (total > layout::kSlotCapacity) {
        return Error{"the payload is " + std::to_string(payload.size()) + " bytes; with header and trailer (" +
                     std::to_string(image::kHeaderSize + kTrailerSize) + " bytes) an image may use at most " +
                     std::to_string(layout::kSlotCapacity) + " bytes of a slot"};
    }
    const std::uint64_t window_end = std::uint64_t{layout::kLoadWindowStart} + layout::kLoadWindowSize;
    if (fields.load_address < layout::kLoadWindowStart || fields.load_address + payload.size() > window_end) {
        return Error{"--load-address with this payload leaves the load window 0x20010000-0x2008FFFF "
                     "(firmware/IMAGE.md §2): the bootloader would refuse it as bad_load_address"};
    }
    Bytes out(image::kHeaderSize, 0);  // reserved bytes stay zero, as the format demands
    put_le(out, 0x00, image::kMagic, 4);
    put_le(out, 0x04, image::kHeaderSize, 2);
    put_le(out, 0x06, image::kFormat, 2);
    put_le(out, 0x08, fields.load_address, 4);
    put_le(out, 0x0C, payload.size(), 4);
    out[0x10] = fields.version.major;
    out[0x11] = fields.version.minor;
    put_le(out, 0x12, fields.version.patch, 2);
    put_le(out, 0x14, fields.version.build, 4);
    put_le(out, 0x18, fields.security_counter, 4);
    put_le(out, 0x1C, 0, 4);  // flags: none defined in format 1
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
}

Bytes complete_image(const Bytes& signed_part, const PublicKey& public_key, const Signature& signature) {
    std::uint8_t digest[32];
    fw::crypto::sha256(signed_part.data(), signed_part.size(), digest);
    image::PublicKey key{};
    std::copy(public_key.begin(), public_key.end(), key.bytes);
    std::uint8_t key_id[image::kKeyIdSize];
    image::key_id_of(key, key_id);

    Bytes out = signed_part;
    append_le16(out, image::kTlvMagic);
    append_le16(out, static_cast<std::uint16_t>(kTrailerSize));
    append_tlv(out, image::kTlvSha256, digest, image::kSha256Size);
    append_tlv(out, image::kTlvKeyId, key_id, image::kKeyIdSize);
    append_tlv(out, image::kTlvEd25519, signature.data(), image::kSignatureSize);
    return out;
}

}  // namespace fw_sign
