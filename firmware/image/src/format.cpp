#include "fw/image/format.hpp"

namespace fw::image {

Header decode_header(const std::uint8_t* raw) {
    Header h;
    h.magic = load_le32(raw + 0x00);
    h.header_size = load_le16(raw + 0x04);
    h.format = load_le16(raw + 0x06);
    h.load_address = load_le32(raw + 0x08);
    h.image_size = load_le32(raw + 0x0C);
    h.version.major = raw[0x10];
    h.version.minor = raw[0x11];
    h.version.patch = load_le16(raw + 0x12);
    h.version.build = load_le32(raw + 0x14);
    h.security_counter = load_le32(raw + 0x18);
    h.flags = load_le32(raw + 0x1C);
    return h;
}

const char* reason_name(Reason reason) {
    switch (reason) {
        case Reason::ok: return "ok";
        case Reason::bad_magic: return "bad_magic";
        case Reason::bad_header_size: return "bad_header_size";
        case Reason::unsupported_format: return "unsupported_format";
        case Reason::empty_image: return "empty_image";
        case Reason::image_too_large: return "image_too_large";
        case Reason::bad_load_address: return "bad_load_address";
        case Reason::bad_flags: return "bad_flags";
        case Reason::reserved_not_zero: return "reserved_not_zero";
        case Reason::bad_tlv_magic: return "bad_tlv_magic";
        case Reason::tlv_area_out_of_bounds: return "tlv_area_out_of_bounds";
        case Reason::tlv_entry_out_of_bounds: return "tlv_entry_out_of_bounds";
        case Reason::unknown_tlv: return "unknown_tlv";
        case Reason::duplicate_tlv: return "duplicate_tlv";
        case Reason::bad_tlv_length: return "bad_tlv_length";
        case Reason::missing_hash: return "missing_hash";
        case Reason::missing_key_id: return "missing_key_id";
        case Reason::missing_signature: return "missing_signature";
        case Reason::hash_mismatch: return "hash_mismatch";
        case Reason::unknown_key: return "unknown_key";
        case Reason::bad_signature: return "bad_signature";
        case Reason::rollback: return "rollback";
        case Reason::flash_error: return "flash_error";
        case Reason::truncated: return "truncated";
    }
    return "unknown_reason";
}

}  // namespace fw::image
