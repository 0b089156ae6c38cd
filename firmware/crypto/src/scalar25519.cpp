#include "scalar25519.hpp"

namespace fw::crypto::detail {
namespace {

// L as eight little-endian 32-bit words.
constexpr std::uint32_t kOrder[8] = {0x5cf5d3ed, 0x5812631a, 0xa2f79cd6, 0x14def9de,
                                     0x00000000, 0x00000000, 0x00000000, 0x10000000};

// a ≥ b on eight-word numbers.
bool at_least(const std::uint32_t (&a)[8], const std::uint32_t (&b)[8]) {
    for (int i = 7; i >= 0; --i) {
        if (a[i] != b[i]) {
            return a[i] > b[i];
        }
    }
    return true;
}

void subtract_order(std::uint32_t (&a)[8]) {
    std::uint64_t borrow = 0;
    for (int i = 0; i < 8; ++i) {
        const std::uint64_t d = std::uint64_t{a[i]} - kOrder[i] - borrow;
        a[i] = static_cast<std::uint32_t>(d);
        borrow = (d >> 63) & 1;
    }
}

}  // namespace

bool scalar_is_canonical(const std::uint8_t s[32]) {
    std::uint32_t w[8];
    for (int i = 0; i < 8; ++i) {
        w[i] = std::uint32_t{s[4 * i]} | std::uint32_t{s[4 * i + 1]} << 8 |
               std::uint32_t{s[4 * i + 2]} << 16 | std::uint32_t{s[4 * i + 3]} << 24;
    }
    return !at_least(w, kOrder);
}

// Binary long division, one bit of the input at a time from the top: the
// remainder stays below L < 2^253, so doubling it never overflows 256 bits.
// A few thousand word operations once per signature: simplicity wins here.
void scalar_reduce(std::uint8_t out[32], const std::uint8_t in[64]) {
    std::uint32_t r[8] = {};
    for (int bit = 511; bit >= 0; --bit) {
        for (int i = 7; i > 0; --i) {
            r[i] = (r[i] << 1) | (r[i - 1] >> 31);
        }
        r[0] = (r[0] << 1) | ((in[bit / 8] >> (bit % 8)) & 1U);
        if (at_least(r, kOrder)) {
            subtract_order(r);
        }
    }
    for (int i = 0; i < 32; ++i) {
        out[i] = static_cast<std::uint8_t>(r[i / 4] >> (8 * (i % 4)));
    }
}

}  // namespace fw::crypto::detail
