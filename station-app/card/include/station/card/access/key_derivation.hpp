// ICAO Doc 9303 part 11 section 9.7.1: keys from a shared secret, and the
// DES parity bits.
#pragma once

#include <cstdint>

#include "station/card/access/primitives.hpp"

namespace station::card::access {

// The 32-bit counter appended to the secret before hashing.
enum class KeyPurpose : std::uint32_t {
  kEncryption = 1,  // K_enc
  kMac = 2,         // K_mac
  kPassword = 3,    // K_pi, PACE's nonce key
};

// SHA-1(secret || counter), first 16 bytes; for 3DES with the parity bit of
// every byte set to odd, as the standard's worked examples print them.
// Errors: kInternal.
hal::Result<hal::Bytes> derive_key(BlockCipher cipher, hal::ByteView secret, KeyPurpose purpose);

// Sets the low bit of each byte so it has an odd number of ones (DES ignores
// that bit; ICAO quotes keys with it adjusted).
void set_des_parity(hal::Bytes& key);

}  // namespace station::card::access
