// Arithmetic modulo p = 2^255 - 19 for Ed25519 verification.
//
// An element is ten signed limbs in radix 2^25.5: limb i weighs 2^ceil(25.5 i),
// so even limbs hold 26 bits and odd limbs 25. Products then need only the
// factors 2 (two odd limbs) and 19 (2^255 = 19 mod p), and fit in 64 bits,
// which Cortex-M3 multiplies with one UMULL/SMLAL. Verification handles only
// public data, so nothing here tries to be constant-time.
#pragma once

#include <cstdint>

namespace fw::crypto::detail {

struct Fe {
    std::int32_t limb[10];
};

// Limbs of a carried element (the result of mul, sq, carry, from_bytes)
// stay within about ±2^25. fe_mul(f, g) stays inside 64 bits when f is a sum or
// difference of at most seven carried elements and g of at most three;
// callers carry where a formula would go beyond.
Fe fe_zero();
Fe fe_one();
Fe fe_add(const Fe& f, const Fe& g);
Fe fe_sub(const Fe& f, const Fe& g);
Fe fe_neg(const Fe& f);
Fe fe_carry(const Fe& f);
Fe fe_mul(const Fe& f, const Fe& g);
Fe fe_sq(const Fe& f);
Fe fe_invert(const Fe& z);
// z^((p-5)/8), the core of the square root in RFC 8032 §5.1.3.
Fe fe_pow22523(const Fe& z);

// Reads 255 bits (the top bit of byte 31 is ignored); the value may be ≥ p.
Fe fe_from_bytes(const std::uint8_t s[32]);
// Writes the canonical (fully reduced) little-endian encoding.
void fe_to_bytes(std::uint8_t s[32], const Fe& f);
bool fe_is_zero(const Fe& f);
// The least significant bit of the canonical value ("negative" in RFC 8032).
bool fe_is_odd(const Fe& f);
bool fe_equal(const Fe& f, const Fe& g);

}  // namespace fw::crypto::detail
