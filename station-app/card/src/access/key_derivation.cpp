#include "station/card/access/key_derivation.hpp"

#include <bit>

namespace station::card::access {

void set_des_parity(hal::Bytes& key) {
  for (auto& byte : key) {
    const auto high_bits = static_cast<std::uint8_t>(byte & 0xFE);
    byte = static_cast<std::uint8_t>(high_bits | ((std::popcount(high_bits) % 2 == 0) ? 1 : 0));
  }
}

hal::Result<hal::Bytes> derive_key(BlockCipher cipher, hal::ByteView secret, KeyPurpose purpose) {
  hal::Bytes input(secret.begin(), secret.end());
  const auto counter = static_cast<std::uint32_t>(purpose);
  for (int shift = 24; shift >= 0; shift -= 8) input.push_back(static_cast<std::uint8_t>(counter >> shift));
  auto hash = sha1(input);
  if (!hash) return hash.error();
  hal::Bytes key(hash->begin(), hash->begin() + kKeySize);
  if (cipher == BlockCipher::kTdes) set_des_parity(key);
  return key;
}

}  // namespace station::card::access
