// The fixed layouts hashed, signed and bound as associated data (README.md):
// big-endian integers and length-prefixed text.
#pragma once

#include <cstdint>
#include <string_view>

#include "hal/bytes.hpp"

namespace station::store {

inline void put_u32(hal::Bytes& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
}

inline void put_u64(hal::Bytes& out, std::uint64_t value) {
  put_u32(out, static_cast<std::uint32_t>(value >> 32));
  put_u32(out, static_cast<std::uint32_t>(value));
}

// u32 length || the bytes.
inline void put_text(hal::Bytes& out, std::string_view text) {
  put_u32(out, static_cast<std::uint32_t>(text.size()));
  out.insert(out.end(), text.begin(), text.end());
}

}  // namespace station::store
