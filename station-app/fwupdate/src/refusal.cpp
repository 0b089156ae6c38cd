#include "station/fwupdate/refusal.hpp"

#include <array>

namespace station::fwupdate {

std::string refusal_name(std::uint32_t code) {
  static constexpr std::array<const char*, 24> kNames{
      "none",           "bad_magic",         "bad_header_size",         "unsupported_format",
      "empty_image",    "image_too_large",   "bad_load_address",        "bad_flags",
      "reserved_not_zero", "bad_tlv_magic",  "tlv_area_out_of_bounds",  "tlv_entry_out_of_bounds",
      "unknown_tlv",    "duplicate_tlv",     "bad_tlv_length",          "missing_hash",
      "missing_key_id", "missing_signature", "hash_mismatch",           "unknown_key",
      "bad_signature",  "rollback",          "flash_error",             "truncated"};
  return code < kNames.size() ? kNames[code] : "code " + std::to_string(code);
}

}  // namespace station::fwupdate
