// The primitives ICAO Doc 9303 part 11 builds on, done by OpenSSL: SHA-1 and
// SHA-256, two-key 3DES and AES-128 in CBC mode, ISO/IEC 9797-1 MAC
// algorithm 3 (the "retail MAC") and AES-CMAC, padding method 2, and random
// bytes. Reader and simulated card share them; both are checked against the
// worked examples of part 11's appendices.
#pragma once

#include <cstddef>
#include <functional>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::card::access {

hal::Result<hal::Bytes> sha1(hal::ByteView data);
hal::Result<hal::Bytes> sha256(hal::ByteView data);

// The two block ciphers of eMRTD secure messaging: 3DES with a 16-byte key
// (K1 K2 K1), used by BAC, and AES with a 16-byte key, used by our PACE suite.
enum class BlockCipher { kTdes, kAes128 };

std::size_t block_size(BlockCipher cipher);  // 8 or 16
inline constexpr std::size_t kKeySize = 16;  // both ciphers, as used here

// CBC without padding. Errors: kInvalidArgument (key not 16 bytes, IV not one
// block, data not whole blocks), kInternal (OpenSSL failed).
hal::Result<hal::Bytes> cbc_encrypt(BlockCipher cipher, hal::ByteView key, hal::ByteView iv, hal::ByteView data);
hal::Result<hal::Bytes> cbc_decrypt(BlockCipher cipher, hal::ByteView key, hal::ByteView iv, hal::ByteView data);

// ISO/IEC 9797-1 MAC algorithm 3 with DES: CBC-MAC under K1, the last block
// finished with decrypt-K2, encrypt-K1. `padded` must be whole 8-byte blocks
// (pad first). Returns 8 bytes. Errors: kInvalidArgument, kInternal.
hal::Result<hal::Bytes> retail_mac(hal::ByteView key, hal::ByteView padded);

// NIST SP 800-38B CMAC with AES-128; returns all 16 bytes (secure messaging
// keeps the first 8). Errors: kInvalidArgument, kInternal.
hal::Result<hal::Bytes> aes_cmac(hal::ByteView key, hal::ByteView data);

// ISO/IEC 9797-1 padding method 2: 80, then 00 up to a whole block; a whole
// block of padding when the data already fills one.
hal::Bytes pad(hal::ByteView data, std::size_t block);
// Removes it. Errors: kProtocol (empty, not whole blocks, or no 80 marker
// before the trailing zeros within the last block).
hal::Result<hal::Bytes> unpad(hal::ByteView data, std::size_t block);

// Compares without leaking where the first difference is.
bool equal_secret(hal::ByteView a, hal::ByteView b);

// Where nonces, challenges and ephemeral keys come from: OpenSSL's CSPRNG in
// use, fixed values when a test replays a worked example.
using RandomSource = std::function<hal::Result<hal::Bytes>(std::size_t count)>;
// Errors from the source: kInternal (the CSPRNG failed).
RandomSource system_random();

}  // namespace station::card::access
