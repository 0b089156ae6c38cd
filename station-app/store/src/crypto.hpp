// The store's own cryptography over OpenSSL: data keys that wipe themselves,
// AES-256-GCM records, RSA-OAEP wrapping to a public key and signature
// checks (SHA-256 and the OpenSSL handles are cms's). Private-key operations
// go through hal::KeyStore instead.
#pragma once

#include <string>
#include <string_view>

#include "hal/bytes.hpp"
#include "hal/key_store.hpp"
#include "hal/result.hpp"
#include "station/cms/digests.hpp"
#include "station/cms/openssl.hpp"

namespace station::store {

// Overwrites `bytes` with zeros in a way the compiler cannot drop.
void wipe(hal::Bytes& bytes);

// A 256-bit AES key that is wiped when it goes.
class DataKey {
 public:
  static constexpr std::size_t kSize = 32;
  // kInternal when the random generator fails.
  static hal::Result<DataKey> generate();
  // Takes (and wipes) `raw`; kCorrupt unless it holds kSize bytes.
  static hal::Result<DataKey> adopt(hal::Bytes& raw);

  DataKey(DataKey&& other) noexcept;
  DataKey& operator=(DataKey&& other) noexcept;
  DataKey(const DataKey&) = delete;
  DataKey& operator=(const DataKey&) = delete;
  ~DataKey();

  hal::ByteView bytes() const { return key_; }

 private:
  DataKey() : key_(kSize) {}
  hal::Bytes key_;
};

hal::Result<hal::Bytes> random_bytes(std::size_t count);
// The one SHA-256 of station-app (station_cms).
using cms::sha256;

inline constexpr std::size_t kGcmNonceSize = 12;
inline constexpr std::size_t kGcmTagSize = 16;

// nonce (12, random) || ciphertext || tag (16).
hal::Result<hal::Bytes> aes_gcm_seal(const DataKey& key, hal::ByteView aad, hal::ByteView plaintext);
// kCorrupt when the tag does not verify: the bytes, the AAD or the key differ
// from what was sealed.
hal::Result<hal::Bytes> aes_gcm_open(const DataKey& key, hal::ByteView aad, hal::ByteView sealed);

// An RSA public key that data keys are wrapped to (RSAES-OAEP, SHA-256,
// MGF1-SHA-256: what hal::KeyStore::decrypt undoes).
class WrapKey {
 public:
  // kUnsupported when the key is not RSA, kCorrupt when `spki` does not parse.
  static hal::Result<WrapKey> from_spki(hal::ByteView spki, std::string_view key_id);
  hal::Result<hal::Bytes> wrap(const DataKey& key) const;

 private:
  explicit WrapKey(EVP_PKEY* key) : key_(key) {}
  cms::ossl::Pkey key_;
};

// Whether `signature` over `message` verifies with the public key `spki`
// (ECDSA P-256 with SHA-256, DER signature). kCorrupt when `spki` does not parse.
hal::Result<bool> ecdsa_signature_valid(hal::ByteView spki, hal::ByteView message, hal::ByteView signature);

// A random (version 4) UUID in lower-case text.
hal::Result<std::string> new_uuid();

}  // namespace station::store
