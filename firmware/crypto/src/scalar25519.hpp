// Scalars modulo the group order L = 2^252 + 27742317777372353535851937790883648493.
#pragma once

#include <cstdint>

namespace fw::crypto::detail {

// S < L, the check RFC 8032 §5.1.7 asks for before anything else.
bool scalar_is_canonical(const std::uint8_t s[32]);
// out = in mod L, for the 512-bit little-endian SHA-512 output.
void scalar_reduce(std::uint8_t out[32], const std::uint8_t in[64]);

}  // namespace fw::crypto::detail
